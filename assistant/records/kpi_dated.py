"""Dated goals a bullet states by year and figure: 「・GDP向上（1985年に304兆円（年率10%の成長））」.

A table that compares plans (or a plan's list of aims) writes each plan's goal as a short bullet, often in a cell
the PDF wrapped over lines, with the year the figure is to be reached by and no 目指す:

- D1 「X向上（YYYY年にV（pace））」「X増加（YYYY年までにV）」: X is the indicator, V its target in YYYY, a bracket
  after V the pace it is reached at (kept as the target's qualifier);
- D2 「[label として]「YYYY年に[X]V[程度]を維持」」 (also 達成, 確保): the figure kept or reached; when the clause
  names no X, the bullet's own topic is what is measured (「…を提示し、人口減少を押しとどめる」 -> 人口),
  else nothing is read. The label the plan gives the goal (中長期展望) is kept as another name.

A statistic with a year (「2021年には約3,000人の応募となった」) has no aim and is left alone.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.text.normalize import nfkc

from .make import kpi_record
from .models import KpiRecord, KpiValue
from .text import QUANTITY, is_blank, normalise_year

_YEAR = r"[12１２][0-9０-９]{3}年度?"  # matched as written: values are quoted from the line
_D1 = re.compile(
    rf"(?P<ind>[^（(、。・「」\s]{{1,20}}?)の?(?:向上|増加|拡大|増大)[（(](?P<year>{_YEAR})(?:までに|に)"
    rf"(?P<val>{QUANTITY})(?:[（(](?P<pace>[^（）()]{{2,20}})[）)])?[）)]"
)
_D2 = re.compile(
    rf"(?:(?P<label>[^、。「」・\s]{{2,12}})として)?「?(?P<year>{_YEAR})(?:までに|に)"
    rf"(?P<ind>[^、。「」0-9０-９]{{2,12}}?)?(?P<val>{QUANTITY})(?:程度)?を(?:維持|達成|確保)"
)
# The bullet's topic when the goal names none: the thing whose decline it means to stop.
_TOPIC = re.compile(r"(?P<noun>[\u4e00-\u9fff]{2,6})減少(?:を(?:押しとどめ|食い止め|抑制|緩和)|に歯止め)")
_BULLET = re.compile(r"^\s*[・•\-－]\s*")
# The heading of the table or section the bullet sits in: a roman-numbered heading (Ⅱ reads II after NFKC),
# a title ending 比較表 or 一覧; the heading is given as written, without its numeral.
_NUMERAL = re.compile(r"^\s*[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+\s+")
_HEADING = re.compile(r"^\s*(?:[IVX]+\s+)?[^。]{4,40}(?:比較表|一覧)\s*$|^\s*[IVX]+\s+[^。]{4,40}$")


def _bullets(lines: list[str]) -> list[tuple[int, int, str]]:
    """(first, last, text) of each bullet: its line and the lines that continue it up to a blank or a bullet."""
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(lines):
        if not _BULLET.match(lines[i]):
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not is_blank(lines[j]) and not _BULLET.match(lines[j]) and j - i < 3:
            j += 1
        out.append((i, j - 1, "".join(x.strip() for x in lines[i:j])))
        i = j
    return out


def _heading_above(lines: list[str], index: int, reach: int = 60) -> str | None:
    for j in range(index - 1, max(-1, index - reach), -1):
        if _HEADING.match(nfkc(lines[j])):
            return _NUMERAL.sub("", lines[j]).strip()
    return None


def _read(text: str) -> tuple[str, KpiValue, str | None] | None:
    """(indicator, target, another name) a bullet states, or None."""
    m = _D1.search(text)
    if m:
        return m["ind"], KpiValue(normalise_year(m["year"]), m["val"], m["pace"]), None
    m = _D2.search(text)
    if m is None:
        return None
    topic = _TOPIC.search(text)
    ind = (m["ind"] or "").strip() or (topic["noun"] if topic else "")
    if not ind:
        return None
    return ind, KpiValue(normalise_year(m["year"]), m["val"], None), m["label"]


def extract_dated_goals(doc_id: str, lines: list[str]) -> list[KpiRecord]:
    """Bullets that state a goal as a figure to reach or keep by a named year (D1, D2)."""
    records = []
    for first, last, text in _bullets(lines):
        if "【" in text:
            continue  # a target bracket is read as one (kpi_prose.py)
        got = _read(text)
        if got is None:
            continue
        ind, target, label = got
        record = kpi_record(
            doc_id, lines, first + 1, last + 1, indicator=ind, project=_heading_above(lines, first), targets=[target]
        )
        records.append(replace(record, variants=(label,)) if label and label != ind else record)
    return records
