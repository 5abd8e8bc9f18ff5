"""Lists asked for by their members: 「提携している8つの自治体はどこ」 wants the names, not the count."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.question.words import frame_tokens
from assistant.text.normalize import normalize
from assistant.text.tokenizer import tokenize

#: どの that asks an amount or a manner (「どのくらい」「どの程度」「どのように」), not which one.
_NOT_AMOUNT = r"(?!くらい|ぐらい|程度|よう)"
#: Asking which ones (not how many): どこ, どれ, どの, 名前, 名称, それぞれ, 教えて, 挙げて. 「どこまで」 asks an extent
#: (「どこまで絞った」「どこまで減る」), not which ones.
_ASKS_WHICH = re.compile(rf"どこ(?!まで)|どれ(?!くらい|ぐらい|ほど)|どの{_NOT_AMOUNT}|名前|名称|それぞれ|教えて|挙げ")
#: Separators of a written list: 「帯広市、音更町、芽室町」「信州大学・名古屋大学」「「A部会」「B部会」」「A及びB」.
_SEPARATORS = re.compile(r"[、,・/]|」\s?「|及び|および")
#: A run of nouns, joined by の or a counter's の (「3か所の広域リージョン」「モデル定住圏の44圏域」).
_RUN = r"(?:\d+\s?[かカヵヶ]所|[\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9・ー々])+"
#: The phrase the asking word asks about: the noun run right before it (「…提携している自治体を教えて」「24県ってどこ」
#: 「ネットワークの名前は」), or the noun after どの/どこの (「どの都市」「どこの大学の学生」).
_ASKED_BEFORE = re.compile(
    rf"((?:{_RUN}(?:つの|か所の|カ所の|の))*{_RUN})\s?(?:は|って|を|が|、|の|\s)*(?:それぞれ|具体的に|全部)?\s?"
    r"(?:どこ(?!まで)|どれ|名前|名称|教えて|挙げ)"
)
_ASKED_AFTER = re.compile(rf"(?:どの{_NOT_AMOUNT}|どこの)({_RUN})")
#: A counter asked about alone (「3か所はどこ」).
_PLACES_COUNTED = re.compile(r"^\d+\s?([かカヵヶ箇]所)$")
#: Words of time or order are no things a list names: 「3月」「25日」「7年」, and 「第5回」 is an ordinal.
_NOT_COUNTED = frozenset({"年", "月", "日", "時", "分", "回", "年度", "以上", "以下", "未満"})


def asked_nouns(question: str) -> set[str]:
    """The nouns of the phrase a which-question asks about (normalised ``question``), or all its nouns when none is read.

    「68の自治体と府省で作るネットワークの名前は」 asks about the network, not the municipalities it counts.
    """
    runs = [m.group(1) for m in _ASKED_BEFORE.finditer(question)] + [m.group(1) for m in _ASKED_AFTER.finditer(question)]

    def nouns(text: str) -> set[str]:
        return {
            t
            for t in tokenize(text, nouns_only=True)
            if t not in frame_tokens() and not t[0].isdigit() and t not in _NOT_COUNTED
        }

    asked = set().union(*(nouns(r) for r in runs)) if runs else set()
    # 「3か所はどこ」: the counter itself is what is asked about (the tokeniser reads か所 as a plain noun).
    asked |= {m.group(1) for r in runs if (m := _PLACES_COUNTED.match(r))}
    return asked or nouns(question)


def counted_not_named(question: str, text: str) -> bool:
    """Whether ``text`` counts the things the question asks to name (「8自治体と提携」) without listing them.

    The question asks which ones (どこ, どの, 名前, 教えて…) of a noun; the text writes a number of that noun
    (8自治体, 3か所の広域リージョン, 44圏域) with fewer separators after it than that number needs, and no list
    just before it either (「防災、環境、福祉、教育の4部会」 names its four). An ordinal (「第5回」) counts nothing.
    """
    q = normalize(question)
    if not _ASKS_WHICH.search(q):
        return False
    body = normalize(text)
    for noun in sorted(asked_nouns(q), key=len, reverse=True):
        for m in _counted(noun).finditer(body):
            n = int(m.group(1))
            if not 2 <= n <= 200 or body[max(0, m.start() - 1) : m.start()] == "第":
                continue
            after = body[m.end() : m.end() + 12 * n]
            before = body[max(0, m.start() - 16 * n) : m.start()]
            listed_before = re.search(r"(?:の|及び|および)\s?$", before) and len(_SEPARATORS.findall(before)) >= n - 1
            if len(_SEPARATORS.findall(after)) < n - 1 and not listed_before:
                return True
    return False


@lru_cache(maxsize=4096)
def _counted(noun: str) -> re.Pattern[str]:
    """A number counting ``noun`` (「8自治体」「3か所の広域リージョン」), compiled once per noun: re's own cache is small."""
    return re.compile(rf"(\d+)\s?(?:つの|か所の|カ所の|の)?\s?{re.escape(noun)}")
