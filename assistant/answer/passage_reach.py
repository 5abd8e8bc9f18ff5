"""What a passage reaches when the scorer asks whether it names the programme asked about, and its caches.

A slide's title and lead (「…先導的プロジェクトによるモデル的な…」) may stand several passages above the figures
it introduces (「2次公募：14件採択」), past the passage right before them: `section_lead` reads them too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from assistant.types import Chunk

MIN_NAME_SHARE = 0.7  # share of a named thing's character pairs that its passage must hold
MAX_CACHED_PASSAGES = 20000  # analyses kept per engine (a bound for very large corpora)
T = TypeVar("T")
MAX_SECTION_STEPS = 6  # passages walked back to a section's start (a slide's list runs over a few)


def section_lead(chunk: Chunk, previous: Callable[[Chunk], Chunk | None]) -> list[Chunk]:
    """The passage opening ``chunk``'s section (same heading) and the one before it, unless that one ends a sibling
    section (「(1)…」 before 「(3)…」: it names another programme); none when ``chunk`` opens its section (its
    neighbours are read already) or the section runs further back than `MAX_SECTION_STEPS` passages."""
    first = chunk
    for _ in range(MAX_SECTION_STEPS + 1):
        before = previous(first)
        if before is None or before.heading != chunk.heading:
            if first is chunk:
                return []
            return [first] if before is None or siblings(before.heading, chunk.heading) else [first, before]
        first = before
    return []


#: How a heading is numbered or marked: two headings marked alike are siblings (「(1)」「(3)」, 「■」「■」, 「①」「②」).
_MARKS = (
    re.compile(r"^\s*[(（]\s*\d+\s*[)）]"),
    re.compile(r"^\s*\d+\s*[.．、)）]"),
    re.compile(r"^\s*[①-⑳]"),
    re.compile(r"^\s*[■□●○◆◇▼▽▲△・]"),
    re.compile(r"^\s*[<＜〈【]"),
    re.compile(r"^\s*第\s*\d+\s*[章節回部]"),
)


def siblings(a: str, b: str) -> bool:
    """Whether two headings are marked alike (numbered or bulleted the same way): sections side by side."""
    return any(m.match(a) and m.match(b) for m in _MARKS)


def pairs(text: str) -> set[str]:
    """The text's character pairs: how much of a name a passage writes, whatever its spacing or の."""
    return {text[i : i + 2] for i in range(len(text) - 1)}


def names_held(names: Sequence[str], have: set[str]) -> bool:
    """Whether the pairs ``have`` hold most of every name's pairs (`MIN_NAME_SHARE`)."""
    return all(len(pairs(n) & have) >= MIN_NAME_SHARE * len(pairs(n)) for n in names)


def cached(cache: dict[str, T], key: str, make: Callable[[], T]) -> T:
    """``cache[key]``, made once; the oldest entry goes past `MAX_CACHED_PASSAGES`."""
    found = cache.get(key)
    if found is None:
        if len(cache) >= MAX_CACHED_PASSAGES:
            cache.pop(next(iter(cache)))
        found = cache[key] = make()
    return found
