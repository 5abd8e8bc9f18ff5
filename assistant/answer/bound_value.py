"""Which value of a parallel list the question's qualifier binds: the one written with the member the question names.

A sentence listing members with a value each (「屋内ブース(3万円/日)・屋外テント(1万円/日)」, 「無回答(13団体)を除く
32団体が制度を活用」) names each member only beside its own value. The question naming one member (屋内ブース, 制度を
活用) asks that member's value, though the member's word may also stand within a fixed window before the next value,
which is how `values.find_value` (the chooser's prior) reads closeness.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from assistant.answer.values import own_label
from assistant.text.tokenizer import tokenize

#: The least IDF share of the question's words the distinctive member words must carry: a stray particle-like
#: word (年, 件) shared by chance is no member's name.
MIN_BOUND_SHARE = 0.08
_TAIL_SPAN = 20  # how far forward the words a value qualifies (「32団体が制度を活用している」)
#: A numbered label, not a value: 「2次募集:14件」「5回目」「3期」.
_ORDINAL = re.compile(r"\d\s?(?:次|回目|期)")
#: A year a table row dates a figure with: 「(R2)」「(2024)」「(令和6年度)」.
_ROW_YEAR = re.compile(r"\((?:R|H|令和|平成)?\s?\d{1,4}(?:年度?)?\)")
#: A word of a member's name: two kanji or katakana or more (a year 「(R2)」 or a bracket names none).
_NAME_WORD = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ff]{2,}")

Bounds = Sequence[tuple[int, int]]


@dataclass(frozen=True)
class MemberQuery:
    """The question's side of a binding: its text, its words near a value (`value_words`) and how much each weighs."""

    question: str
    near: frozenset[str]
    weight: Callable[[set[str]], float]


def value_unit(value: str) -> str:
    """What a value counts in, after its last digit: 「12位」 → 位, 「約64%」 → %, 「150~250」 → nothing."""
    return re.sub(r"^.*\d", "", value).strip()


def _same_unit(value: str, other: str) -> bool:
    """Whether two values count in the same unit, a bare number fitting any (「150~250の「拠点」」 beside 「31拠点」)."""
    a, b = value_unit(value), value_unit(other)
    return not a or not b or a == b


def member_words(question: str, near: AbstractSet[str]) -> set[str]:
    """The question's words that can name a member: no numbers (years, thresholds are other rules'), and of 「XのうちY」
    only Y's (X names the whole the members share)."""
    words = {t for t in near if not any(ch.isdigit() for ch in t)}
    part = re.split(r"うち[、,]?", question)[-1] if "うち" in question else ""
    in_part = words & set(tokenize(part))
    return in_part or words


def _label(text: str, bounds: Bounds, i: int) -> str:
    """Value ``i``'s own label (`values.own_label`), back to the end of the value before it."""
    start = bounds[i][0]
    return own_label(text, start, max((e for _, e in bounds if e <= start), default=0))


def _labelled(text: str, bounds: Bounds, i: int) -> bool:
    """Whether value ``i`` has a label of its own between it and the value before (「・屋外テント(1万円」)."""
    return bool(_NAME_WORD.search(_label(text, bounds, i)))


def bound_words(text: str, bounds: Bounds, i: int, near: AbstractSet[str]) -> set[str]:
    """The question's words written with value ``i``: its label back to the value before, the value as written
    (「新設広場約3か所」「31拠点」), and the words it qualifies."""
    start, end = bounds[i]
    label = _label(text, bounds, i)
    following = min((s for s, _ in bounds if s >= end), default=len(text))
    tail = re.split(r"[、。,()（）]", text[end : min(following, end + _TAIL_SPAN)], maxsplit=1)[0]
    if end + len(tail) == following:
        tail = ""  # words running into the next value are its label (「既存公園約12か所及び新設広場約3か所」)
    # Read as written, in one piece: a compound cut apart may tokenise otherwise; a word of two characters or more
    # written inside it counts too (a question's 「A/BC」 is the passage's 「AB/C」).
    written = text[start - len(label) : end + len(tail)]
    return (set(tokenize(written)) & near) | {t for t in near if len(t) >= 2 and t in written}


def _spans(values: Sequence[tuple[str, int]]) -> list[tuple[tuple[int, int], str]]:
    """Each value (text, start) once, by where it stands."""
    return sorted({(start, start + len(value)): value for value, start in values}.items())


def _disjoint(bounds: Bounds) -> list[int]:
    """The values standing inside no other: overlapping candidates (「全国3位」 and its 「3位」) are one value."""
    return [
        i
        for i, (s, e) in enumerate(bounds)
        if not any(j != i and s2 <= s and e <= e2 for j, (s2, e2) in enumerate(bounds))
    ]


def _dated_row(text: str) -> bool:
    """A table row dating its figures (「来館者数 8.2万人 (R3) 休館(R4) 9.6万人 (R6)」): it names no members."""
    return len(_ROW_YEAR.findall(text)) >= 2


def _standing_out(distinct: dict[int, set[str]], near: set[str], weight: Callable[[set[str]], float]) -> int | None:
    """The value whose own member words carry the most of the question's weight, by `MIN_BOUND_SHARE` over the next."""
    q_weight = weight(near) or 1.0
    shares = sorted(((weight(words) / q_weight, i) for i, words in distinct.items()), reverse=True)
    (top, i), (second, _) = shares[0], shares[1]
    return i if top - second >= MIN_BOUND_SHARE else None


def bound_member(
    text: str, values: Sequence[tuple[str, int]], chosen: str, eligible: AbstractSet[str], query: MemberQuery
) -> str | None:
    """The one ``eligible`` value whose own words name a member the question names and no other value's words do
    (of ``values``, every value of the sentence: text and start), when the ``chosen`` one's name none; else None."""
    spans = _spans(values)
    bounds = [span for span, _ in spans]
    disjoint = _disjoint(bounds)
    if len(disjoint) < 2 or _dated_row(text):
        return None
    near = member_words(query.question, query.near)
    chosen_at = next((i for i in disjoint if spans[i][1] == chosen), None)
    if chosen_at is None or not _labelled(text, bounds, chosen_at):
        return None  # a table row (「4,100人 (R3) 5,800人(R6)」) or a label of its own: no list of named members
    words = {i: bound_words(text, bounds, i, near) for i in disjoint}
    distinct = {i: words[i] - set().union(*(words[j] for j in disjoint if j != i)) for i in disjoint}
    if distinct[chosen_at]:
        return None  # the chosen value is written with a member word of its own
    # The member named must stand out: 「全45団体に照会し…32団体が制度を活用」 names the whole beside 45団体 too.
    at = _standing_out(distinct, near, query.weight)
    rival = spans[at][1] if at is not None else None
    if rival is None or rival not in eligible or _ORDINAL.search(rival) or not _same_unit(rival, chosen):
        return None
    return rival
