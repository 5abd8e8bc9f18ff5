"""The fields a conversation's turns ask (「実人数」「補助率」「協議会の会長」), told apart from the thing they are asked of.

A follow-up carries the subject of earlier turns; the fields those turns asked are no part of it once a turn names a
field of its own, or its own field would not choose the sentence (issue 13).
"""

from __future__ import annotations

import re

from assistant.answer.turn_words import FIELD_WORDS, names_a_thing, without_opener

#: The last word of a noun naming the kind of value asked of a thing (「実人数」「延べ人数」「旅行者数目標」「R6予算」): a
#: field, whatever words before it say which one. Not 数, 件数 or 額: 「支援法人の指定数」「移住相談件数」 name a KPI, the
#: thing itself.
_FIELD_HEADS = frozenset(
    "人数 目標 目標値 基準値 実績 実績値 進捗率 上限 上限額 補助率 予算 予算額 期間 時期 日付 日程 年会費 会費 期限 年代 "
    # A body's roles and members: what is asked of it (「協議会の会長は？」「その構成員は？」), not a thing of its own.
    "会長 委員長 部会長 代表 構成員 事務局".split()
)
#: A field is short: a longer noun ending in a head (「地域公共交通確保維持改善事業費補助率」) names a thing of its own.
_FIELD_LEN = 8
#: The last segment of a carried subject, after its last 「の」, comma or space (a trailing 「の方」 aside).
_LAST_SEGMENT = re.compile(r"(?:^|[の、,\s]+)([^の、,\s]+?)(?:の(?:方|ほう))?$")


def is_field(phrase: str) -> bool:
    """A short noun ending in a field's word (「実人数」「延べ人数」「補助率」「旅行者数目標」): the kind of value asked."""
    from assistant.text.tokenizer import tagged

    phrase = re.sub(r"の(?:方|ほう)$", "", phrase.strip())
    if not phrase or len(phrase) > _FIELD_LEN or re.search(r"\s", phrase):
        return False
    words = tagged(phrase)
    # A compound noun only (「延べ人数」「実人数」): no particle or verb, which would make it a clause.
    if not words or not all(w[1] in ("名詞", "接頭辞", "接尾辞") for w in words):
        return False
    # The head starts a word (「補助率」 = 補助 + 率, 「構成員」 = 構成 + 員): no head cut out of a longer word.
    starts, at = set(), 0
    for w in words:
        starts.add(at)
        at += len(w[0])
    return any(phrase.endswith(h) and len(phrase) - len(h) in starts for h in _FIELD_HEADS)


def without_fields(subject: str) -> str:
    """``subject`` without the fields that end it, however many (「Xの実人数 延べ人数」 -> 「X」); itself when all are."""
    rest = subject.strip()
    while (m := _LAST_SEGMENT.search(rest)) is not None and m.start() > 0 and is_field(m.group(1)):
        rest = rest[: m.start()].strip("、, ")
    return rest or subject


#: Words of `FIELD_WORDS` that ask no field of their own: question words, times and framing (「今は？」「全国だと？」).
_NOT_ASKED = frozenset("何 いつ どこ 誰 いくら いくつ 方 数 額 今 現在 全国 年度 場合 だと 頃 KPI kpi".split())


def names_a_field(turn: str) -> bool:
    """A turn naming the field it asks (「期間は？」「登録のやり方は？」「延べ人数だと？」), not one asking again what was
    asked before of another time or item (「取得した当時は？」) or drilling into the last answer (「何日から？」)."""
    from assistant.text.tokenizer import tokenize

    turn = without_opener(turn)
    words = set(tokenize(turn)) | {m.group(1) for m in re.finditer(r"(方法|やり方|[^\s、。？?はがをの]{1,6})", turn)}
    # A count, sum or rate named (「出生数」「交付額」「稼働率」) is a field the turn asks, though it may name a KPI too.
    counted = any(len(w) >= 2 and w.endswith(("数", "額", "率")) and not w.startswith("何") for w in words)
    return bool(words & (FIELD_WORDS - _NOT_ASKED)) or counted or any(is_field(w) for w in words)


def item_of(focus: str) -> str:
    """The item a focus narrowed to without the field it asked (「協議会の会長」 -> 「協議会」), "" when only a field or a
    word too short to name a thing is left (「延べ人数」, 「前年度の補正予算」 -> 「前年度」)."""
    rest = "" if is_field(focus) else without_fields(focus)
    return rest if rest == focus or names_a_thing(rest) else ""
