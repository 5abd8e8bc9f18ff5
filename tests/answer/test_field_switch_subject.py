"""Field switches: a turn asking another field of the same programme carries the programme, not the field asked before.

Every example is invented (towns and programmes that are not in the corpus).
"""

from __future__ import annotations

import pytest

from assistant.answer.asked_fields import is_field, names_a_field
from assistant.answer.conversation import resolve_turn
from assistant.answer.turn_words import strip_field, subject_of

from .chat_turns import apart, assistant, together, user


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("ひかり町移住支援金の対象者を教えて", "ひかり町移住支援金の対象者"),
        ("ひかり町移住支援金の補助率を教えてください", "ひかり町移住支援金の補助率"),
        ("みなと市商店街応援事業の上限が知りたい", "みなと市商店街応援事業の上限"),
        ("みなと市商店街応援事業について教えて", "みなと市商店街応援事業"),
    ],
)
def test_a_request_worded_as_a_wish_asks_like_a_question(question: str, subject: str) -> None:
    assert subject_of(question) == subject


def test_a_wish_inside_a_name_or_alone_is_kept() -> None:
    """Only the request at the end goes: 「教えて先生派遣事業」 is a name, and a bare 「教えて」 leaves nothing to drop."""
    assert subject_of("教えて先生派遣事業の予算は？") == "教えて先生派遣事業の予算"
    assert subject_of("教えて") == "教えて"


@pytest.mark.parametrize(
    ("subject", "thing"),
    [
        ("ひかり町移住支援金の所管省庁", "ひかり町移住支援金"),
        ("ひかり町移住支援金の所管", "ひかり町移住支援金"),
        ("みなと市商店街応援事業の支援対象", "みなと市商店街応援事業"),
        ("みなと市商店街応援事業、対象者", "みなと市商店街応援事業"),
        ("みなと市商店街応援事業の支援内容", "みなと市商店街応援事業"),
        ("みなと市商店街応援事業の補助上限", "みなと市商店街応援事業"),
    ],
)
def test_who_runs_and_who_is_covered_are_fields_of_the_programme(subject: str, thing: str) -> None:
    assert strip_field(subject) == thing


def test_a_thing_named_with_a_field_word_inside_is_not_cut() -> None:
    """「所管施設」「対象者数」「支援対象経費の内訳」 end in something else: not the field alone."""
    assert strip_field("ひかり町の所管施設") == "ひかり町の所管施設"
    assert strip_field("ひかり町移住支援金の対象者数") == "ひかり町移住支援金の対象者数"
    assert not is_field("所管施設")
    assert is_field("所管省庁") and is_field("対象者")


def test_a_turn_asking_who_runs_it_names_a_field() -> None:
    assert names_a_field("所管は？") and names_a_field("所管省庁はどこ？") and names_a_field("じゃあ対象者は？")
    assert not names_a_field("ひかり町は？")


@pytest.mark.parametrize("cooccurs", [together, apart])
@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("ひかり町移住支援金の所管省庁は？", "上限は？"),
        ("ひかり町移住支援金の支援対象を教えて", "じゃあ上限額は？"),
        ("ひかり町移住支援金の補助率は？", "所管は？"),
        ("ひかり町移住支援金、対象者は？", "予算はどう？"),
    ],
)
def test_a_field_switch_carries_the_programme_without_the_field_asked_before(first: str, then: str, cooccurs) -> None:
    history = [user(first), assistant("…です [1]")]
    r = resolve_turn(then, history, cooccurs)
    assert not r.stands_alone
    assert r.carried == "ひかり町移住支援金"


def test_a_turn_naming_another_programme_still_stands_alone() -> None:
    """Negative: 「みなと市商店街応援事業の所管は？」 names a thing of its own that the documents never discuss with it."""
    history = [user("ひかり町移住支援金の補助率は？"), assistant("1/2です [1]")]
    r = resolve_turn("みなと市商店街応援事業の所管は？", history, apart)
    assert r.stands_alone
