"""Lists asked for by their members: 「協定を結んだ5つの町はどこ」 wants the names, not the count."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.question.words import frame_tokens
from assistant.text.normalize import normalize
from assistant.text.tokenizer import tokenize

#: どの that asks an amount or a manner (「どのくらい」「どの程度」「どのように」), not which one.
_NOT_AMOUNT = r"(?!くらい|ぐらい|程度|よう)"
#: Asking which ones (not how many): どこ, どれ, どの, 名前, 名称, それぞれ, 教えて, 挙げて. 「どこまで」 asks an extent
#: (「参加者はどこまで増えた」), not which ones; the どの of 「などの」「ほどの」 asks nothing.
_DONO = rf"(?<![なほ])どの{_NOT_AMOUNT}"
_ASKS_WHICH = re.compile(rf"どこ(?!まで)|どれ(?!くらい|ぐらい|ほど)|{_DONO}|名前|名称|それぞれ|教えて|挙げ")
#: Separators of a written list: 「帯広市、音更町、芽室町」「信州大学・名古屋大学」「「A部会」「B部会」」「A及びB」.
_SEPARATORS = re.compile(r"[、,・/]|」\s?「|及び|および")
#: A run of noun characters (kanji, katakana, latin, digits; the か of 「3か所」). Possessive: one way to read a run,
#: so a long run of digits or counters cannot make the pattern backtrack exponentially.
_RUN = r"(?:[\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9・ー々]|か(?=所))++"
#: The phrase the asking word asks about: runs joined by の, つの, と or や right before it (「…加盟している団体を教えて」
#: 「5市ってどこ」「協議会の名前は」「町と村を教えて」), or the noun after どの/どこの (「どの港」「どこの高校の生徒」).
_ASKED_BEFORE = re.compile(
    rf"((?:{_RUN}(?:つの|の|と|や))*{_RUN})\s?(?:は|って|を|が|、|の|\s)*(?:それぞれ|具体的に|全部)?\s?"
    r"(?:どこ(?!まで)|どれ|名前|名称|教えて|挙げ)"
)
_ASKED_AFTER = re.compile(rf"(?:{_DONO}|どこの)({_RUN})")
#: A counter asked about alone (「3か所はどこ」).
_PLACES_COUNTED = re.compile(r"^\d+\s?([かカヵヶ箇]所)$")
#: Words of time or order are no things a list names: 「3月」「25日」「7年」, and 「第5回」 is an ordinal.
_NOT_COUNTED = frozenset({"年", "月", "日", "時", "分", "回", "年度", "以上", "以下", "未満"})


def asked_nouns(question: str) -> set[str]:
    """The nouns of the phrase a which-question asks about (normalised ``question``), or all its nouns when none is read.

    「15の市町村と県が加盟する協議会の名前は」 asks about the council, not the municipalities it counts.
    """
    runs = [m.group(1) for m in _ASKED_BEFORE.finditer(question)] + [
        m.group(1) for m in _ASKED_AFTER.finditer(question)
    ]

    def nouns(text: str) -> set[str]:
        return {
            t
            for t in tokenize(text, nouns_only=True)
            if t not in frame_tokens() and not t[0].isdigit() and t not in _NOT_COUNTED
        }

    whole = nouns(question)
    asked: set[str] = set()
    for run in runs:
        alone = nouns(run)
        # A run tokenised alone may read otherwise than in its sentence (「町村」 alone is one word read マチムラ, in a
        # sentence 町 and 村): then the question's own nouns written inside the run stand for it.
        asked |= alone if all(t in run for t in alone) else {w for w in whole if w in run}
    # 「3か所はどこ」: the counter itself is what is asked about (the tokeniser reads か所 as a plain noun).
    asked |= {m.group(1) for r in runs if (m := _PLACES_COUNTED.match(r))}
    return asked or whole


def counted_not_named(question: str, text: str) -> bool:
    """Whether ``text`` counts the things the question asks to name (「8自治体と提携」) without listing them.

    The question asks which ones (どこ, どの, 名前, 教えて…) of a noun; the text writes a number of that noun
    (8自治体, 3か所の拠点, 12圏域) with fewer separators after it than that number needs, and no list just before
    it either (「観光、農業、漁業、商業の4部会」 names its four). An ordinal (「第5回」) counts nothing.
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
            listed_before = _listed_before(n).search(before) is not None
            if len(_SEPARATORS.findall(after)) < n - 1 and not listed_before:
                return True
    return False


#: A character of a list's member: no separator, no particle of a clause (を, に, は, が, で, も), no figure, so that
#: 「令和6年度、市内の2大学」 or 「市は、県内の3地区」 is no list.
_CH = r"(?:(?!及び|および)[^、。,・/をにはがでも\d「」])"
#: A member before a separator, read possessively (one way only, so a long list cannot make the pattern backtrack),
#: and the last member, read up to the の that joins the list to its count.
_ITEM = rf"「?{_CH}{{1,15}}+」?"
_LAST = rf"「?{_CH}{{1,15}}」?"
_ITEM_SEP = r"(?:[、,・/]|」\s?「|及び|および)"
#: Words opening a sentence before its comma (「なお、市内の2大学」), never a list's first member.
_OPENERS = r"(?:なお|一方|現在|今後|ただし|当初|例えば|また|さらに|特に|このため|その結果|この結果|同日|同年|今回|今年度|本年度)"


@lru_cache(maxsize=256)
def _listed_before(n: int) -> re.Pattern[str]:
    """The n members of a list written right before its count, up to the の joining them to it (「植林、間伐及び木工の」)."""
    # The first member starts the list: after a particle, a punctuation mark or the text's start, not inside a word or
    # a date, and not a sentence's opening word. The last is no place relative to the writer (「市内の」「県外の」).
    return re.compile(
        rf"(?:^|(?<=[、。をにはがでも「（(\s]))(?!{_OPENERS}[、,])(?:{_ITEM}{_ITEM_SEP}){{{n - 1}}}{_LAST}(?<![内外])(?<!近隣)の\s?$"
    )


#: The counter 箇所 in any of its spellings (the tokeniser reads か所 and カ所 as 箇所).
_PLACES = "[かカヵヶ箇]所"


@lru_cache(maxsize=4096)
def _counted(noun: str) -> re.Pattern[str]:
    """A number counting ``noun`` (「8自治体」「3か所の拠点」), compiled once per noun: re's own cache is small."""
    head = _PLACES if re.fullmatch(_PLACES, noun) else re.escape(noun)
    return re.compile(rf"(\d+)\s?(?:つの|{_PLACES}の|の)?\s?{head}")
