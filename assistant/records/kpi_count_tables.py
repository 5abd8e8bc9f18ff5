"""Count tables by area: the 合計 row of a table of prefectures (or municipalities) is the actual of a KPI above it.

The layout: a KPI statement that counts things (「①特定居住促進計画の作成数:…累計600件 ②…支援法人の指定数:…」),
then a tab-separated table with one row per area and a 合計 row; a wide table repeats its columns side by side
(「都道府県名 計画 法人 都道府県名 計画 法人」), so the 合計 cell may stand in any repeat. A column is the KPI's when
its name lies in the indicator (支援法人 in 二地域居住等支援法人の指定数) or when the document glosses it: a column
「市町村計画」 and a line 「市町村 (特定居住促進計画)」 say the municipalities' plan is the 特定居住促進計画.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .make import span
from .models import KpiRecord, KpiValue

_AREA_HEAD = re.compile(r"^(?:都道府県|市区町村|市町村|地域|圏域|振興局)名?$")
_TOTAL = re.compile(r"^(?:合計|総計|計|全国計)$")
_COUNT = re.compile(r"^[0-9０-９][0-9０-９,，]*$")
_REACH = 8  # lines between the KPI statement and the table's header


@dataclass(frozen=True)
class CountTotals:
    """A count table's header line, its 合計 line (0-based) and the total of each column by name."""

    header: int
    total: int
    totals: dict[str, str]


def count_tables(lines: list[str]) -> list[CountTotals]:
    """Every tab-separated table headed by an area column that ends in a 合計 row."""
    out = []
    for h, line in enumerate(lines):
        head = [c.strip() for c in line.split("\t")]
        if len(head) < 2 or not _AREA_HEAD.match(head[0]):
            continue
        for t in range(h + 1, len(lines)):
            if "\t" not in lines[t]:
                break
            cells = [c.strip() for c in lines[t].split("\t")]
            totals: dict[str, str] = {}
            for k, cell in enumerate(cells):
                if not _TOTAL.match(cell):
                    continue
                for j in range(k + 1, min(len(cells), len(head))):
                    if _AREA_HEAD.match(head[j]) or not _COUNT.match(cells[j]):
                        break  # the next repeat of the columns, or not a count
                    totals.setdefault(head[j], cells[j])
            if totals:
                out.append(CountTotals(h, t, totals))
                break
    return out


def _glossed(lines: list[str], column: str) -> list[str]:
    """What the document says a column names: 「市町村 (特定居住促進計画)」 for the column 市町村計画."""
    names = []
    for cut in range(2, len(column)):
        owner, kind = column[:cut], column[cut:]
        gloss = re.compile(
            rf"(?<![\u4e00-\u9fff]){re.escape(owner)}\s*[（(](?P<full>[^（）()]{{2,30}}{re.escape(kind)})[）)]"
        )
        names += [m["full"] for line in lines for m in gloss.finditer(line)]
    return names


def _column_of(indicator: str, totals: dict[str, str], lines: list[str]) -> str | None:
    """The one column the indicator counts, by its name or the document's gloss of it."""
    hits = [c for c in totals if c in indicator] or [
        c for c in totals if any(full in indicator for full in _glossed(lines, c))
    ]
    return hits[0] if len(hits) == 1 else None


def attach_count_totals(doc_id: str, lines: list[str], records: list[KpiRecord]) -> list[KpiRecord]:
    """Records of ``doc_id`` stated just above a count table get its 合計 as an actual (year as the table gives: none)."""
    tables = count_tables(lines)
    if not tables:
        return records
    out = []
    for r in records:
        here = [s for s in r.sources if s.doc == doc_id]
        table = next((t for t in tables for s in here if 0 <= t.header - (s.line_end - 1) <= _REACH), None)
        column = _column_of(r.indicator, table.totals, lines) if table and not r.actuals else None
        if table is None or column is None:
            out.append(r)
            continue
        actual = KpiValue(None, table.totals[column], None)
        source = span(doc_id, lines, table.total + 1, table.total + 1)
        out.append(replace(r, actuals=(actual,), sources=(*r.sources, source)))
    return out
