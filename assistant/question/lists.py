"""Lists asked for by their members: 「連携している6つの町はどこ」 wants the names, not the count."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.question.words import frame_tokens
from assistant.text.normalize import normalize
from assistant.text.tokenizer import tokenize

#: Asking which ones (not how many): どこ, どれ, どの, 名前, 名称, それぞれ, 教えて, 挙げて.
_ASKS_WHICH = re.compile(r"どこ|どれ|どの|名前|名称|それぞれ|教えて|挙げ")
#: Separators of a written list: 「帯広市、音更町、芽室町」「信州大学・名古屋大学」.
_SEPARATORS = re.compile(r"[、,・/]")


def counted_not_named(question: str, text: str) -> bool:
    """Whether ``text`` counts the things the question asks to name (「8自治体と提携」) without listing them.

    The question asks which ones (どこ, どの, 名前, 教えて…) of a noun; the text writes a number of that noun
    (6自治体, 5か所の拠点地区, 12圏域) and fewer separators after it than that number needs.
    """
    q = normalize(question)
    if not _ASKS_WHICH.search(q):
        return False
    body = normalize(text)
    nouns = {t for t in tokenize(q, nouns_only=True) if t not in frame_tokens() and not t[0].isdigit()}
    for noun in sorted(nouns, key=len, reverse=True):
        for m in _counted(noun).finditer(body):
            n = int(m.group(1))
            after = body[m.end() : m.end() + 12 * n]
            if 2 <= n <= 200 and len(_SEPARATORS.findall(after)) < n - 1:
                return True
    return False


@lru_cache(maxsize=4096)
def _counted(noun: str) -> re.Pattern[str]:
    """A number counting ``noun`` (「6自治体」「5か所の拠点地区」), compiled once per noun: re's own cache is small."""
    # At most three digits, not inside a longer figure: counts above 200 are not read anyway, and int() of a run of
    # thousands of digits raises (a document may hold one).
    return re.compile(rf"(?<!\d)(\d{{1,3}})(?!\d)\s?(?:つの|か所の|カ所の|の)?\s?{re.escape(noun)}")
