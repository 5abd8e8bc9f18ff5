"""A body or scheme a bill's outline names in plain words, its name in the law given by a footnote 「※2法律上は「X」」.

An outline writes a new body or scheme by its everyday name and marks it 「二地域居住等支援法人※2」; the note under it says
what the law calls it 「※2法律上は「特定居住支援法人」」. Officials use both, so the marked name is the record's name and the
law's its variant, cited from the marked line to the note. Only a name the law gives a body's or scheme's head (…法人,
…協議会, …計画, …制度) is read: a note renaming a plain word 「二地域居住※1 … ※1法律上は「特定居住」」 names no programme.
"""

from __future__ import annotations

import re

from .make import programme_record
from .models import ProgrammeRecord

_NOTE = re.compile(r"^\s*[-・]?\s*※\s*(?P<n>[0-9０-９]+)\s*法律上は[、，,]?\s*「(?P<legal>[^「」]{2,30})」")
_HEAD = re.compile(r"(?:法人|協議会|会議|計画|制度|事業|交付金|補助金|機構|センター|組合|基金|区域)$")
_PLAIN = re.compile(r"\*\*|\^\{|\}")  # a slide's bold and superscript marks
_BACK = 15  # lines above the note where the marked name stands
#: Hiragana a name can follow: particles and verb endings (「…を」「…の」「…した」).
_NAME_STARTS_AFTER = frozenset("をがはにでとのもるたやへ")


def _marked(lines: list[str], note: int, n: str) -> tuple[int, str] | None:
    """The 0-based line and the name marked 「X※n」 nearest above the note."""
    mark = re.compile(rf"(?P<term>[\u4e00-\u9fff々\u30a0-\u30ffー]{{3,30}})\s*※\s*{n}(?![0-9０-９])")
    for j in range(note - 1, max(note - _BACK, 0) - 1, -1):
        text = _PLAIN.sub("", lines[j])
        m = mark.search(text)
        if m is not None:
            # A name cut at hiragana inside it (「観光地域づくり推進法人※2」 read as 推進法人) is no name: a particle or a
            # verb ending before it starts one, any other kana is part of the name.
            before = text[m.start() - 1 : m.start()]
            if before and "\u3040" <= before <= "\u309f" and before not in _NAME_STARTS_AFTER:
                return None
            return j, m["term"]
    return None


def extract_legal_names(doc_id: str, lines: list[str]) -> list[ProgrammeRecord]:
    """「X※2」 … 「※2法律上は「Y」」: a body or scheme by its plain name X, with Y, its name in law."""
    records = []
    for i, line in enumerate(lines):
        m = _NOTE.match(line)
        if m is None or not _HEAD.search(m["legal"]):
            continue
        found = _marked(lines, i, m["n"])
        if found is None:
            continue
        at, term = found
        if term in lines[at] and term != m["legal"]:
            records.append(programme_record(doc_id, lines, at + 1, i + 1, name=term, variants=[m["legal"]]))
    return records
