"""Breakdowns in brackets after a whole (「68の自治体(24県、44市町村)」): which values are members, not the answer."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol, TypeVar

from assistant.question.kinds import NUM


class Spanned(Protocol):
    """A value found in a text, with where it starts."""

    @property
    def start(self) -> int: ...

    @property
    def value(self) -> str: ...


V = TypeVar("V", bound=Spanned)

#: A bracket holding a breakdown: two or more figures with their counters, listed (「(24県、44市町村)」).
_BREAKDOWN = re.compile(rf"[(（]\s?(?:[^()（）、・]*?{NUM}[^()（）、・]*[、・]\s?)+[^()（）、・]*?{NUM}[^()（）]*[)）]")
#: A figure with a counter that says only how many (「8.6万人」「3件」): the rest of a member's item names it.
_BARE_FIGURE = re.compile(rf"{NUM}\s?[万千億兆]?\s?(?:人|名|件|円|社|回|%|か所)?")


def not_a_member(text: str, question: str, found: list[V]) -> list[V]:
    """The values less the members of a breakdown bracketed right after the whole they divide, unless asked by name."""
    # 「68の自治体(24県、44市町村)」: asked how many, the whole answers; a member only when named (「市町村は」「守山市は」).
    out = []
    for c in found:
        bracket = next((b for b in _BREAKDOWN.finditer(text) if b.start() < c.start < b.end()), None)
        if bracket is not None and _divides(bracket, c, found) and not _member_named(text, bracket, c, question):
            continue
        out.append(c)
    return out or found


def _divides(bracket: re.Match[str], c: Spanned, found: Sequence[Spanned]) -> bool:
    """Another candidate (the whole) ends right before the bracket: 「68の自治体(」「合計14万人(」."""
    return any(o is not c and 0 <= bracket.start() - (o.start + len(o.value)) <= 6 for o in found)


def _member_named(text: str, bracket: re.Match[str], c: Spanned, question: str) -> bool:
    """The question names the member: a word of its item other than the bare figure (県, 市町村, 守山市)."""
    items = re.split(r"[、・]", text[bracket.start() + 1 : bracket.end() - 1])
    offset = bracket.start() + 1
    for item in items:
        if offset <= c.start < offset + len(item) + 1:
            names = re.findall(r"[\u3040-\u30ff\u4e00-\u9fffA-Za-z]+", _BARE_FIGURE.sub(" ", item))
            return any(n in question for n in names)
        offset += len(item) + 1
    return True  # not found in an item: left as it is
