"""The noun whose name a question asks: 「学生団体の名前は」 -> 学生団体, 「作品のタイトルは」 -> 作品.

An answer names it only where a name stands bound to that noun in its words (`answer/named_checks.py`): a passage
that talks about the thing (「学生団体を設立」「音のアート作品を制作」) without naming it does not answer.
Which-questions (「どの法律」「どこの企業」) are not read here: their answers name a law or a company in many forms
(物流総合効率化法, ユニリーバ・ジャパン) that no suffix of the asked noun binds; the place and body features
(`confidence.kind_absent`) weigh those.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.text.normalize import normalize, without_quotes

#: A noun run (kanji, katakana, ー) right before the asked name.
_NOUN = r"[\u4e00-\u9fff\u30a0-\u30ffー]{2,12}"
#: 「Xの名前」「X、名前は」「Xのタイトル」「Xの正式名称」: the name of X is asked.
_NAME_OF = re.compile(rf"({_NOUN}(?:(?:や|と|・){_NOUN})*)(?:の|、)\s?(?:名前|名称|タイトル|正式名称)")
#: Nouns joined in one question: 「企業や大学の名前」.
_ONE_OF = re.compile(r"や|と|・")


@lru_cache(maxsize=4096)
def asked_heads(question: str) -> tuple[str, ...]:
    """The nouns whose names ``question`` asks (normalised, quoted names left out), or () when none is."""
    text = without_quotes(normalize(question))
    found: list[str] = []
    for m in _NAME_OF.finditer(text):
        for noun in _ONE_OF.split(m.group(1)):
            if len(noun) >= 2 and noun not in found:
                found.append(noun)
    return tuple(found)


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
