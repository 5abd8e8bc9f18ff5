"""Records eval: names compared as writers and readers spell them (quotes and （再掲） aside)."""

from __future__ import annotations

import re
from collections import defaultdict

from assistant.text.normalize import compact

_QUOTES = re.compile(r"[「」『』\"“”]|[（(]再掲[）)]")


def n(text: str | None) -> str:
    """NFKC, whitespace removed: the form values are compared in."""
    return compact(text) if text else ""


def _name(text: str) -> str:
    return _QUOTES.sub("", n(text))


def _bigrams(s: str) -> list[str]:
    return [s[i : i + 2] for i in range(len(s) - 1)] or [s]


def name_similarity(a: str, b: str) -> float:
    """Dice over character bigrams; one name inside the other scores at least 0.6."""
    a, b = _name(a), _name(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    ga, gb = _bigrams(a), _bigrams(b)
    pool = defaultdict(int)
    for x in gb:
        pool[x] += 1
    common = 0
    for x in ga:
        if pool[x]:
            pool[x] -= 1
            common += 1
    dice = 2 * common / (len(ga) + len(gb))
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 2 and short in long_:
        return max(dice, 0.6 + 0.4 * len(short) / len(long_))
    return dice
