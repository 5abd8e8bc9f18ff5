"""A follow-up answered from passages about another thing (a near miss).

Every example is invented (towns, programmes and KPIs that are not in the corpus).
"""

from __future__ import annotations

from assistant.answer.conversation import resolve_turn
from assistant.answer.follow_up import carried, subject_absent

from .chat_turns import apart, assistant, user

IDF = {"ほたる": 6.0, "保全": 3.0, "区域": 3.0, "登録": 2.0, "桜並木": 6.0, "みどり": 5.0, "協議会": 2.0}


def test_the_carried_subject_is_what_the_query_holds_besides_the_turn() -> None:
    history = [user("あおば町のほたる保全区域の登録目標は？"), assistant("30区域です [1]")]
    r = resolve_turn("今は何区域登録されてる？", history, apart)
    assert not r.stands_alone and carried(r).startswith("あおば町のほたる保全区域")
    assert carried(resolve_turn("あおば町の人口は？", None)) == ""


def test_a_follow_up_value_from_passages_without_the_subject_is_a_near_miss() -> None:
    """「今は何区域登録されてる？」 after a goal for firefly areas: a count of other trees is not the answer."""
    subject = "あおば町のほたる保全区域の登録目標"
    other = "ひばり村では桜並木の保存樹木を12本指定した。"
    assert subject_absent(subject, other, IDF)
    about = "ほたる保全区域は令和6年度末で18区域を登録済み。"
    assert not subject_absent(subject, about, IDF)
    # Nothing carried (the turn stood alone), or no passage text: nothing to check.
    assert not subject_absent("", other, IDF)
    assert not subject_absent(subject, "", IDF)
