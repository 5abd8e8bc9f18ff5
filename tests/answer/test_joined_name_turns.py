"""A turn naming a thing at full length by two names joined by の starts a new subject when the corpus says so.

Every example is invented (programmes and places that are not in the corpus).
"""

from __future__ import annotations

from assistant.answer.conversation import resolve_turn
from assistant.answer.turn_words import names_joined_things

from .chat_turns import apart, assistant, together, user


def test_two_four_character_names_joined_by_no_name_a_thing() -> None:
    assert names_joined_things("水産資源の持続利用の目標は？")
    assert names_joined_things("観光振興の広域連携は？")
    assert not names_joined_things("シニア会員の更新料は？")  # a name and a field
    assert not names_joined_things("シルバーは？")


def test_a_joined_name_turn_the_corpus_never_discusses_with_the_subject_stands_alone() -> None:
    """「森林保全の人材育成の目標は？」 after a question about harbour ferries: a new subject, carrying nothing."""
    history = [user("みなと町の渡し船は何便ある？"), assistant("1日12便です [1]")]
    r = resolve_turn("森林保全の人材育成の目標は？", history, apart)
    assert r.stands_alone and r.carried == ""
    # The next bare turn carries the new subject, not the ferries.
    history += [user("森林保全の人材育成の目標は？"), assistant("300人です [1]")]
    r = resolve_turn("いつまでに？", history, apart)
    assert not r.stands_alone and "森林保全" in r.carried and "渡し船" not in r.carried


def test_a_joined_name_turn_discussed_with_the_subject_still_follows_it() -> None:
    """With evidence that the documents discuss it with the subject, the turn stays a follow-up."""
    history = [user("みなと町の渡し船事業の予算は？"), assistant("30百万円です [1]")]
    r = resolve_turn("観光振興の広域連携は？", history, together)
    assert not r.stands_alone and "みなと町" in r.carried


def test_a_year_or_the_subjects_own_name_joined_by_no_is_no_thing_of_its_own() -> None:
    """「R8年度の事業規模は？」 dates a field; 「渡船事業の運航状況は？」 names the subject's thing: both follow it."""
    assert not names_joined_things("R8年度の事業規模は？")
    assert not names_joined_things("令和8年度の交付決定額は？")
    assert names_joined_things("港湾フェスタ2026の出店者数は？")  # a name that writes a year is still a name
    assert not names_joined_things("渡船事業の運航状況は？", "みなと町 渡船事業の予算")
    history = [user("みなと町の渡船事業の予算は？"), assistant("30百万円です [1]")]
    for turn in ("R8年度の事業規模は？", "渡船事業の運航状況は？"):
        r = resolve_turn(turn, history, apart)
        assert not r.stands_alone and "みなと町" in r.carried, turn
