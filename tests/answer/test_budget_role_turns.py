"""Sibling bodies after a role was asked: a body of the same list borrows the role, a field of the same body does not.

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
