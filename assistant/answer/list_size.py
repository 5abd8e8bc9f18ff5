"""How many members a list has, asked by what they are: 「政策の柱はいくつ？」「流れは何段階？」「何パターンに整理？」.

A count asked of a noun that titles an enumerated list (`list_member.enumerations`) is answered from the list: with
the count its lead-in writes when that count is the list's length (「５本柱」「以下の3つに整理」), else with the
number of members and the question's counter. The list must be about what the question names, by the same IDF share
as a member asked by place, and its lead-in or first member must write the counted noun, unless that noun names any
list's members (段階, 項目, パターン…). A lead-in counting otherwise than the list read is another list, or one cut
short: not answered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from assistant.answer.list_member import (
    MEMBER_NOUNS,
    MIN_SHARE,
    WRITTEN_COUNT,
    Entry,
    asked_words,
    lead_lines,
    lead_share,
    lists_in,
    without_asking,
)
from assistant.text.normalize import nfkc
from assistant.types import Chunk

#: A noun as questions write it: kanji, katakana, and the okurigana of a compound (「取り組み」).
_WORD = r"[\u4e00-\u9fff\u30a1-\u30ffー]"
_NOUN = rf"{_WORD}(?:{_WORD}|(?![のがをはにでともやへかな])[ぁ-ん](?={_WORD})){{0,7}}[みりきしえけせちび]?"
#: 何 and a counter of list members, with the noun it may name after it (「何本の柱」「何本柱」「何段階」「何パターン」).
#: Not 何点 (a score) nor 何個 alone: they count other things as often as a list's members.
_COUNTER_ASKED = re.compile(rf"何\s?(本|項目|段階|パターン|種類|分野|つ|ステップ)(?:の)?({_WORD}{{1,4}})?")
#: The noun the count is asked of, its particle, then the asking words (「政策の柱っていくつ」「重点施策は何本」「型を
#: いくつに整理」); not 「いくつか」 (a few of them, asked for examples), nor 「1日何本」 (no particle: a rate, not a list).
_NOUN_BEFORE = re.compile(
    rf"({_NOUN})\s?(?:は|って|が|を)\s?(?:全部で|全体で)?\s?(?:いくつ(?!か)|何\s?(?:本|項目|つ|個))"
)
#: Characters of each member shown after the count.
MEMBER_CHARS = 30


@dataclass(frozen=True)
class ListSize:
    """The list counted: the lines cited (per passage: the lead-in with the members, then members running on in
    the passages after it), the count as said, its lead-in and members."""

    spans: tuple[tuple[Chunk, int, int], ...]
    said: str
    lead: str
    members: tuple[str, ...]


def counted_noun(question: str) -> tuple[str, str, int, int] | None:
    """What a count question counts and with which counter, and where it asks (「何本の柱」 -> 柱, 本), or None.

    A counter alone names the members only when it is a word for any list's members (「何段階」); otherwise the noun
    is read before the asking words (「重点施策は何本？」), and a bare 「何本？」 (buses a day) counts no list. 「いくつの
    取組を支援」 is not read: it counts what the text states as a figure (「全国17」) as often as a list."""
    text = nfkc(question)
    m = _COUNTER_ASKED.search(text)
    if m is not None and (m.group(2) or m.group(1) in MEMBER_NOUNS):
        return (m.group(2) or m.group(1)), m.group(1), m.start(), m.end()
    m = _NOUN_BEFORE.search(text)
    if m is not None:
        counter = next((c for c in ("本", "項目") if c in m.group(0)[len(m.group(1)) :]), "つ")
        return m.group(1), counter, m.start(1) + len(m.group(1)), m.end()
    return None


def find_size(
    question: str,
    query: str,
    chunks: Sequence[Chunk],
    idf: Mapping[str, float],
    following: Callable[[Chunk], Sequence[Chunk]],
    line_numbers: frozenset[str] = frozenset(),
) -> ListSize | None:
    """The list the count question asks the size of, or None (``query``: the question with a follow-up's subject)."""
    asked = counted_noun(question)
    if asked is None:
        return None
    noun, counter, start, end = asked
    # The asked words: the subject's and the question's own, not the asking words.
    words = asked_words(without_asking(query, nfkc(question)[start:end]), idf)
    if not words:
        return None
    best: tuple[tuple[bool, bool, float, int, int], ListSize] | None = None
    for rank, run, lines, by_line in lists_in(chunks, following, line_numbers):
        lead, share = lead_share(words, run, lines, by_line)
        folded = nfkc(lead)
        titled = noun in nfkc(lead + run[0].text)
        if not (titled or noun in MEMBER_NOUNS) or share < MIN_SHARE:
            continue
        written = list(WRITTEN_COUNT.finditer(folded))
        if written and all(int(m.group(1)) != len(run) for m in written):
            continue  # the lead-in counts another list, or this one is cut short
        said = next((m for m in written if int(m.group(1)) == len(run)), None)
        text_said = f"{len(run)}{counter}"
        if said is not None:  # as the lead-in writes it: 「5本柱」「4つの柱」「3点」
            text_said = re.sub(r"\s", "", said.group(0) if noun in said.group(3) else said.group(1) + said.group(2))
        members = tuple(e.text[:MEMBER_CHARS] for e in run)
        size = ListSize(_spans(run, lines, by_line), text_said, lead.strip(), members)
        key = (said is not None, titled, share, -rank, -run[0].line)
        if best is None or key > best[0]:
            best = (key, size)
    return best[1] if best is not None else None


def _spans(
    run: Sequence[Entry], lines: Mapping[int, str], by_line: Mapping[int, Chunk]
) -> tuple[tuple[Chunk, int, int], ...]:
    """The lines to cite, one span per passage: the first from the lead-in (when its passage holds it) to the last
    member there, so the count a lead-in writes is quoted; then the members running on in the passages after."""
    spans: list[tuple[Chunk, int, int]] = []
    for entry in run:
        chunk = by_line[entry.line]
        if spans and spans[-1][0] is chunk:
            spans[-1] = (chunk, spans[-1][1], entry.line)
        else:
            spans.append((chunk, entry.line, entry.line))
    chunk, first, last = spans[0]
    lead = [no for no in lead_lines(lines, first) if by_line.get(no) is chunk]
    spans[0] = (chunk, min([first, *lead]), last)
    return tuple(spans)


def size_answer_text(size: ListSize) -> str:
    """The count as the lead, then the list's lead-in and its members, citing each passage the list stands in."""
    marks = "".join(f"[{n}]" for n in range(1, len(size.spans) + 1))
    return f"{size.said}です {marks}。（{size.lead}：{'、'.join(size.members)}）"
