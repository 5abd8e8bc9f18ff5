"""Topic-switch openers written as chat writes them, a view the turn reads in, an event asked, budget years, rows.

Every example is invented (towns, programmes and documents that are not in the corpus).
"""

from __future__ import annotations

import pytest

from assistant.answer.conversation import resolve_turn
from assistant.answer.turn_shape import names_an_event, without_view
from assistant.answer.turn_words import switches_topic

from .chat_turns import apart, assistant, together, user

_HISTORY = [user("ひばり市の図書館の開館時間は？"), assistant("9時から19時です [1]。")]


@pytest.mark.parametrize(
    "opening",
    [
        "話変わるけど、",
        "話が変わりますけど、",
        "全然別の話で、",
        "別の話だけど、",
        "別件ですけど、",
        "まったく別の件ですが、",
    ],
)
def test_chat_openers_switch_the_topic(opening: str) -> None:
    """However the user writes 「話は変わりますが」, the turn is asked without the opener and without the history."""
    r = resolve_turn(f"{opening}あおば町の空き家バンクの登録件数は？", _HISTORY, together)
    assert r.stands_alone
    assert r.query == r.question == "あおば町の空き家バンクの登録件数は？"


@pytest.mark.parametrize(
    "question", ["その資料で、温泉施設の入館者数は？", "みどり町の資料で温泉施設の入館者数は？", "上限は？"]
)
def test_no_switch_without_an_opener(question: str) -> None:
    """A document pointed back at, or named inside the question without a break, opens nothing."""
    assert not switches_topic(question)


@pytest.mark.parametrize(
    ("turn", "rest"),
    [
        ("事業一覧だと上限はどう載ってる？", "上限はどう載ってる？"),
        ("で、地区別の表だと合計何人？", "合計何人？"),
        ("代表で誰が出席した？", "代表で誰が出席した？"),
        ("あおば町の人口は？", "あおば町の人口は？"),
    ],
)
def test_without_view(turn: str, rest: str) -> None:
    """A list or table the turn reads in is cut; a word merely ending in 表 (代表) is not."""
    assert without_view(turn) == rest


def test_a_view_named_by_the_turn_is_no_new_subject() -> None:
    """「事業一覧だと上限は？」 after a programme's budget: the same programme's rate, read in the list."""
    history = [
        user("あおば町移住支援事業は補助率がいくら？"),
        assistant("あおば町移住支援事業: 補助率1/2 [1]"),
    ]
    r = resolve_turn("事業一覧だと上限はどう載ってる？", history, apart)
    assert not r.stands_alone
    assert "あおば町移住支援事業" in r.query


@pytest.mark.parametrize(
    ("item", "event"),
    [
        ("開業", True),
        ("開催", True),
        ("設立", True),
        ("和室", False),
        ("自動運転", False),
        ("補正", False),
        ("保育", False),
    ],
)
def test_names_an_event(item: str, event: bool) -> None:
    assert names_an_event(item) is event


def test_a_bare_event_is_another_field_not_a_sibling_item() -> None:
    """「開業は？」 after a room's rate asks when the inn opened, not the rate of a 開業 room."""
    history = [user("みなと温泉館の和室の宿泊料金は？"), assistant("1泊2万円です [1]。")]
    r = resolve_turn("開業は？", history, together)
    assert not r.stands_alone
    assert "料金" not in r.question
    assert r.query.startswith("みなと温泉館の和室")
