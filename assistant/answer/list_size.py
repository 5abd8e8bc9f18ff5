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

from assistant.answer.list_member import MIN_SHARE, lead_in, lists_in, share_of
from assistant.text.normalize import nfkc
from assistant.text.tokenizer import tokenize
from assistant.types import Chunk

_WORD = r"[\u4e00-\u9fff\u30a1-\u30ffー]"
#: 何 and a counter of list members, with the noun it may name after it (「何本の柱」「何本柱」「何段階」「何パターン」).
_COUNTER_ASKED = re.compile(rf"何\s?(本|項目|段階|パターン|種類|分野|つ|個|点|ステップ)(?:の)?({_WORD}{{1,4}})?")
#: The noun before 「いくつ」 (「政策の柱っていくつ」「型をいくつに整理」).
_NOUN_BEFORE = re.compile(rf"({_WORD}{{1,6}})\s?(?:は|って|が|を)?\s?(?:いくつ|何個)")
#: A count a lead-in writes with a list's counter (「５本柱」「4つの柱」「以下の3つ」「3段階」).
_WRITTEN = re.compile(r"([0-9]{1,2})\s?(本|つ|項目|点|分野|段階|ステップ|パターン|種類)")
#: Nouns any list's members are called by: the list need not write them.
_ANY_LIST = frozenset({"段階", "ステップ", "項目", "パターン", "種類", "手順", "分野", "点", "つ", "個"})
#: Characters of each member shown after the count.
MEMBER_CHARS = 30


@dataclass(frozen=True)
class ListSize:
    """The list counted: the passage and lines of its members, the count as said, its lead-in and members."""

    chunk: Chunk
    first: int
    last: int
    said: str
    lead: str
    members: tuple[str, ...]


def counted_noun(question: str) -> tuple[str, str, int, int] | None:
    """What a count question counts and with which counter, and where it asks (「何本の柱」 -> 柱, 本), or None."""
    text = nfkc(question)
    m = _COUNTER_ASKED.search(text)
    if m is not None:
        return (m.group(2) or m.group(1)), m.group(1), m.start(), m.end()
    m = _NOUN_BEFORE.search(text)
    if m is not None:
        return m.group(1), "つ", m.start(1) + len(m.group(1)), m.end()
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
    # The asked words: the subject's and the question's own, not the asking words (written nowhere).
    text = nfkc(query).replace(nfkc(question)[start:end], " ")
    words = {t: idf.get(t, 1.0) for t in set(tokenize(text, nouns_only=True))}
    if not words:
        return None
    best: tuple[tuple[bool, bool, float, int, int], ListSize] | None = None
    for rank, run, lines, by_line in lists_in(chunks, following, line_numbers):
        lead = lead_in(lines, run[0].line)
        folded = nfkc(lead)
        titled = noun in nfkc(lead + run[0].text)
        if not (titled or noun in _ANY_LIST):
            continue
        share = share_of(words, nfkc(f"{by_line[run[0].line].heading} {lead}"))
        if share < MIN_SHARE:
            continue
        written = [m for m in _WRITTEN.finditer(folded)]
        if written and all(int(m.group(1)) != len(run) for m in written):
            continue  # the lead-in counts another list, or this one is cut short
        said = next((m for m in written if int(m.group(1)) == len(run)), None)
        text_said = f"{len(run)}{counter}"
        if said is not None:
            text_said = said.group(0) + (noun if folded[said.end() :].startswith(noun) else "")
        chunk = by_line[run[0].line]
        last = max(e.line for e in run if by_line[e.line] is chunk)
        members = tuple(e.text[:MEMBER_CHARS] for e in run)
        size = ListSize(chunk, run[0].line, last, text_said, lead.strip(), members)
        key = (said is not None, titled, share, -rank, -run[0].line)
        if best is None or key > best[0]:
            best = (key, size)
    return best[1] if best is not None else None


def size_answer_text(size: ListSize) -> str:
    """The count as the lead, then the list's lead-in and its members."""
    return f"{size.said}です [1]。（{size.lead}：{'、'.join(size.members)}）"
