"""Years as written in Japanese plans (令和6年度, R6, 2024年, 平成30年), read as one calendar year each."""

from __future__ import annotations

import functools
import re

from assistant.text.normalize import normalize

#: A year as plans write it (令和6年度, R6, 2024年): the pattern other readers build on.
YEAR_PATTERN = r"(?:令和|平成)\s?(?:\d+|元)\s?年度?|R\s?\d{1,2}(?!\d)|(?:19|20)\d\d\s?年度?"
_YEAR = re.compile(YEAR_PATTERN)

#: A year as a question or a subject writes it, either way (「2050年」「令和7年度」「R6」「H28」), to find or drop it.
WRITTEN_YEAR = re.compile(
    r"(?:(?:令和|平成|昭和)\s?(?:\d{1,2}|元)|(?<![A-Za-z])[RH]\s?\d{1,2}(?!\d)|(?:19|20)\d{2})\s?(?:年度?)?"
)

#: How far after a value its own year may stand, as tables and KPI lines write it: 「1,232万人(R1)」.
_OWN_YEAR_SPAN = 12


@functools.lru_cache(maxsize=16384)
def years_in(text: str) -> frozenset[str]:
    """Years written in ``text`` as one canonical form each (令和6年 = R6 = 2024年).

    Kept per text: the sentence scorer asks it of the same passage windows query after query."""
    out: set[str] = set()
    for m in _YEAR.finditer(normalize(text)):
        token = re.sub(r"\s", "", m.group(0))
        if token.startswith(("令和", "R")):
            digits = re.sub(r"\D", "", token) or "1"
            out.add(str(2018 + int(digits)))
        elif token.startswith("平成"):
            digits = re.sub(r"\D", "", token) or "1"
            out.add(str(1988 + int(digits)))
        else:
            out.add(token[:4])
    return frozenset(out)


def own_years(text: str, end: int) -> frozenset[str]:
    """The year a value ending at ``end`` is given with, in brackets right after it: 「53.0%(R6)」 -> {2024}."""
    after = text[end : end + _OWN_YEAR_SPAN].lstrip()
    if not after.startswith(("(", "（")):
        return frozenset()
    return years_in(re.split(r"[)）]", after[1:], maxsplit=1)[0])
