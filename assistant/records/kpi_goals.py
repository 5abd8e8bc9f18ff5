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

from .kpi_shapes import VALUE, Target, targets_in_statement
from .make import kpi_record
from .models import KpiRecord, KpiValue
from .text import BULLETS, MARKS, QUANTITY, is_blank, normalise_year, strip_bullet

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
_CONNECTIVE = re.compile(r"^(?:また|さらに|加えて|併せて|あわせて)[、,]")
_AIMED = re.compile(r"を目指す$")
# A heading that names the list, not the policy it belongs to: 「【重要業績評価指標（KPI）】」, 「数値目標」.
_LIST_HEADING = re.compile(r"^【[^】]*】$|KPI|ＫＰＩ|指標|数値目標")
_MARK = re.compile(rf"^[\s\-{BULLETS}{MARKS}]")
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


def _plain(sentence: str) -> str:
    """The plain form of a polite ending: 「目指します」 -> 「目指す」, 「増加させます」 -> 「増加させる」."""
    for polite, plain in (("目指します", "目指す"), ("させます", "させる"), ("とします", "とする"), ("します", "する")):
        if sentence.endswith(polite):
            return sentence[: -len(polite)] + plain
    return sentence


def _reordered(sentence: str) -> str:
    """The sentence in the order the target shapes read."""
    s = _CONNECTIVE.sub("", strip_bullet(sentence)).replace("を、", "を")
    s = re.sub(r"を目標(?:とする|に掲げる)$", "を目指す", s)
    if not _AIMED.search(s):  # 「…1.2倍に増加させる」: a goal stated as a plan, read as an aim
        s += "ことを目指す"
    topic = _TOPIC.match(s)
    if topic:  # the topic is the object, unless the sentence names its own (「本市は、転入者数を…」)
        rest = s[topic.end() :]
        s = rest if "を" in rest.split("、")[0] else f"{topic['t']}を{rest}"
    lead = _LEAD_INSIDE.match(s)
    if lead:
        s = lead["lead"] + lead["x"] + s[lead.end() :]
    return _REFERENCE.sub("", s)


def _section_above(lines: list[str], index: int, reach: int = 8) -> str | None:
    """The heading a goal sits under: the nearest short unmarked line above."""
    for j in range(index - 1, max(-1, index - reach), -1):
        text = lines[j].strip()
        if text and not _NOT_TITLE.match(text) and not text.endswith("。") and not _LIST_HEADING.search(text):
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
            s = _plain(sentence.strip())
            if not _QUANTITY.search(s) or not _GOAL_END.search(s):
                continue
            for t in targets_in_statement(_reordered(s)):
                records.append(_build(doc_id, lines, t, first, last))
    return records


# 「・移住相談件数：基準値 320件（2023年度）→ 目標値 500件（2029年度）」: an item labelling its figures.
_ITEM = re.compile(r"^[\s\-・•○〇◯■]*(?P<ind>[^：:、。\s]{2,40})\s*[：:]\s*(?P<rest>.*(?:目標)(?:値)?.*)$")
_LABELLED_VALUE = re.compile(
    rf"(?P<label>基準値|現状値|実績値|目標値|目標)\s*[：:]?\s*(?P<v>{VALUE})\s*[（(](?P<y>[^（）()]{{1,16}})[）)]"
)


def extract_labelled_kpis(doc_id: str, lines: list[str]) -> list[KpiRecord]:
    """List items naming an indicator and labelling its baseline, actual and target 「基準値 V（年）→ 目標値 V（年）」."""
    records = []
    for i, line in enumerate(lines):
        m = _ITEM.match(line)
        if m is None or "\t" in line:
            continue
        values = {
            v["label"][:2]: KpiValue(normalise_year(v["y"]), v["v"].strip(), None)
            for v in _LABELLED_VALUE.finditer(m["rest"])
        }
        if "目標" not in values:
            continue
        base = values.get("基準") or values.get("現状")
        records.append(
            kpi_record(
                doc_id,
                lines,
                i + 1,
                i + 1,
                indicator=m["ind"],
                project=_section_above(lines, i),
                baseline=base,
                actuals=[values["実績"]] if "実績" in values else [],
                targets=[values["目標"]],
            )
        )
    return records
