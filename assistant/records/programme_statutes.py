"""A bill's outline: the bodies and plans a law creates, by the outline's layout.

* a term a bullet of the outline marks with a note that gives its name in the law (a numbered heading's marked term
  is part of the scheme the heading names, 「…法人(X^{※2})の指定制度の創設」, read by the outline readers): 「…法人(二地域居住等支援法人^{※2})の指定制度」
  over 「※2法律上は「特定居住支援法人」」 — a designated body, council or plan, named as the outline writes it with
  the law's name as a note (a marked concept, 「二地域居住^{※1}」 over 「※1法律上は「特定居住」」, is no programme);
* a plan a public body draws up: 「都道府県が…を内容に含む広域的な地域活性化基盤整備計画を作成したとき」 — the
  statutory plan the outline's provisions turn on;
* the amending act or bill itself by its formal title: a title line, alone after any bullet, 「X法の一部を改正する法律（案）」,
  or quoted 「…を受け「X法の一部を改正する法律」が施行され」 (a law cited by its short name as a basis, 「港湾振興法に
  基づき」, is a reference, not a measure of the document; a label before the title 「改正の概要：X法…」 is no title line).
"""

from __future__ import annotations

import re

from .make import programme_record
from .models import ProgrammeRecord
from .text import WRAP, strip_bullet

_KANJI = r"\u4e00-\u9fff々"
_NAME = rf"[{_KANJI}\u30a0-\u30ffー・]"
# 「※2法律上は「特定居住支援法人」」: the note's mark and the law's name.
_LEGAL_NOTE = re.compile(r"^\s*※\s*(?P<mark>[0-9０-９])\s*法律上は\s*「(?P<legal>[^」]{2,30})」")
# What the law names is a body, a council or a plan, not a concept: its head says so.
_BODY_HEAD = r"(?:法人|協議会|会議|機構|計画|制度|区域|センター)"
# A public body drawing up a plan: 「都道府県が…X計画を作成したとき」「市町村は…計画（X計画）を作成可能」.
_DRAFTER = r"(?:都道府県|市町村|地方公共団体|国)"
_PLAN = re.compile(
    rf"{_DRAFTER}(?:が|は)[^。]{{0,40}}?(?P<name>(?:[{_KANJI}]{{1,4}}的な)?{_NAME}{{4,30}}計画)[)）]?を(?:作成|策定)"
)
_OUTLINE_HEADING = re.compile(r"^\s*[0-9０-９]+\s*【")  # an outline's numbered heading 「2 【官民の連携】 …」
_PLAIN = re.compile(r"\*\*|\^\{|\}")


def _marked_term(line: str, mark: str) -> str | None:
    """The term right before the note mark ``mark`` in ``line`` (「…支援法人^{※2}」「…協議会※3」), if a body's."""
    plain = WRAP.sub("", _PLAIN.sub("", line))
    m = re.search(rf"(?P<term>{_NAME}{{3,30}}{_BODY_HEAD})※\s*{mark}(?![0-9])", plain)
    return m["term"] if m else None


def extract_legal_names(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """「X^{※2}」 over 「※2法律上は「Y」」: the body or plan X the law creates, Y its name in the law."""
    records = []
    for i, line in enumerate(lines):
        note = _LEGAL_NOTE.match(line)
        if note is None:
            continue
        for j in range(i - 1, max(-1, i - 16), -1):
            term = _marked_term(lines[j], note["mark"])
            if term is None:
                continue
            if _OUTLINE_HEADING.match(lines[j]):
                break  # 「2 【官民の連携】 …法人(X^{※2})の指定制度の創設」: the heading's scheme holds the term
            # the name must be verbatim in a source line; a wrapped or marked-up one is read from the note alone
            if term in lines[j]:
                # the law's name is a note, not a name the record answers to: an answer listing 「…・特定居住支援法人」
                # as an applicant of another scheme does not name this body
                legal = f"法律上は「{note['legal']}」"
                records.append(programme_record(doc_id, lines, j + 1, i + 1, name=term, notes=[legal]))
            break
    return records


def extract_drafted_plans(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """「都道府県が…X計画を作成したとき」: a statutory plan a public body draws up."""
    records = []
    for i, line in enumerate(lines):
        for m in _PLAN.finditer(_PLAIN.sub("", line)):
            if m["name"] in line:
                records.append(programme_record(doc_id, lines, i + 1, i + 1, name=m["name"]))
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
