"""KPI tables that arrive whole: tab-separated rows under a header row (the PDF, Word and HTML loaders' tables).

The header names the columns (評価指標 / 基準値 / 実績値 / R3 R4 … / 目標値 / 進捗率, optionally プロジェクト名,
基準年 / 目標年); each row below it is one record, its line the record's source. A blank project cell
continues the project above (a merged cell); a row that repeats the header is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.normalize import nfkc

from .make import kpi_record
from .models import KpiRecord, KpiValue
from .text import normalise_year

_YEAR_IN = re.compile(r"[（(]\s*((?:[RＲ]|令和|H|平成)\s*[0-9０-９元]+\s*(?:年度?)?|[0-9０-９]{4}\s*年度?)\s*[）)]")
_YEAR_COLUMN = re.compile(r"^(?:R\s*\d+|令和\s*(?:\d+|元)\s*年度?|(?:19|20)\d\d\s*年度?)$")
_YEAR_THEN_ACTUAL = re.compile(r"^(?P<year>R\d+|令和(?:\d+|元)年度?|(?:19|20)\d\d年度?)実績値?$")
_PENDING = "集計中"
_NONE = {"", "-", "—", "－", "―", "ー"}


@dataclass(frozen=True)
class TabTable:
    """A block of tab-separated lines: its header (0-based line index, cells) and body rows."""

    header_line: int
    header: list[str]
    rows: list[tuple[int, list[str]]]


def tab_tables(lines: list[str]) -> list[TabTable]:
    """Every run of tab-separated lines, its first line taken as the header row."""
    tables: list[TabTable] = []
    i = 0
    while i < len(lines):
        if "\t" not in lines[i]:
            i += 1
            continue
        start = i
        while i < len(lines) and "\t" in lines[i]:
            i += 1
        rows = [(j, [c.strip() for c in lines[j].split("\t")]) for j in range(start + 1, i)]
        tables.append(TabTable(start, [c.strip() for c in lines[start].split("\t")], rows))
    return tables


def _column_roles(header: list[str]) -> dict[str, int | list[tuple[int, str | None]]] | None:
    """Column index of each role; ``actuals`` lists (column, year of the column)."""
    roles: dict[str, int | list[tuple[int, str | None]]] = {}
    actuals: list[tuple[int, str | None]] = []
    for i, raw in enumerate(header):
        c = re.sub(r"\s+", "", nfkc(raw))
        year = _YEAR_IN.search(c)
        bare = _YEAR_IN.sub("", c)
        if "プロジェクト" in bare or bare in ("施策", "施策名", "分野"):
            roles.setdefault("project", i)
        elif "指標" in bare or bare in ("KPI", "項目"):
            roles.setdefault("indicator", i)
        elif bare.startswith(("基準値", "現状値")):
            roles["baseline"] = i
        elif bare in ("基準年", "基準年度"):
            roles["baseline_year"] = i
        elif bare in ("目標年", "目標年度"):
            roles["target_year"] = i
        elif bare in ("実績年", "実績年度"):
            roles["actual_year"] = i
        elif bare.startswith("目標"):
            roles["target"] = i
        elif bare.startswith(("進捗", "達成率")):
            roles["progress"] = i
        elif lead := _YEAR_THEN_ACTUAL.match(c):  # 「R4実績」「令和5年度実績値」: the year leads the column
            actuals.append((i, normalise_year(lead["year"])))
        elif bare.startswith("実績"):
            actuals.append((i, normalise_year(year.group(1)) if year and re.search(r"\d", year.group(1)) else None))
        elif _YEAR_COLUMN.match(c):
            actuals.append((i, normalise_year(c)))
    roles["actuals"] = actuals
    if "indicator" not in roles or not ({"baseline", "target"} & roles.keys()) or len(roles) < 4:
        return None
    return roles


def _value(cell: str, year: str | None) -> KpiValue | None:
    """「60.9％(R2)」 -> value 60.9％, year R2; 「集計中（7月頃）」 -> a status; empty -> None."""
    text = cell.strip()
    if text in _NONE:
        return None
    m = _YEAR_IN.search(text)
    if m and re.search(r"\d|元", m.group(1)):
        year = normalise_year(m.group(1))
        text = (text[: m.start()] + text[m.end() :]).strip()
    if text.startswith(_PENDING):
        return KpiValue(year, None, text)
    return KpiValue(year, text or None, None)


def extract_kpi_tab_tables(doc_id: str, lines: list[str]) -> list[KpiRecord]:
    """One KpiRecord per body row of every tab-separated table whose header names KPI columns."""
    records: list[KpiRecord] = []
    for table in tab_tables(lines):
        roles = _column_roles(table.header)
        if roles is None:
            continue
        project: str | None = None
        for index, cells in table.rows:
            cells = cells + [""] * (len(table.header) - len(cells))
            if [nfkc(c) for c in cells] == [nfkc(c) for c in table.header]:
                continue  # a header repeated on a later page
            record = _record(doc_id, lines, index, cells, roles, project)
            if record is None:
                continue
            project = record.project
            records.append(record)
    return records


def _record(doc_id, lines, index, cells, roles, project) -> KpiRecord | None:
    def get(role: str) -> str:
        i = roles.get(role)
        return cells[i].strip() if isinstance(i, int) and i < len(cells) else ""

    indicator = get("indicator")
    if not indicator:
        return None
    project = get("project") or project
    baseline = _value(get("baseline"), normalise_year(get("baseline_year")) or None)
    target = _value(get("target"), normalise_year(get("target_year")) or None)
    actuals = []
    for i, year in roles["actuals"]:
        v = _value(cells[i] if i < len(cells) else "", year or normalise_year(get("actual_year")) or None)
        if v is not None:
            actuals.append(v)
    progress = get("progress") or None
    if baseline is None and target is None and not actuals:
        return None
    n = index + 1
    return kpi_record(
        doc_id,
        lines,
        n,
        n,
        indicator=indicator,
        project=project or None,
        baseline=baseline,
        actuals=actuals,
        targets=(target,) if target else (),
        progress=None if progress in _NONE else progress,
    )
