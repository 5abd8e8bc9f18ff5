"""Goals stated in running prose, outside any target bracket or box: a sentence that ends by aiming at a figure.

Plans of every kind write their numeric goals as plain sentences of a paragraph or bullet:
「本県への移住者数を、2030年度までに年間5,000人とすることを目指す。」, 「観光消費額を2019年比で1.5倍程度に
拡大することを目指す。」, 「…導入量を2030年度に現在の2倍程度とする。」, 「関係人口について、実人数50万人、
延べ人数300万人を目指す。」. The sentence is brought into the order the target shapes read (kpi_shapes.py:
year first, the topic as the object, the reference point 「2019年比で」「現在の」 set aside) and parsed by them;
a sentence none of the shapes accepts is left alone.
"""

from __future__ import annotations

import re

from .kpi_shapes import Target, targets_in_statement
from .make import kpi_record
from .models import KpiRecord, KpiValue
from .text import QUANTITY, is_blank, strip_bullet

# How a goal sentence ends: it aims at the figure, sets it as its goal, or sets a multiple to reach.
_GOAL_END = re.compile(
    r"(?:を目指す|を目標とする|を目標に掲げる|[割倍](?:程度|以上)?(?:に|と)(?:拡大|増加|向上|引き上げ)?(?:する|させる))$"
)
_QUANTITY = re.compile(QUANTITY)
_YEAR_LEAD = r"[0-9０-９]{4}年度?(?:までに|に|を目途に)"
# 「X を、2030年度までに V」: the year moves to the front, where the shapes read a lead.
_LEAD_INSIDE = re.compile(rf"^(?P<x>[^、。]+?を)\s*(?P<lead>{_YEAR_LEAD})\s*")
# 「X について、V」 / 「X は、V」: the topic is what is measured, unless the sentence has an object of its own.
_TOPIC = re.compile(r"^(?P<t>[^、。をにで]{2,30}?)(?:について|に関して|は)[、,]\s*")
# A reference point before the figure (「2019年比で」「現在の」「基準年度の」): what the figure is relative to.
_REFERENCE = re.compile(r"(?:[0-9０-９]{4}年度?比で?|(?:現在|現状|基準年度?)の)")
_MARK = re.compile(r"^[\s\-・•○◯〇■□◆◇●]")
_NOT_TITLE = re.compile(r"^[\s\-・•✓※]")


def _units(lines: list[str]) -> list[tuple[int, int, str]]:
    """(first, last, text) of each bullet or paragraph: a marked line opens one, a blank or table row ends it."""
    units: list[tuple[int, int, str]] = []
    start: int | None = None
    for i, line in enumerate([*lines, ""]):
        opens = bool(_MARK.match(line)) and not is_blank(line)
        if start is not None and (is_blank(line) or opens or "\t" in line):
            units.append((start, i - 1, "".join(lines[k].strip() for k in range(start, i))))
            start = None
        if start is None and not is_blank(line) and "\t" not in line:
            start = i
    return units


def _reordered(sentence: str) -> str:
    """The sentence in the order the target shapes read."""
    s = strip_bullet(sentence).replace("を、", "を")
    s = re.sub(r"を目標(?:とする|に掲げる)$", "を目指す", s)
    topic = _TOPIC.match(s)
    if topic:  # the topic is the object, unless the sentence names its own (「本市は、転入者数を…」)
        rest = s[topic.end() :]
        s = rest if "を" in rest.split("、")[0] else f"{topic['t']}を{rest}"
    lead = _LEAD_INSIDE.match(s)
    if lead:
        s = lead["lead"] + lead["x"] + s[lead.end() :]
    return _REFERENCE.sub("", s)


def _section_above(lines: list[str], index: int, reach: int = 6) -> str | None:
    """The heading a goal sits under: the nearest short unmarked line above."""
    for j in range(index - 1, max(-1, index - reach), -1):
        text = lines[j].strip()
        if text and not _NOT_TITLE.match(text) and not text.endswith("。"):
            return text if len(text) <= 40 else None
    return None


def _build(doc_id: str, lines: list[str], t: Target, first: int, last: int) -> KpiRecord:
    return kpi_record(
        doc_id,
        lines,
        first + 1,
        last + 1,
        indicator=t.indicator.strip(),
        project=_section_above(lines, first),
        baseline=KpiValue(None, t.baseline, None) if t.baseline else None,
        targets=t.targets,
    )


def extract_goal_sentences(doc_id: str, lines: list[str]) -> list[KpiRecord]:
    """Sentences of prose that end by aiming at a figure, each target read by the shapes of kpi_shapes.py."""
    records = []
    for first, last, text in _units(lines):
        if "【" in text:
            continue  # a target bracket is read as one (kpi_prose.py)
        for sentence in text.split("。"):
            s = sentence.strip()
            if not _QUANTITY.search(s) or not _GOAL_END.search(s):
                continue
            for t in targets_in_statement(_reordered(s)):
                records.append(_build(doc_id, lines, t, first, last))
    return records
