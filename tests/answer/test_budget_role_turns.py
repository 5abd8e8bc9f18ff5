"""Sibling bodies after a role was asked, and a follow-up asked alone after its carried subject found nothing.

Every example is invented (towns and programmes that are not in the corpus).
"""

from __future__ import annotations

import pytest

from assistant.answer.conversation import resolve_turn

from .chat_turns import assistant, together, user

_ROLE_HISTORY = [
    user("さくら町議会の常任委員会はいくつ？"),
    assistant("4つの常任委員会があります [1]"),
    user("観光委員会の委員長は？"),
    assistant("委員長 | 川村議員 [1]"),
]


def test_a_sibling_body_borrows_the_role_asked_of_the_body_before() -> None:
    """「環境委員会は？」 after 「観光委員会の委員長は？」 asks who chairs the other body: 「環境委員会の委員長は？」."""
    r = resolve_turn("環境委員会は？", _ROLE_HISTORY, together)
    assert not r.stands_alone
    assert r.question == "環境委員会の委員長は？"
    assert r.query.endswith("環境委員会の委員長は？")


@pytest.mark.parametrize(
    "turn", ["検討テーマは？", "メンバーは？", "事務局は？", "構成員は？", "委員会は？", "予算は？"]
)
def test_a_field_or_part_of_the_same_body_does_not_borrow_the_role(turn: str) -> None:
    """「事務局は？」 after 「観光委員会の委員長は？」 asks another field of that body, not 「事務局の委員長は？」."""
    r = resolve_turn(turn, _ROLE_HISTORY, together)
    assert "委員長" not in r.question


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


@pytest.mark.parametrize(
    ("carried", "turn"),
    [
        ("予算", "前年度の予算は？"),  # the subject is only a field word
        ("", ""),  # no subject carried at all
        ("ひばり市 予算", "ひばり市の前年度の予算は？"),  # every word of the subject is said again by the turn
    ],
)
def test_about_the_subject_fails_closed_when_no_word_of_the_subject_is_left(carried: str, turn: str) -> None:
    """With nothing of the subject left to look for, another programme's passage is not shown to be about it."""
    from assistant.answer.follow_up import about_the_subject

    assert not about_the_subject(carried, "あおば町移住促進事業 予算額 20.1百万円", _IDF, turn)
