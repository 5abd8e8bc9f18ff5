"""Titled box: a programme whose name stands alone in 【…】 over its description and labelled terms.

A ministry's budget sheet heads each item (often an enhancement of a scheme, tagged 《拡充》 or 《新規》) with
its name in brackets on a line of its own, and lists what it pays for under labels below:

    【共同配送の取組の支援《拡充》】
    …共同配送による配送効率化の取組についても、車両経費補助の対象とする。
    【想定される経費】 燃料費（増加分）

The bracket is the programme's name (without its status tag); the labels below it (`programme_fields.py`)
give its fields. A bracket that is itself a label (【支援対象者】), a place (【北海道大樹町】) or a section
title is told apart by what follows: only a title over labelled terms, or one tagged as new or enhanced, is read.
"""

from __future__ import annotations

import re

from .make import programme_record
from .models import ProgrammeRecord
from .programme_fields import label_of, labelled_fields

# A bracket alone on its line, with a status tag inside or after it: 【X《拡充》】, 【X】（新規）.
_TITLE = re.compile(r"^\s*【(?P<name>[^【】]{4,40})】\s*(?P<after>[《≪＜<（(][^》≫＞>）)]{1,4}[》≫＞>）)])?\s*$")
_TAG = re.compile(r"\s*[《≪＜<（(](?P<tag>[^》≫＞>）)]{1,4})[》≫＞>）)]\s*$")
_STATUS = re.compile(r"^(?:新規|拡充|拡大|継続|一部新規|改正|創設)$")
_BLOCK = 12  # lines under a title its labelled terms may stand in
_PLACE = re.compile(r"(?:都|道|府|県|市|町|村|区|地域|圏)$")  # 【北海道大樹町】: a case card's place
# A section title, not a programme: a chapter or section number 【第2章 …】【3．…】, or a head naming a
# state or an account of things 【…の取組状況】【施策の展開】【…の現状】.
_SECTION = re.compile(
    r"^(?:第[0-9０-９一二三四五六七八九十]+[章節部編]|[0-9０-９]+[\.．、]|[（(][0-9０-９]+[）)]|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ])"
    r"|(?:状況|展開|現状|概要|方向性|課題|背景|目的|まとめ|認識|動向|推移)$"
)


def _title(line: str) -> tuple[str, bool] | None:
    """(name, tagged) of a title box line, or None."""
    m = _TITLE.match(line)
    if m is None or label_of(line) is not None:
        return None
    name, tagged = m["name"].strip(), bool(m["after"]) and bool(_STATUS.match(m["after"][1:-1]))
    if (tag := _TAG.search(name)) and _STATUS.match(tag["tag"]):
        name, tagged = name[: tag.start()].strip(), True
    if len(name) < 4 or _PLACE.search(name) or _SECTION.search(name) or re.search(r"[：:。、]", name):
        return None
    return name, tagged


def extract_titled_boxes(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """Each programme named by a title box over its labelled terms (or tagged 《新規》/《拡充》)."""
    records = []
    for i, line in enumerate(lines):
        found = _title(line)
        if found is None:
            continue
        name, tagged = found
        end = i + 1
        while end < len(lines) and end - i <= _BLOCK and _title(lines[end]) is None:
            end += 1
        fields = labelled_fields(lines, i + 1, end - 1)
        if not (fields.kinds or tagged):
            continue
        last = max([i, *fields.used])
        records.append(
            programme_record(
                doc_id,
                lines,
                i + 1,
                last + 1,
                name=name,
                eligible=fields.eligible,
                covered_costs=fields.covered,
                rates=fields.rates,
                caps=fields.caps,
                period=fields.period,
            )
        )
    return records
