"""Sibling bodies after a role was asked, and a follow-up asked alone after its carried subject found nothing.

Every example is invented (towns and programmes that are not in the corpus).
"""

from __future__ import annotations

import pytest

from assistant.answer.conversation import resolve_turn

from .chat_turns import assistant, together, user


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
