"""What a follow-up turn changes in the subject it carries: the item it swaps in, the view it reads.

Text rules only (no corpus): `conversation` decides whether a turn is a follow-up, these say how the
carried subject must be rewritten for it.
"""

from __future__ import annotations

import re

from assistant.question.rules import ROLE

#: 「…地区数は？」: a count asked by its field (a sibling turn after it asks a count too).
COUNT_FIELD = re.compile(r"[\u4e00-\u9fff]数(?:は|って)?[？?]?$")
#: 「有楽町店の会期」: the field an item was asked for, the last 「の」 segment of a short noun phrase.
FIELD_OF = re.compile(r"(?<=.)の([\u3400-\u9fff\u30a0-\u30ffA-Za-z]{1,6})$")
#: The topic particle a bare item turn ends with (「札幌店は？」「シルバーだと？」).
TOPIC_TAIL = re.compile(r"(?:は|だと|では|なら|の場合は|の場合)[？?]?$")
#: The kinds a sibling item borrows with the field: a date or a sum belongs to each item alike.
BORROWED_KINDS = frozenset({"date", "amount", "rate", "cap", "percent"})

#: A role whose holder a bare turn asks (「交通部会の部会長は？」「委員長は？」): a person or a body, never a quantity.
#: Besides the roles a question may ask the holder of (`rules.ROLE`), a bare turn may ask the office or the head.
_ROLE_ASKED = re.compile(rf"(?:{ROLE}|代表|事務局長?|責任者|トップ)(?:代理)?(?:は|って|だと|なら)[？?]?$")


#: Words naming a field or a part of a body, never a sibling body of it (「事務局は？」 asks the same body's office).
_NOT_A_BODY = frozenset("テーマ 検討テーマ メンバー 事務局 構成員 委員 会員 役員 名簿 議題".split())
#: The trailing kanji run of a name: its head noun is a suffix of it (交通部会 -> …部会).
_KANJI_TAIL = re.compile(r"[\u3400-\u9fff]+$")


def sibling_body(item: str, body: str) -> bool:
    """「環境委員会」 beside 「観光委員会」: another body of the same kind, sharing a head noun of two kanji or more.

    The shared head is shorter than both names (「委員会」 alone is no sibling); the caller leaves out field words.
    """
    if item in _NOT_A_BODY or item == body:
        return False
    a, b = _KANJI_TAIL.search(item), _KANJI_TAIL.search(body)
    if a is None or b is None:
        return False
    x, y = a.group(0), b.group(0)
    n = 0
    while n < min(len(x), len(y)) and x[-1 - n] == y[-1 - n]:
        n += 1
    return 2 <= n < min(len(x), len(y))


#: Events in the life of a body, a facility, a plan or a law (set up, opened, held, begun, drawn up, in force, ended):
#: a bare turn naming one asks when or where of the thing discussed. Other verbal nouns (補正, 保育, 宿泊, 輸出, 進学)
#: name items of the same kind as the one asked before, so they stay siblings.
EVENT_NOUNS = frozenset(
    "設立 創設 創立 発足 結成 開業 開設 開館 開所 開園 開校 開店 開催 開始 開幕 完成 竣工 着工 策定 制定 施行 公布 "
    "閣議決定 改定 閉館 閉校 閉鎖 廃止 解散 終了".split()
)


def names_an_event(item: str) -> bool:
    """「設立」「開催」: an event of the thing discussed (when, where), never another item of it."""
    return item.strip(" 、,。") in EVENT_NOUNS


def asks_role(question: str) -> bool:
    """「交通部会の部会長は？」: the turn asks who holds a role, a predicate of its own (not a count)."""
    return bool(_ROLE_ASKED.search(question.strip()))


#: Where a turn reads the answer (「一覧だと」「…の表では」「資料で」): a view of the subject, no subject of its own.
_VIEW = re.compile(
    # 「…で」 only with its comma: 「チェックリストで確認する項目」 uses the list, it does not read the answer in it.
    r"^(?:で、|じゃあ|では)?[^、。？?\s]{0,10}?(?:一覧|(?<![代発公])表|資料|リスト)(?:だと|では|で[、,])[、,]?\s*"
)


def without_view(turn: str) -> str:
    """「事業一覧だと上限は？」 -> 「上限は？」: the turn without the view it reads the answer in."""
    return _VIEW.sub("", turn, count=1) or turn


def ends_in_predicate(text: str) -> bool:
    """「発表したの」「どこの店と提携してる」: a verb or adjective no noun follows, so it ends a clause that asks.

    A verb with a noun after it modifies the noun (「地域に取り組んでる法人」) and names a thing.
    """
    from assistant.text.tokenizer import tagged

    words = [w for w in tagged(text) if w[1] not in ("補助記号", "空白")]
    last = max((k for k, w in enumerate(words) if w[1] in ("動詞", "形容詞")), default=None)
    return last is not None and all(w[1] in ("助動詞", "助詞") for w in words[last + 1 :])
