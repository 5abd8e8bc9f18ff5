"""Terms a programme described in prose states in the sentences around it: who is designated, and since when it runs.

Prose names a scheme and, in the bullets under its heading or a note below it, says what a table would put in a column:
  * who the scheme designates: 「市町村長は…NPO法人、民間企業等を X支援法人として指定可」 (a designation's applicants);
  * since when it runs, in a note about it: 「※本専門部会体制は令和8年1月～」.
Only a field the record leaves empty is filled, and the sentence read becomes one of its sources. (A start date a
narrative sentence gives, 「令和3年10月より…の運行を開始した」, is history, not the period: writers leave it out.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from assistant.text.normalize import content_offset, has_line_numbers

from .make import span
from .models import ProgrammeRecord
from .text import BULLETS, MARKS, is_blank, strip_bullet

_DATE = r"(?:令和|平成)[0-9０-９元]{1,2}年(?:[0-9０-９]{1,2}月)?(?:[0-9０-９]{1,2}日)?"
# A note about the scheme, 「本X」, giving the date it runs from: 「※本専門部会体制は令和8年1月～」.
_SINCE_NOTE = re.compile(rf"^※?本(?P<subject>[^。はが]{{2,30}}?)は(?P<period>{_DATE}[～~〜])$")
# 「…NPO法人、民間企業(例:不動産会社)等をX支援法人として指定可」: the parties a designation may go to.
_DESIGNATED = re.compile(r"(?P<who>[^。]{2,80}?)を(?P<as>[^、。を]{2,30}?)として(?:指定|認定|選定|登録)")
# The designator before its topic marker: 「市町村長は…」 (the party list follows it).
_TOPIC = re.compile(r"^.*?[\u4e00-\u9fff\u30a0-\u30ffー]は(?!じめ)")
# A clause describing the parties, not naming them: 「…に関する活動を行うNPO法人、…」 -> NPO法人、….
_DOER_CLAUSE = re.compile(r"^[^、]*(?:を行う|に取り組む|を担う|に資する|を営む)")
_HEADING = re.compile(rf"^(?:[0-9０-９]+\s*)?【|^[{MARKS}]")
_BULLET_START = re.compile(rf"^[\s\-{BULLETS}{MARKS}✓*※]")
_BACK, _AHEAD = 8, 12  # lines read above a record (its sentence's start) and below it (the bullets under a heading)


@dataclass(frozen=True)
class _Sentence:
    """A sentence with its whitespace removed and the 0-based lines it spans."""

    text: str
    first: int
    last: int


def _sentences(lines: list[str], lo: int, hi: int, numbered: bool) -> Iterator[_Sentence]:
    """Sentences of lines ``lo..hi`` (0-based): split at 「。」, a blank line and a line opening with a bullet."""
    text, first = "", lo
    for i in range(lo, hi + 1):
        body = lines[i][content_offset(lines[i], numbered) :]
        if text and (is_blank(body) or _BULLET_START.match(body)):
            yield _Sentence(text, first, i - 1)
            text = ""
        for piece in re.split(r"(?<=。)", re.sub(r"\s+", "", body)):
            if not piece:
                continue
            first = first if text else i  # a sentence opens on the line its first piece is on
            text += piece
            if piece.endswith("。"):
                yield _Sentence(text, first, i)
                text = ""
    if text:
        yield _Sentence(text, first, hi)


def _window(lines: list[str], record: ProgrammeRecord) -> tuple[int, int]:
    """0-based lines around a record: up the paragraph it stands in, down to the next heading."""
    lo = record.line_start - 1
    while lo > 0 and record.line_start - 1 - lo < _BACK and not is_blank(lines[lo - 1]):
        lo -= 1
    hi = record.line_end - 1
    while hi + 1 < len(lines) and hi - record.line_end + 1 < _AHEAD and not _HEADING.match(strip_bullet(lines[hi + 1])):
        hi += 1
    return lo, hi


def _names(record: ProgrammeRecord) -> list[str]:
    return [re.sub(r"\s+", "", n) for n in (record.name, *record.variants) if n]


def designated(sentence: str, names: list[str]) -> list[str]:
    """The parties a sentence designates as the scheme: 「…NPO法人、民間企業等をX法人として指定」 -> [NPO法人、民間企業等]."""
    for m in _DESIGNATED.finditer(sentence):
        role = m["as"]
        if not any(role in n or n in role for n in names):
            continue
        who = _TOPIC.sub("", m["who"]).lstrip("、")
        who = _DOER_CLAUSE.sub("", who).strip("、*")  # a slide's bold marks 「**…**」 are emphasis, not words
        if len(who) >= 2:
            return [who]
    return []


def started(sentence: str, names: list[str]) -> str | None:
    """The date a note about the scheme says it runs from: 「※本専門部会体制は令和8年1月～」 -> 令和8年1月～."""
    note = _SINCE_NOTE.match(sentence)
    return note["period"] if note and any(note["subject"].startswith(n) for n in names) else None


def _enrich(doc_id: str, lines: list[str], record: ProgrammeRecord, numbered: bool) -> ProgrammeRecord:
    names = _names(record)
    eligible, period, used = list(record.eligible), record.period, []
    for s in _sentences(lines, *_window(lines, record), numbered):
        if not eligible and (who := designated(s.text, names)):
            eligible, used = who, [*used, s]
        if period is None and (when := started(s.text, names)):
            period, used = when, [*used, s]
    if not used:
        return record
    spans = tuple(span(doc_id, lines, s.first + 1, s.last + 1) for s in used)
    return replace(record, eligible=tuple(eligible), period=period, sources=(*record.sources, *spans))


def _prose(record: ProgrammeRecord) -> bool:
    """A record read from prose: no table row (tab-separated cells) among its sources."""
    return not any("\t" in s.text for s in record.sources)


def read_prose_terms(doc_id: str, lines: list[str], records: list[ProgrammeRecord]) -> list[ProgrammeRecord]:
    """The records with the applicants and start date their prose states filled in where they had none."""
    numbered = has_line_numbers(lines)
    return [
        _enrich(doc_id, lines, r, numbered) if _prose(r) and (not r.eligible or r.period is None) else r
        for r in records
    ]
