"""Field switches after a budget's year was asked, and sibling bodies after a role was asked.

Every example is invented (towns and programmes that are not in the corpus).
"""

from __future__ import annotations

import pytest

from assistant.answer.conversation import resolve_turn
from assistant.answer.turn_words import budget_year_only, strip_field

from .chat_turns import assistant, together, user


@pytest.mark.parametrize(
    ("subject", "entity"),
    [
        ("ひばり市商店街活性化事業のR6当初予算", "ひばり市商店街活性化事業"),
        ("ひばり市商店街活性化事業、R6当初", "ひばり市商店街活性化事業"),
        ("あおば町移住促進事業の令和5年度補正予算額", "あおば町移住促進事業"),
        ("あおば町移住促進事業の2024年度予算", "あおば町移住促進事業"),
        ("あおば町移住促進事業の当初予算", "あおば町移住促進事業"),
    ],
)
def test_a_budget_year_asked_is_a_field_not_the_thing(subject: str, entity: str) -> None:
    assert strip_field(subject) == entity


@pytest.mark.parametrize(("text", "only"), [("R5補正", True), ("令和6年度当初予算", True), ("R5補正の対象", False)])
def test_budget_year_only(text: str, only: bool) -> None:
    assert budget_year_only(text) is only


def test_a_field_switch_after_budgets_does_not_carry_the_years_asked() -> None:
    """「対象経費は？」 after 「…のR6当初予算は？」「じゃあR5補正は？」 asks the programme's expenses, of no year."""
    history = [
        user("ひばり市商店街活性化事業のR6当初予算っていくら？"),
        assistant("ひばり市商店街活性化事業: 予算額12.0百万円(令和6年度当初) [1]"),
        user("じゃあR5補正は？"),
        assistant("…"),
    ]
    r = resolve_turn("空き店舗改修補助はどんな経費が対象？", history, together)
    assert not r.stands_alone
    assert r.carried == "ひばり市商店街活性化事業"


def test_a_sibling_body_borrows_the_role_asked_of_the_body_before() -> None:
    """「保育部会は？」 after 「交通部会の部会長は？」 asks who chairs the other body: 「保育部会の部会長は？」."""
    history = [
        user("みどり協議会に専門部会はいくつある？"),
        assistant("3つの専門部会です [1]"),
        user("交通部会の部会長は？"),
        assistant("部会長 | あおばバス [1]"),
    ]
    r = resolve_turn("保育部会は？", history, together)
    assert not r.stands_alone
    assert r.question == "保育部会の部会長は？"
    assert r.query.endswith("保育部会の部会長は？")


def test_a_sibling_naming_its_own_field_does_not_carry_the_budget_asked_before() -> None:
    """「空き店舗改修補助の補助率は？」 after 「…のR6当初予算は？」「じゃあR5補正は？」 asks a rate: no budget carried."""
    history = [
        user("ひばり市商店街活性化事業のR6当初予算はいくら？"),
        assistant("…"),
        user("じゃあR5補正は？"),
        assistant("…"),
    ]
    r = resolve_turn("空き店舗改修補助の補助率は？", history, together)
    assert not r.stands_alone
    assert "予算" not in r.carried and "ひばり市商店街活性化事業" in r.carried


_IDF = {"ひばり": 5.0, "市": 1.0, "商店": 4.0, "街": 2.0, "活性": 4.0, "化": 1.0, "事業": 1.0, "予算": 3.0, "年代": 3.0}


@pytest.mark.parametrize(
    ("quoted", "about"),
    [
        ("ひばり市商店街活性化事業 予算額 12.0百万円", True),  # the subject's own passage
        ("あおば町移住促進事業 予算額 20.1百万円", False),  # another programme's budget
        ("", False),  # nothing quoted
    ],
)
def test_an_answer_asked_alone_is_kept_only_from_the_subjects_passage(quoted: str, about: bool) -> None:
    from assistant.answer.follow_up import about_the_subject

    assert about_the_subject("ひばり市商店街活性化事業", quoted, _IDF, "前年度の予算は？") is about
