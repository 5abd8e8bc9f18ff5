"""Negative cases for openers, events and budget lines: words that look like an opener or an event but are not.

Every example is invented (towns, programmes and documents that are not in the corpus).
"""

from __future__ import annotations

import pytest

from assistant.answer.conversation import Shown, resolve_turn
from assistant.answer.turn_shape import names_an_event, without_view
from assistant.answer.turn_words import focus_of, switches_topic, without_opener

from .chat_turns import apart, assistant, together, user

_LIBRARY = [user("ひばり市の図書館の開館時間は？"), assistant("9時から19時です [1]。")]


@pytest.mark.parametrize(
    "question",
    ["話が変わるのは何年？", "話が変わる理由は？", "別の話し合いの場はある？", "別の件数は？", "別件数の推移は？"],
)
def test_a_question_beginning_like_an_opener_is_asked_whole(question: str) -> None:
    """An opener ends in its conjunction or a comma: without one, the words belong to the question."""
    assert not switches_topic(question)
    r = resolve_turn(question, None)
    assert r.query == r.question == question


@pytest.mark.parametrize(
    "opening", ["話変わるんだけど、", "話変わるんですが、", "話変わるんですけど、", "話は変わって、"]
)
def test_an_opener_ending_in_a_clause_conjunction_switches_and_keeps_the_question(opening: str) -> None:
    """「話変わるんだけど、…」: a switch, and all of what follows the opener is asked."""
    r = resolve_turn(f"{opening}2020年のあおば町の転入者数は？", _LIBRARY, together)
    assert r.stands_alone
    assert r.query == r.question == "2020年のあおば町の転入者数は？"


@pytest.mark.parametrize(
    "question",
    [
        "さっきの資料で、目標値は？",
        "ではその資料で、予算年度は？",
        "同じ資料で、目標値は？",
        "前回の資料で、目標値は？",
        "どちらの資料で、補助率が書かれてる？",
        "どの資料で、補助率が書かれてる？",
        "いつの資料で、人口が10万人になってる？",
    ],
)
def test_a_pointer_or_question_word_opens_no_document(question: str) -> None:
    """「さっきの資料で、」「どちらの資料で、」 name no document: no switch, the history is kept."""
    if question.startswith(("ど", "いつ")):
        assert without_opener(question) == question  # what it asks is which document
        return
    r = resolve_turn(question, _LIBRARY, apart)
    assert "ひばり市の図書館" in r.query


def test_the_document_already_discussed_keeps_the_history() -> None:
    """「図書館の資料で、」 after the library, or a document the corpus discusses with the subject: no switch."""
    r = resolve_turn("図書館の資料で、休館日は？", _LIBRARY, apart)
    assert not r.stands_alone
    assert "ひばり市" in r.query
    history = [user("みなと港湾再生事業の補助率は？"), assistant("補助率1/2です [1]。")]
    r = resolve_turn("港湾局の資料で、支援対象は？", history, together)  # 港湾局 writes about the programme
    assert not r.stands_alone
    assert "みなと港湾再生事業" in r.query


@pytest.mark.parametrize("item", ["補正", "保育", "宿泊", "輸出", "進学", "起業", "介護", "申請"])
def test_a_verbal_noun_naming_an_item_is_no_event(item: str) -> None:
    assert not names_an_event(item)


@pytest.mark.parametrize(
    ("history", "turn", "field"),
    [
        ("ひばり市の介護分野の補助額は？", "保育は？", "補助額"),
        ("みどり体験ツアーの日帰りコースの料金は？", "宿泊は？", "料金"),
        ("あおば町移住支援金の支給額は？", "起業は？", "支給額"),
    ],
)
def test_a_bare_verbal_noun_naming_an_item_is_a_sibling_and_borrows_the_field(
    history: str, turn: str, field: str
) -> None:
    """「保育は？」 after the care field's grant asks the childcare field's grant: the sibling borrows the field."""
    r = resolve_turn(turn, [user(history), assistant("1万円です [1]。")], together)
    assert r.query.endswith(f"{turn[:-2]}の{field}は？")


def test_a_sibling_of_a_named_item_does_not_carry_that_item() -> None:
    """「市立動物園は？」 after 「市立水族館は何人？」: a sibling of the item, not a row of it."""
    shown = Shown(holds=lambda _turn: True)
    history = [
        user("ひばり市の観光施設の入館者数は？"),
        assistant("合計50万人です [1]。"),
        user("市立水族館は何人？"),
        assistant("20万人です [1]。"),
    ]
    r = resolve_turn("市立動物園は？", history, together, lambda _answer: shown)
    assert "市立水族館" not in r.query


@pytest.mark.parametrize(
    "turn", ["チェックリストで確認する項目は？", "ブラックリストで管理される業者数は？", "配布資料で説明された上限は？"]
)
def test_a_list_used_as_an_instrument_is_no_view(turn: str) -> None:
    """「…リストで確認する」: the list is used, the answer is not read in it; only 「だと/では/で、」 read in a view."""
    assert without_view(turn) == turn


def test_a_view_is_no_part_of_the_focus() -> None:
    assert "一覧" not in focus_of("事業一覧では上限額は？")
