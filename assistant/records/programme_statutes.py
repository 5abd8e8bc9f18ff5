"""A bill's outline: the plans a law has public bodies draw up, and the amending act itself, by the outline's layout.

* a plan a public body draws up: 「都道府県が…を内容に含む広域的な地域活性化基盤整備計画を作成したとき」 — the
  statutory plan the outline's provisions turn on, the body drawing it up as who uses it;
* the amending act or bill itself by its formal title: a title line, alone after any bullet, 「X法の一部を改正する法律（案）」,
  or quoted 「…を受け「X法の一部を改正する法律」が施行され」 (a law cited by its short name as a basis, 「港湾振興法に
  基づき」, is a reference, not a measure of the document; a label before the title 「改正の概要：X法…」 is no title line).
"""

from __future__ import annotations

import re

from .make import programme_record
from .models import ProgrammeRecord
from .text import strip_bullet

_KANJI = r"\u4e00-\u9fff々"
_NAME = rf"[{_KANJI}\u30a0-\u30ffー・]"
# A public body drawing up a plan: 「都道府県が…X計画を作成したとき」「市町村は…計画（X計画）を作成可能」; the body is
# who uses the plan system (a records writer files it as the plan's applicant).
_BODY = r"(?:都道府県|市町村|地方公共団体|国)"
# (the body nearest the plan draws it up: 「国が…定めたときは、地方公共団体は…（X計画）を策定」)
_PLAN = re.compile(
    rf"(?P<drafter>{_BODY})(?:が|は)(?:(?!{_BODY}(?:が|は))[^。]){{0,40}}?(?P<name>(?:[{_KANJI}]{{1,4}}的な)?{_NAME}{{4,30}}計画)[)）]?を(?:作成|策定)"
)
_PLAIN = re.compile(r"\*\*|\^\{|\}")  # a slide's bold and superscript marks


def extract_drafted_plans(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """「都道府県が…X計画を作成したとき」: a statutory plan a public body draws up, that body as its applicant."""
    records = []
    for i, line in enumerate(lines):
        for m in _PLAN.finditer(_PLAIN.sub("", line)):
            if m["name"] in line:
                records.append(programme_record(doc_id, lines, i + 1, i + 1, name=m["name"], eligible=[m["drafter"]]))
    return records


# An amending act's or bill's formal title, whole on its line (bullet stripped) or in quotes; the name holds no label
# colon or list dot (「改正の概要：…」「A・B」 are not one title), and a bill may write 案 bare or bracketed.
_AMENDING = re.compile(
    r"(?:^|「)(?P<name>[^\s、。「」（）()・：:]{2,60}?(?:法律|法)等?の一部を改正する法律(?:案|[（(]案[）)])?)(?:\s*$|」)"
)


def extract_amending_acts(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """「X法の一部を改正する法律（案）」 as a title line or quoted: the bill or act the document presents."""
    records = []
    for i, line in enumerate(lines):
        for m in _AMENDING.finditer(strip_bullet(line)):
            records.append(programme_record(doc_id, lines, i + 1, i + 1, name=m["name"], summary=line.strip()))
    return records
