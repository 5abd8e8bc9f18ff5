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
