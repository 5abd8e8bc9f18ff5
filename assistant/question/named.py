"""The term whose meaning a question asks: 「「X」とはどういう意味」 -> X (checked by `answer/named_checks.py`)."""

from __future__ import annotations

import re

from assistant.text.normalize import normalize

#: 「「X」とはどういう意味」「Xとは、どのような制度」「Xってどういうもの」「Xとは何」: what X is, is asked; not
#: 「Xって何に基づく」「Xって、どういう費用が対象」, which ask another thing about X.
_WHAT_IS = re.compile(
    r"(?:[「『]([^」』]{2,30})[」』]|([\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9.ー・]{4,30}))\s?(?:とは|って)、?\s?"
    r"(?:何|なに)(?![にをがでとか])"
    r"|(?:[「『]([^」』]{2,30})[」』]|([\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9.ー・]{4,30}))\s?(?:とは|って)、?\s?"
    r"(?:どういう|どのような|どんな)[^、。?？がをにで]{0,8}?(?:こと|もの|意味|ですか|を指|を言|[?？]|$)"
)


def meaning_asked(question: str) -> str:
    """The term whose meaning ``question`` asks (「「X」とはどういう意味」 -> X), or "".

    A bare word must be a compound of four characters or more: 「地図って何」 asks which map, not what a map is."""
    m = _WHAT_IS.search(normalize(question))
    return next((g for g in m.groups() if g), "") if m else ""
