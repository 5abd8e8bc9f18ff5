"""Topic-switch openers written as chat writes them, a view the turn reads in, an event asked, budget years, rows.

Every example is invented (towns, programmes and documents that are not in the corpus).
"""

from __future__ import annotations

import pytest

from assistant.answer.conversation import Cooccurs, Shown, resolve_turn
from assistant.answer.turn_shape import names_an_event, without_budget_years, without_measure, without_view
from assistant.answer.turn_words import opened_document, switches_topic

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
    ("question", "document", "rest"),
    [
        ("みどり町の資料に移るけど、温泉施設の入館者数は？", "みどり町", "温泉施設の入館者数は？"),
        ("観光計画の資料を開いて、目標年次は？", "観光計画", "目標年次は？"),
        ("では港湾ビジョンの資料の方で、岸壁の延長は？", "港湾ビジョン", "岸壁の延長は？"),
    ],
)
def test_a_turn_opening_another_document_switches_and_keeps_its_name(question: str, document: str, rest: str) -> None:
    """「Xの資料に移るけど、…」: a new subject, searched within X (the name is kept in the query, not the opener)."""
    assert opened_document(question) == document
    r = resolve_turn(question, _HISTORY, apart)  # the corpus does not discuss X with the library
    assert r.stands_alone
    assert r.question == rest
    assert r.query == f"{document} {rest}"


@pytest.mark.parametrize(
    "question", ["その資料で、温泉施設の入館者数は？", "みどり町の資料で温泉施設の入館者数は？", "上限は？"]
)
def test_no_switch_without_an_opener(question: str) -> None:
    """A document pointed back at, or named inside the question without a break, opens nothing."""
    assert not switches_topic(question)


def test_a_switch_opening_a_document_carries_it_into_the_next_turn() -> None:
    """The document a switch named is part of the subject the next follow-up carries."""
    history = [*_HISTORY, user("みどり町の資料に移るけど、温泉施設の入館者数は？"), assistant("12万人です [1]。")]
    r = resolve_turn("目標は？", history, _apart_from("みどり町"))
    assert not r.stands_alone
    assert r.query.startswith("みどり町 温泉施設の入館者数")


def _apart_from(name: str) -> Cooccurs:
    """Evidence that the corpus discusses ``name`` apart from everything else, and the rest together."""
    return lambda turn, _subject: name not in turn


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


@pytest.mark.parametrize(
    ("carried", "turn", "subject", "kept"),
    [
        (
            "みどり観光振興事業の2025年度当初予算",
            "補助の対象は？",
            "みどり観光振興事業の2025年度当初予算",
            "みどり観光振興事業",
        ),
        (
            "みどり観光振興事業 令和7年度 R6補正",
            "どんな整備が対象？",
            "みどり観光振興事業 R7当初予算 R6補正",
            "みどり観光振興事業",
        ),
        ("みどり観光振興事業 R7当初", "R6補正では？", "みどり観光振興事業、R7当初", "みどり観光振興事業 R7当初"),
        ("みどり観光振興事業 R7当初", "前年度は？", "みどり観光振興事業、R7当初", "みどり観光振興事業 R7当初"),
        ("ひばり市移住相談件数 R6", "目標は？", "ひばり市移住相談件数 R6 実績", "ひばり市移住相談件数 R6"),
    ],
)
def test_without_budget_years(carried: str, turn: str, subject: str, kept: str) -> None:
    """Budget years leave a turn asking another field; a turn asking a budget, a year, or a KPI's year keeps them."""
    assert without_budget_years(carried, turn, subject) == kept


def test_a_budget_year_is_not_carried_into_another_field_but_into_a_sibling_budget() -> None:
    history = [user("みどり観光振興事業の2025年度当初予算はどれほど？"), assistant("25百万円です [1]。")]
    assert "2025" not in resolve_turn("補助の対象は？", history, together).query
    # A sibling asks again what the turn before asked: the budget of that year.
    assert "2025" in resolve_turn("案内板整備の方は？", history, together).query


def test_a_row_of_the_table_just_read_keeps_the_thing_narrowed_to() -> None:
    """「桜町は？」 after the town table's total of bus users: the table's row, not the plan's frame."""
    history = [
        user("ひばり市交通計画のコミュニティバスの運行便数は？"),
        assistant("1日40便です [1]。"),
        user("その町別の利用集計で、利用者は合計何人？"),
        assistant("3,200人です [1]。（合計: 3,200人）"),
    ]
    shown = Shown(holds=lambda turn: "桜町" in turn, other_record=lambda _t, _r: "")
    r = resolve_turn("桜町は？", history, together, lambda _a: shown)
    assert not r.stands_alone
    assert "町別の利用集計" in r.query


@pytest.mark.parametrize(
    ("carried", "kept"),
    [
        ("あおば市観光計画のKPIで、協力店の登録数", "あおば市観光計画 協力店"),
        ("景観協定の締結数のKPI", "景観協定"),
        ("ひばり町の移住相談窓口", "ひばり町の移住相談窓口"),
    ],
)
def test_without_measure(carried: str, kept: str) -> None:
    assert without_measure(carried) == kept


def test_who_asked_after_a_kpi_carries_the_thing_measured_not_the_measure() -> None:
    """「登録を決めるのは誰？」 after a KPI's target: the shops counted, not the count (which finds the KPI again)."""
    history = [
        user("あおば市観光計画のKPIで、協力店の登録数の目標は？"),
        assistant("協力店の登録数の目標値は累計120店です [1]（目標値累計120店）"),
    ]
    r = resolve_turn("登録を決めるのは誰？", history, together)
    assert "登録数" not in r.query and "KPI" not in r.query
    assert "協力店" in r.query
    # A record's field asked keeps the KPI whole.
    assert "登録数" in resolve_turn("基準値は？", history, together).query
