"""Ordinals a question asks by: 「3回目」「5番目のコラム」「2つ目」「最後の柱」, read with their number and series noun.

A list member asked by its place (`list_member`) and a series member named by its number (`series_member`) read the
ordinal here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.normalize import nfkc

_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九十", start=0)}

#: A call's round 「2次」「三次」, its number the group: 次 labels a round only before a call's word (「2次公募」
#: 「三次募集」), so 「二次交通」 is a kind of transport. Read by the round lists and the numbered-member check alike.
CALL_ROUND = r"([0-9]{1,2}|[一二三四五六七八九十])\s?次(?=\s?(?:公募|募集|採択|選定|締切))"

#: An ordinal in a turn: 「3回目」「5番目」「2つ目」「二つ目」, or the last / first one (「最後の」「最初の」).
_ORDINAL = re.compile(r"([0-9]+|[一二三四五六七八九十]+)(回目|番目|つ目|個目|本目)|(最後|最初)")
#: The series noun the ordinal may name after it (「5番目のコラム」「最後の柱」): katakana or a short kanji word.
_NOUN_AFTER = re.compile(r"の?([\u30a1-\u30ff]{2,}|[\u4e00-\u9fff]{1,3})")
#: What may follow a numeric ordinal naming no noun when it picks a member (「3回目は？」「2つ目の時期」): a topic or
#: case particle, or nothing (「3回目には」 too). 「2番目に多いのは」「3番目で…」 rank things by a measure; they pick no
#: member.
_PICKS_AFTER = re.compile(r"$|[はのがもを、,?？。 ]|って|には|では")
#: 「最後のは？」「最初のって」: the first or last one of a series named before (の standing for its noun).
_ONE_OF = re.compile(r"の(?:は|って|も|を)")


@dataclass(frozen=True)
class Ordinal:
    """An ordinal the turn asks: the member's number (None for the last one), the series noun named, where it is."""

    n: int | None
    noun: str
    start: int
    end: int
    counter: str  # 「回目」「番目」… ("" for 最後/最初)


def written_number(text: str) -> int:
    """「3」「三」「十二」 -> 3, 3, 12."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_KANJI_DIGITS.get(tens, 1) if tens else 1) * 10 + (_KANJI_DIGITS.get(ones, 0) if ones else 0)
    return _KANJI_DIGITS.get(text, 0)


def ordinal_of(turn: str) -> Ordinal | None:
    """The ordinal a turn asks by (「3回目は？」 -> 3, 「最後のコラムは…」 -> last of コラム), else None."""
    text = nfkc(turn)
    m = _ORDINAL.search(text)
    if m is None:
        return _circled(turn, text)
    if m.group(3):
        n = 1 if m.group(3) == "最初" else None
        counter = ""
    else:
        n, counter = written_number(m.group(1)), m.group(2)
        if n <= 0:
            return None
    after = _NOUN_AFTER.match(text, m.end())
    noun = after.group(1) if after is not None and (after.group(0).startswith("の") or m.group(3)) else ""
    end = after.end() if noun else m.end()
    if m.group(3) and not noun and not _ONE_OF.match(text, m.end()):
        return None  # 「最初は何か所で…」 says when, not which member; 「最後のは？」 picks one
    if not m.group(3) and not noun and not _PICKS_AFTER.match(text, m.end()):
        return None  # 「2番目に多いのは？」 ranks by a measure
    return Ordinal(n, noun, m.start(), end, counter)


#: A circled number standing for a member (「三次公募の②は？」「③はどこ」); NFKC turns it into a bare digit.
_CIRCLED = re.compile(r"[①-⑳]")
#: A character a label's number follows (「参考事例②」「ポイント①」): a kanji, a katakana or a letter.
_LABEL_BEFORE = re.compile(r"[\u4e00-\u9fff\u30a1-\u30ffA-Za-z]")


def _circled(turn: str, text: str) -> Ordinal | None:
    """The member a circled number asks (「②は？」 -> 2), read on the turn as typed; positions are in NFKC ``text``.

    Only where it picks a member (a particle or the end after it): 「ポイント①～③」「①及び②」 name conditions."""
    m = _CIRCLED.search(turn)
    if m is None or (m.start() and _LABEL_BEFORE.match(turn[m.start() - 1])):
        return None  # 「参考事例②」「ポイント①」: a label's number, not a place in a list
    start = len(nfkc(turn[: m.start()]))
    end = start + len(nfkc(m.group(0)))
    if not _PICKS_AFTER.match(text, end):
        return None
    return Ordinal(ord(m.group(0)) - ord("①") + 1, "", start, end, "")
