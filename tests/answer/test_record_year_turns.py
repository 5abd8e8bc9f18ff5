"""Follow-ups over records and labelled cards: a year asked of another record, two budget years, a card's rows.

Every example is invented (towns, plans, KPIs and events that are not in the corpus).
"""

from __future__ import annotations

import pytest

from assistant.answer.confidence import Evidence
from assistant.answer.conversation import Subject, resolve_turn
from assistant.answer.follow_up import asked_detail_near_value, block_before
from assistant.answer.turn_shape import asks_record_field, without_mixed_years, without_record
from assistant.answer.turn_words import NAME_RUN, names_a_thing

from .chat_turns import assistant, together, user


@pytest.mark.parametrize(
    ("turn", "asks"),
    [
        ("空き家バンク登録件数のR5は？", True),
        ("空き家バンク登録件数の2023年度だと？", True),
        ("空き家バンク登録件数の令和4年度って？", True),
        ("空き家バンク登録件数は？", False),
        ("R5に何があった？", False),
    ],
)
def test_a_year_asked_of_a_record_is_a_field_of_it(turn: str, asks: bool) -> None:
    """「YのR5は？」 asks Y's value in that year, as 「Yの実績は？」 asks its actual."""
    assert asks_record_field(turn) is asks


def test_a_year_asked_of_another_kpi_swaps_the_kpi_out() -> None:
    history = [
        user("ひばり市の移住相談件数、R6の実績は？"),
        assistant("ひばり市移住相談件数の実績値は140件(R6)です [1]（基準値100件(R2)）"),
    ]
    r = resolve_turn("空き家バンク登録件数のR5は？", history, together)
    assert not r.stands_alone
    assert "移住相談件数" not in r.query


def test_the_record_is_removed_however_the_user_wrote_its_name() -> None:
    """The user writes 「の」 or spaces between the record's nouns; the record's own name has none."""
    assert without_record("ひばり市の移住相談件数 実績", "ひばり市移住相談件数") == "実績"
    assert without_record("ひばり市 移住相談件数 実績", "ひばり市移住相談件数") == "実績"
    assert without_record("あおば町の空き家件数", "ひばり市移住相談件数") == "あおば町の空き家件数"


def test_two_budget_years_asked_in_turn_are_not_carried_into_another_field() -> None:
    assert without_mixed_years("ひばり交通支援事業 令和6年度 R5補正", "対象経費は？") == "ひばり交通支援事業"
    # One year, or a turn naming its own, is left to the rules that already handle it.
    assert without_mixed_years("ひばり交通支援事業 令和6年度", "対象経費は？") == "ひばり交通支援事業 令和6年度"
    assert without_mixed_years("ひばり交通支援事業 令和6年度 R5補正", "R4の予算は？").endswith("R5補正")
    # The same year written twice is one year.
    assert without_mixed_years("ひばり事業 R6 令和6年度", "上限は？") == "ひばり事業 R6 令和6年度"


def test_a_sibling_budget_year_then_another_field_carries_the_programme_only() -> None:
    history = [
        user("ひばり交通支援事業、令和6年度の当初予算は？"),
        assistant("ひばり交通支援事業: 予算額12百万円(令和6年度当初) [1]"),
        user("R5補正だと？"),
        assistant("ひばり交通支援事業: 予算額30百万円(令和5年度補正) [1]"),
    ]
    r = resolve_turn("乗り継ぎ支援で想定される経費って何？", history, together)
    assert "令和6年度" not in r.carried and "R5" not in r.carried
    assert "ひばり交通支援事業" in r.carried


def test_a_conditional_particle_ends_a_name() -> None:
    """「新しい計画だとR9の目標は？」 names no thing: 「計画だとR9」 is no name, so the record's field is asked."""
    assert all("だと" not in run for run in NAME_RUN.findall("新しい計画だとR9の目標はどうなってる？"))
    assert not names_a_thing("新しい計画だとR9の目標はどうなってる？")
    assert names_a_thing("みどり台地区協議会だと？")


def test_a_labelled_row_may_leave_the_thing_asked_to_its_card() -> None:
    """「当日参加:120名」 under 「講演会の開催 … 場所:…」 answers how many joined the 講演会."""
    subject = Subject("みどり市の成果発表会")
    idf = {"講演": 3.0, "講演会": 4.0, "参加": 2.0, "定員": 3.0, "会場": 2.0}
    passage = "講演会の開催 - 市民向けに講演会を開催。 日時:3月2日 場所:みどり会館 当日参加:120名(会場又はオンライン)"
    row = Evidence(has_value=True, key="120名", sentence="当日参加:120名(会場又はオンライン)")
    block = block_before(passage, row.sentence)
    assert block.startswith("講演会の開催") and "120名" not in block
    turn = "同じ日の講演会には何人参加した？"
    assert asked_detail_near_value(turn, subject, row, idf, block=block)
    assert not asked_detail_near_value(turn, subject, row, idf)  # the row alone does not name the 講演会
    # A row that names none of the detail asked (a capacity, not who joined) is no answer, card or not.
    capacity = Evidence(has_value=True, key="150名", sentence="定員:150名")
    assert not asked_detail_near_value(turn, subject, capacity, idf, block=block_before(passage, "定員:150名"))
