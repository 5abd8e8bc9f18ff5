"""A value one round of an event holds, asked with no round named: every round's, as the slide enumerates them.

「開催日：①6月18日②6月28日／企業数：①48社 ②45社」 asked 「何社参加した？」 names no round (no 「2回目」, no place of
one), so the answer is both rounds' (「①48社 ②45社」), not whichever one the sentence scorer reached first. A round
named by its number is read before this (`round_value`), and so is one named by another field's item (`aligned`).
"""

from __future__ import annotations

import re

from assistant.answer.aligned import Field, fields_in
from assistant.answer.lead_value import lead_value
from assistant.answer.round_value import asked_position
from assistant.text.normalize import normalize
from assistant.types import Chunk

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
#: A round named however it is written (「2回目に来た」 too, which `asked_position` reads as no ordinal): as written, so
#: a circled ② counts before normalisation turns it into a digit.
_ROUND_NAMED = re.compile(
    r"第\s*[0-9０-９一二三四五六七八九十]+\s*回|[0-9０-９一二三四五六七八九十]+\s*(?:回目|つ目|番目)|初回|最終回|[①-⑩]"
)


def every_round(chunk: Chunk, key: str, *questions: str) -> str | None:
    """The enumerated field of ``chunk`` holding the value ``key`` as one of its items, said whole (「①48社 ②45社」),
    when none of ``questions`` (the turn, and what was searched with the subject it carries) names a round; None
    otherwise (no such field, or a round asked)."""
    if any(asked_position(q) is not None or _ROUND_NAMED.search(q) for q in questions if q):
        return None
    fields = fields_in(chunk)
    if any(_names_an_item(normalize(q), fields) for q in questions if q):
        return None
    value = normalize(key)
    has_digit = any(ch.isdigit() for ch in value)
    for field in fields:
        holding = sum(value in item for item in field.items)
        if not holding:
            continue
        if holding == len(field.items):
            return None  # every round's alike (「教員8名」 in each): the value is the answer
        if has_digit and not all(any(ch.isdigit() for ch in item) for item in field.items):
            return None  # a figure beside items of another kind: no one field of rounds
        return " ".join(f"{_CIRCLED[i]}{item}" for i, item in enumerate(field.items))
    return None


#: The words an item may be named by: a name or noun of two characters or more, or a day (「6月18日」).
_ITEM_WORD = re.compile(r"[\u4e00-\u9fff\u30a1-\u30fcA-Za-z]{2,}|\d+月\d+日")


def _names_an_item(question: str, fields: list[Field]) -> bool:
    """Whether the question names one item of a field by a word some items write and others do not (「岩見沢市の会場
    では」「6月18日は」「小規模事業者の補助率」); a word every item writes (「生徒」) names none."""
    for field in fields:
        for word in {w for item in field.items for w in _ITEM_WORD.findall(item)}:
            holding = sum(word in item for item in field.items)
            if 0 < holding < len(field.items) and word in question:
                return True
    return False


def said_value(chunk: Chunk, sentence: str, key: str, asked: str, query: str) -> str:
    """How the lead says the value ``key`` of ``sentence``: every round's when it is one round's and none is asked
    (`every_round`), else with the words it is written with (`lead_value`: 「生徒21名」, 「4万人を超えている」)."""
    return every_round(chunk, key, asked, query) or lead_value(sentence, key, asked)
