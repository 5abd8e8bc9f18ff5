"""Programme tables whose rows are tab-separated lines (施策一覧, 主な予算 lists of a ministry).

One record per programme a row names (a cell 「A事業/B事業」 names two). Columns are found by
header name, so a 所管部局 table and a 所管省庁 table share one reader, and a budget table
(予算(項目) … R8予算) is read with the same code; its fiscal year and 当初/補正 come from the
header cell and the table title (「…主な予算(R8年度当初予算)」). The tables the PDF, Word and HTML
loaders give whole (事業名 / 予算額 / 補助率 / 上限 / 補助対象 …) are read the same way: a unit in a
header cell such as 「予算額（百万円）」 goes into the record's notes, since the cells hold bare numbers.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.text.normalize import nfkc

from .make import programme_record, span
from .models import Budget, Cap, ProgrammeRecord, Rate
from .programme_common import (
    AMOUNT,
    RATE_RE,
    budget_from_amount,
    budgets_from_years,
    covered_from_summary,
    parse_eligible,
    split_names,
    split_terms,
    strip_ministry,
)
from .programme_fields import terms_of

# Header cell (NFKC) -> role.
_ROLES = {
    "補助金等の名称": "name",
    "予算(項目)": "name",
    "事業名": "name",
    "制度名": "name",
    "所管部局": "ministry",
    "所管省庁": "ministry",
    "担当部局": "ministry",
    "概要等": "summary",
    "概要": "summary",
    "内容": "summary",
    "事業概要": "summary",
    "支援対象": "eligible",
    "主な対象者": "eligible",
    "対象者": "eligible",
    "補助対象者": "eligible",
    "補助率等": "rates",
    "補助率": "rates",
    "予算年度": "budget_year",
    "主な分野": "field",
    "分野": "field",
    # Headers of tables the PDF, Word and HTML loaders give whole.
    "事業・制度名": "name",
    "補助事業名": "name",
    "支援制度": "name",
    "予算額": "budget",
    "上限": "caps",
    "上限額": "caps",
    "補助上限": "caps",
    "補助上限額": "caps",
    "補助対象": "eligible",
    "補助対象経費": "covered",
    "対象経費": "covered",
    "要件": "conditions",
    "所管": "ministry",
    "施策名": "name",
    "対象": "eligible",
    "支援対象者": "eligible",
    "補助率・上限": "terms",
    "補助率・上限額": "terms",
    "補助率・補助上限額": "terms",
}
_UNIT = re.compile(r"[(（]\s*((?:百万|千|億|万)?円)\s*[)）]")
_NONE = {"", "-", "—", "－", "―"}
_BARE_ACT = re.compile(r"を(?:行う|実施)[。.]?$")
_TITLE_BUDGET = re.compile(r"(?P<year>R\s*\d+|令和\s*\d+\s*(?:年度)?)\s*(?:年度)?\s*(?P<kind>当初|補正)(?:予算|[）)])")
_CAP = re.compile(rf"(?:上限(?:総額|額)?\s*)?{AMOUNT}")  # a cap cell's amount, 上限 or not


def _roles(header: str) -> dict[str, int] | None:
    cells = [nfkc(c).strip() for c in header.split("\t")]
    roles: dict[str, int] = {}
    for i, c in enumerate(cells):
        bare = re.sub(r"\s+", "", re.sub(r"[(（][^)）]*[)）]", "", c))  # 「予算額（百万円）」 reads as 予算額
        if c in _ROLES:
            roles[_ROLES[c]] = i
        elif re.fullmatch(r"(?:R|令和)\d+(?:年度)?予算(?:額)?", c):
            roles["budget"] = i
        elif bare in _ROLES and _ROLES[bare] not in roles:
            roles[_ROLES[bare]] = i
    return roles if "name" in roles and len(cells) >= 4 else None


def _table_budget(lines: list[str], h: int, header_cell: str) -> tuple[str | None, str | None]:
    """Fiscal year and 当初/補正 of a budget column: from its header (R8予算) and the title above."""
    year_m = re.match(r"(R\d+|令和\d+年度)", nfkc(header_cell).replace(" ", ""))
    year = year_m.group(1) if year_m else None
    kind = None
    for j in range(h - 1, max(-1, h - 4), -1):
        m = _TITLE_BUDGET.search(nfkc(lines[j]))
        if m:
            kind = m["kind"]
            year = year or m["year"].replace(" ", "")
            break
    return year, kind


def extract_programme_tables(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """One ProgrammeRecord per programme named in a row of a tab-separated programme table."""
    records: list[ProgrammeRecord] = []
    for h, header in enumerate(lines):
        if "\t" not in header:
            continue
        roles = _roles(header)
        if roles is None:
            continue
        head_cells = header.split("\t")
        year, kind = _table_budget(lines, h, head_cells[roles["budget"]]) if "budget" in roles else (None, None)
        unit = _UNIT.search(nfkc(head_cells[roles["budget"]])) if "budget" in roles else None
        rows: list[int] = []
        for i in range(h + 1, len(lines)):
            if "\t" not in lines[i]:
                break
            rows.append(i)
        footnotes = _footnotes(lines, rows[-1] + 1 if rows else h + 1)
        field = ""
        for i in rows:
            row = _Row(lines[i].split("\t") + [""] * len(head_cells), roles)
            field = row.get("field") or field  # a blank 分野 cell continues the one above
            cell = row.get("name")
            if not cell:
                continue
            found = _row_records(doc_id, lines, i + 1, row, cell, field, footnotes, year, kind)
            if unit and row.get("budget"):
                found = [replace(r, notes=(*r.notes, f"予算額の単位: {unit.group(1)}")) for r in found]
            if "budget" in roles:  # the budget's year is the column header's: the header is a source too
                header_span = span(doc_id, lines, h + 1, h + 1)
                found = [replace(r, sources=(*r.sources, header_span)) for r in found]
            records.extend(found)
    return records


def _row_records(doc_id, lines, n, row, cell, field, footnotes, year, kind) -> list[ProgrammeRecord]:
    notes = [f"分野: {field}"] if field else []
    budgets: list[Budget] = budgets_from_years(row.get("budget_year")) if row.get("budget_year") else []
    amount = row.get("budget")
    said: list[tuple[int, str]] = []  # the ※ footnotes a budget cell points to
    if amount and amount not in _NONE:
        if amount.endswith("※"):
            amount = amount.rstrip("※").strip()
            said = [(i, f) for i, f in footnotes if _mentions(f, cell)]
        budget = budget_from_amount(amount, year, kind)
        if budget is not None and said:
            # 「※…R7補正予算にて予算措置」: the footnote names the budget it really comes from
            m = _TITLE_BUDGET.search(nfkc(said[0][1]))
            year_kind = (m["year"].replace(" ", ""), m["kind"]) if m else (budget.fiscal_year, budget.kind)
            budget = Budget(budget.amount, *year_kind, said[0][1])
        if budget is not None:
            budgets.append(budget)
    eligible, conditions = parse_eligible(row.get("eligible"))
    if row.get("conditions") not in _NONE:
        conditions.append(row.get("conditions"))
    summary = row.get("summary")
    # a summary cell ending without 「もの」 「…の派遣を行う。」「…調査・分析を実施。」 reads as its neighbours do
    covered = covered_from_summary(_BARE_ACT.sub("を行うもの。", summary)) if summary not in _NONE else []
    if row.get("covered") not in _NONE:
        covered.append(row.get("covered"))
    if summary and not covered:
        conditions.append(summary)  # 「要件の一つとして…を追加」: a term, not a cost
    rates = row.get("rates")
    # a 「補助率・上限」 cell: 「1/2以内（上限500万円）」, each value with the condition its bracket names
    term_rates, term_caps = terms_of(row.get("terms")) if row.get("terms") not in _NONE else ([], [])
    head = re.split(r"\s+[・･]\s*", cell.strip())
    if len(head) > 1:
        notes.append("内訳: " + "、".join(head[1:]))
    names = split_names(cell)
    out = []
    footnote_spans = tuple(span(doc_id, lines, i + 1, i + 1) for i, _ in said)
    for written in names:
        name, in_name = strip_ministry(written)
        out.append(
            programme_record(
                doc_id,
                lines,
                n,
                n,
                name=name,
                variants=[written, cell.strip()] if len(names) > 1 or written != name else [],
                ministry=row.get("ministry") or in_name or _owner(said, name),
                budgets=budgets,
                rates=[*([] if rates in _NONE else [Rate(r, c) for r, c in split_terms(rates, RATE_RE)]), *term_rates],
                caps=[
                    *([] if row.get("caps") in _NONE else [Cap(v, c) for v, c in split_terms(row.get("caps"), _CAP)]),
                    *term_caps,
                ],
                eligible=eligible,
                covered_costs=covered,
                conditions=conditions,
                summary=summary or None,
                notes=notes,
            )
        )
    if len(head) > 1 and len(out) == 1:
        out += _breakdown(doc_id, lines, n, out[0], head[1:])
    return [replace(r, sources=(*r.sources, *footnote_spans)) for r in out]


def _breakdown(
    doc_id: str, lines: list[str], n: int, parent: ProgrammeRecord, items: list[str]
) -> list[ProgrammeRecord]:
    """The sub-programmes a name cell lists after its programme 「X(農水省) ・ A対策 ・ B対策」: each a programme of its
    own, run by the same ministry for the same applicants, its budget a share (内数) of the row's; the row's summary
    speaks of the whole, so it is not their covered costs."""
    budgets = [b if b.is_share or b.amount is None else replace(b, note=f"{b.amount}の内数") for b in parent.budgets]
    return [
        programme_record(
            doc_id,
            lines,
            n,
            n,
            name=item.strip(),
            ministry=parent.ministry,
            budgets=budgets,
            eligible=parent.eligible,
            notes=[f"内訳: {parent.name}"],
        )
        for item in items
        if item.strip()
    ]


class _Row:
    """Cells of one table row, looked up by role (name, rates, …); a missing column reads as ""."""

    def __init__(self, cells: list[str], roles: dict[str, int]) -> None:
        self.cells, self.roles = cells, roles

    def get(self, role: str) -> str:
        return self.cells[self.roles[role]].strip() if role in self.roles else ""


def _footnotes(lines: list[str], start: int) -> list[tuple[int, str]]:
    """(0-based line, text) of the ※ lines just under a table (they explain cells marked ※)."""
    return [(i, lines[i].strip()) for i in range(start, min(len(lines), start + 4)) if lines[i].strip().startswith("※")]


def _owner(footnotes: list[tuple[int, str]], name: str) -> str | None:
    """The ministry a footnote about the row names as the programme's own: 「※観光庁の「X」は、R7補正予算にて…」."""
    core = re.escape(re.sub(r"[（(][^）)]*[）)]", "", name).strip("「」 "))
    for _, note in footnotes:
        m = re.search(rf"(?P<org>[\u4e00-\u9fff]{{1,12}}(?:省|庁|府|局))の「?{core}", note)
        if m:
            return m["org"]
    return None


def _mentions(footnote: str, name: str) -> bool:
    core = re.sub(r"[（(][^）)]*[）)]", "", name).strip("「」 ")
    return bool(core) and core in footnote
