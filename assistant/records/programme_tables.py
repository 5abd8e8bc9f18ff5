"""Tab-separated programme tables (000: 地域生活圏関連施策一覧, 二地域居住促進のための主な予算).

One record per row. Columns are found by header name, so the 国交省 table
(所管部局) and the 他省庁 tables (所管省庁) share one reader, and the budget
table (予算(項目) … R8予算) is read with the same code, as are the tables the PDF, Word and HTML
loaders give whole (事業名 / 予算額 / 補助率 / 上限 / 補助対象 …): a unit in a header cell such as
「予算額（百万円）」 goes into the record's notes, since the cells hold bare numbers.
"""

from __future__ import annotations

import re

from assistant.text.normalize import nfkc

from .models import ProgrammeRecord
from .programme_common import ministry_in_name, parse_eligible
from .text import dedupe, normalise_budget_years, record_id, source_text

# Header cell (NFKC) -> role.
_ROLES = {
    "補助金等の名称": "name",
    "予算(項目)": "name",
    "所管部局": "ministry",
    "所管省庁": "ministry",
    "概要等": "coverage",
    "内容": "coverage",
    "支援対象": "eligible",
    "主な対象者": "eligible",
    "補助率等": "rates",
    "予算年度": "budget_year",
    "主な分野": "field",
    "分野": "field",
    # Headers of tables the PDF, Word and HTML loaders give whole.
    "事業名": "name",
    "事業・制度名": "name",
    "制度名": "name",
    "補助事業名": "name",
    "支援制度": "name",
    "予算額": "budget",
    "補助率": "rates",
    "上限": "caps",
    "上限額": "caps",
    "補助上限": "caps",
    "補助上限額": "caps",
    "補助対象": "eligible",
    "補助対象者": "eligible",
    "対象者": "eligible",
    "補助対象経費": "coverage",
    "対象経費": "coverage",
    "要件": "conditions",
    "所管": "ministry",
}
_UNIT = re.compile(r"[(（]\s*((?:百万|千|億|万)?円)\s*[)）]")
_NONE = {"", "-", "—", "－", "―"}


def _roles(header: str) -> dict[str, int] | None:
    cells = [nfkc(c).strip() for c in header.split("\t")]
    roles: dict[str, int] = {}
    for i, c in enumerate(cells):
        bare = re.sub(r"\s+", "", re.sub(r"[(（][^)）]*[)）]", "", c))
        if c in _ROLES:
            roles[_ROLES[c]] = i
        elif bare in _ROLES and _ROLES[bare] not in roles:
            roles[_ROLES[bare]] = i
        elif re.fullmatch(r"R\d+予算", c):
            roles["budget"] = i
            roles["budget_header"] = i
    return roles if "name" in roles and len(cells) >= 4 else None


def extract_programme_tables(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """One ProgrammeRecord per row of every tab-separated programme table."""
    records: list[ProgrammeRecord] = []
    for h, header in enumerate(lines):
        if "\t" not in header:
            continue
        roles = _roles(header)
        if roles is None:
            continue
        head_cells = header.split("\t")
        unit = _UNIT.search(nfkc(head_cells[roles["budget"]])) if "budget" in roles else None
        table_year = None
        if "budget_header" in roles:
            table_year = normalise_budget_years(head_cells[roles["budget_header"]].replace("予算", ""))
        rows: list[int] = []
        for i in range(h + 1, len(lines)):
            if "\t" not in lines[i]:
                break
            rows.append(i)
        footnotes = _footnotes(lines, rows[-1] + 1 if rows else h + 1)
        field = ""
        for i in rows:
            row = _Row(lines[i].split("\t") + [""] * len(head_cells), roles)
            get = row.get
            field = get("field") or field  # a blank 分野 cell continues the one above
            name = get("name")
            if not name:
                continue
            notes = [f"分野: {field}"] if field else []
            if unit and get("budget"):
                notes.append(f"予算額の単位: {unit.group(1)}")
            budget = get("budget") or None
            if budget and budget.endswith("※"):
                budget = budget.rstrip("※").strip()
                notes.extend(f for f in footnotes if _mentions(f, name))
            eligible, conditions = parse_eligible(get("eligible"))
            if get("conditions") not in _NONE:
                conditions.append(get("conditions"))
            rates = get("rates")
            cap = get("caps")
            year_cell = get("budget_year")
            n = i + 1
            records.append(
                ProgrammeRecord(
                    record_id=record_id(doc_id, name, n),
                    doc=doc_id,
                    name=name,
                    budget=budget,
                    budget_year=normalise_budget_years(year_cell) if year_cell else table_year,
                    rates=() if rates in _NONE else (rates,),
                    caps=() if cap in _NONE else (cap,),
                    eligible=tuple(eligible),
                    coverage=() if get("coverage") in _NONE else (get("coverage"),),
                    conditions=tuple(conditions),
                    ministry=get("ministry") or ministry_in_name(name),
                    line_start=n,
                    line_end=n,
                    source_text=source_text(lines, n, n),
                    notes=dedupe(notes),
                )
            )
    return records


class _Row:
    """Cells of one table row, looked up by role (name, rates, …); a missing column reads as ""."""

    def __init__(self, cells: list[str], roles: dict[str, int]) -> None:
        self.cells, self.roles = cells, roles

    def get(self, role: str) -> str:
        return self.cells[self.roles[role]].strip() if role in self.roles else ""


def _footnotes(lines: list[str], start: int) -> list[str]:
    """※ lines just under a table (they explain cells marked ※)."""
    out = []
    for i in range(start, min(len(lines), start + 4)):
        if lines[i].strip().startswith("※"):
            out.append(lines[i].strip())
    return out


def _mentions(footnote: str, name: str) -> bool:
    core = re.sub(r"[（(][^）)]*[）)]", "", name).strip("「」 ")
    return bool(core) and core in footnote
