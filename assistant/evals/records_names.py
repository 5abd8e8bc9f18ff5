"""Records eval: names compared as writers and readers spell them (quotes, （再掲） and legal forms aside)."""

from __future__ import annotations

import re
from collections import defaultdict

from assistant.text.normalize import compact

# An organisation's legal form (after NFKC: ㈱ reads (株)), written before or after its name.
_LEGAL_FORM = re.compile(
    r"株式会社|\(株\)|有限会社|合同会社|(?:一般|公益)(?:社団|財団)法人|特定非営利活動法人|NPO法人|独立行政法人|国立研究開発法人"
)
_QUOTES = re.compile(r"[「」『』\"“”]|[（(]再掲[）)]")


def n(text: str | None) -> str:
    """NFKC, whitespace removed: the form values are compared in."""
    return compact(text) if text else ""


def _name(text: str) -> str:
    return _QUOTES.sub("", n(text))


def _bigrams(s: str) -> list[str]:
    return [s[i : i + 2] for i in range(len(s) - 1)] or [s]


def _bare(name: str) -> str:
    """A name without its legal form: 「株式会社X」 and 「Y株式会社」 share the form's bigrams, not a name."""
    bare = _LEGAL_FORM.sub("", name)
    return bare if len(bare) >= 2 else name


def name_similarity(a: str, b: str) -> float:
    """Dice over character bigrams of the names less their legal forms; one inside the other scores at least 0.6."""
    a, b = _name(a), _name(b)
    # a firm and the service it runs (「Xサービス」 / 「X株式会社」) tie once the form is gone: the name written
    # with the form on both sides or on neither side is preferred, so a tie falls to the same kind of entity
    odd_form = 0.01 if bool(_LEGAL_FORM.search(a)) != bool(_LEGAL_FORM.search(b)) else 0.0
    return _bare_similarity(_bare(a), _bare(b)) - odd_form


def _bare_similarity(a: str, b: str) -> float:
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
