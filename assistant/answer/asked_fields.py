"""The fields a conversation's turns ask (「実人数」「補助率」「…協議会の会長」), told apart from the thing they are asked of.

A follow-up carries the subject of earlier turns; the fields those turns asked are no part of it once a turn names a
field of its own, or its own field would not choose the sentence (issue 13).
"""

from __future__ import annotations

import re

from assistant.answer.turn_words import FIELD_WORDS, names_a_thing, without_opener

#: The last word of a noun naming the kind of value asked of a thing (「実人数」「延べ人数」「計画期間」「R6予算」): a field,
#: whatever qualifier before it says which one. Not 数, 件数 or 額: 「支援法人の指定数」「移住相談件数」 name a KPI, the
#: thing itself.
_FIELD_HEADS = frozenset(
    "人数 目標 目標値 基準値 実績 実績値 進捗率 上限 上限額 補助率 予算 予算額 期間 時期 日付 日程 年会費 会費 期限 年代 "
    # Who a programme is for and who runs it (「支援対象」「対象者」「所管省庁」): asked of it, not a thing of its own.
    "支援対象 対象者 支援内容 所管 所管省庁 所管部局 "
    # An event's fields (「会場は？」 after 「…祭りの日程は？」): where, when, who holds it, what it costs.
    "会場 場所 開催日 開催日時 日時 会期 開催期間 参加費 主催 主催者 定員 締切 "
    # A body's roles and members: what is asked of it (「この協議会の会長は誰？」「構成員はどこ？」), not a thing of its own.
    "会長 委員長 部会長 代表 構成員 事務局".split()
)
#: A field is short: a longer noun ending in a head (「地域公共交通確保維持改善事業費補助率」) names a thing of its own.
_FIELD_LEN = 8
#: What alone qualifies 人数 into a field (「実人数」「延べ人数」); any other word before it names a KPI (「…参加人数」).
_HEADCOUNT_QUALIFIERS = frozenset(("", "実", "延べ", "延", "のべ"))
#: Field words that a qualifier before them may turn into an item's name (「移住体験参加人数」「札幌会場」).
_QUALIFIED_HEADS = frozenset(("人数", "会場", "場所"))
#: What alone qualifies 会場 or 場所 into a field (「開催場所」「設置場所」); any other word before it names a venue.
_PLACE_QUALIFIERS = frozenset(("", "開催", "実施", "設置"))
#: The end of a word naming a measured quantity (「観光入込客数」「交付額」): a KPI, the thing a field is asked of.
_MEASURED = re.compile(r"(?:数|額|率|量|面積|人口)$")
#: The last segment of a carried subject, after its last 「の」, comma or space (a trailing 「の方」 aside).
_LAST_SEGMENT = re.compile(r"(?:^|[の、,\s]+)([^の、,\s]+?)(?:の(?:方|ほう))?$")


def _head_split(phrase: str) -> tuple[str, str] | None:
    """(words before, field word) of a short compound noun ending in a field word that starts a word of its own."""
    from assistant.text.tokenizer import tagged

    phrase = re.sub(r"の(?:方|ほう)$", "", phrase.strip())
    if not phrase or len(phrase) > _FIELD_LEN or re.search(r"\s", phrase):
        return None
    words = tagged(phrase)
    # A compound noun only (「延べ人数」「実人数」): no particle or verb, which would make it a clause.
    if not words or not all(w[1] in ("名詞", "接頭辞", "接尾辞") for w in words):
        return None
    # The head starts a word (「補助率」 = 補助 + 率, 「構成員」 = 構成 + 員): no head cut out of a longer word.
    starts, at = set(), 0
    for w in words:
        starts.add(at)
        at += len(w[0])
    heads = [h for h in _FIELD_HEADS if phrase.endswith(h) and len(phrase) - len(h) in starts]
    if not heads:
        return None
    head = max(heads, key=len)
    return phrase[: -len(head)], head


def _names_the_thing(before: str, head: str) -> bool:
    """The words before a field word name the thing it is asked of (「観光入込客数」目標, 「移住体験参加」人数)."""
    if head == "人数":
        return before not in _HEADCOUNT_QUALIFIERS
    if head in ("会場", "場所"):
        # 「開催場所」 is where an event is held; 「札幌会場」「第2会場」 name one venue of several, an item of its own.
        return before not in _PLACE_QUALIFIERS
    return bool(_MEASURED.search(before)) or names_a_thing(before)


def is_field(phrase: str) -> bool:
    """A short noun that is only a field (「実人数」「延べ人数」「補助率」「計画期間」), not a thing with its field attached
    (「観光入込客数目標」) nor a KPI counted in people (「移住体験参加人数」)."""
    split = _head_split(phrase)
    return split is not None and not _names_the_thing(*split)


def without_fields(subject: str) -> str:
    """``subject`` without the fields that end it, however many (「Xの実人数 延べ人数」 -> 「X」, 「Xの客数目標」 ->
    「Xの客数」); itself when all are."""
    rest = subject.strip()
    while (m := _LAST_SEGMENT.search(rest)) is not None:
        split = _head_split(m.group(1))
        if split is not None and split[1] not in _QUALIFIED_HEADS and _names_the_thing(*split):
            # A field word joined to the thing's own name: only the field word goes (「観光入込客数目標」 -> 「観光入込客数」).
            return rest[: m.start(1)] + split[0]
        if m.start() == 0 or split is None or _names_the_thing(*split):
            break
        rest = rest[: m.start()].strip("、, ")
    return rest or subject


#: Words of `FIELD_WORDS` that ask no field of their own: question words, times and framing (「今なら？」「全国なら？」).
_NOT_ASKED = frozenset("何 いつ どこ 誰 いくら いくつ 方 数 額 今 現在 全国 年度 場合 だと 頃 KPI kpi".split())


def names_a_field(turn: str) -> bool:
    """A turn naming the field it asks (「開催期間は？」「申込のやり方は？」「延べ人数なら？」), not one asking again what
    was asked before of another time or item (「開設した当時は？」) or drilling into the last answer (「何時から？」)."""
    from assistant.text.tokenizer import tokenize

    turn = without_opener(turn)
    words = set(tokenize(turn)) | {m.group(1) for m in re.finditer(r"(方法|やり方|[^\s、。？?はがをの]{1,6})", turn)}
    # A count, sum or rate named (「出生数」「交付額」「稼働率」) is a field the turn asks, though it may name a KPI too.
    counted = any(len(w) >= 2 and w.endswith(("数", "額", "率")) and not w.startswith("何") for w in words)
    # A field word ending a longer word that names an item (「札幌会場」: one venue of several) is not asked as a field.
    items = {w for w in words if _head_split(w) is not None and not is_field(w)}
    fields = {w for w in words if is_field(w) and not any(i != w and i.endswith(w) for i in items)}
    return bool(words & (FIELD_WORDS - _NOT_ASKED)) or counted or bool(fields)


def item_of(focus: str) -> str:
    """The item a focus narrowed to without the field it asked (「みずほ市観光連携協議会の会長」 -> 「…協議会」), "" when only
    a field or a word too short to name a thing is left (「延べ人数」, 「協議会の会長」 -> 「協議会」, 「前年度の補正予算」)."""
    rest = "" if is_field(focus) else without_fields(focus)
    return rest if rest == focus or names_a_thing(rest) else ""
