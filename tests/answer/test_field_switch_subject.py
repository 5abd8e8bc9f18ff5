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
        ("みなと市商店街応援事業の上限を教えてほしいんだけど", "みなと市商店街応援事業の上限"),
        ("ひかり町移住支援金の補助率を教えてくれますか", "ひかり町移住支援金の補助率"),
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
        ("みなと市商店街応援事業の主な対象者", "みなと市商店街応援事業"),
    ],
)
def test_who_runs_and_who_is_covered_are_fields_of_the_programme(subject: str, thing: str) -> None:
    assert strip_field(subject) == thing


def test_a_budget_field_goes_with_its_fiscal_year_however_spaced() -> None:
    """The year of a budget asked (「令和 8 年度の補正予算」) is the field's, not part of the programme's name."""
    assert strip_field("かわせみ町子育て応援事業の令和 8 年度の補正予算") == "かわせみ町子育て応援事業"
    assert strip_field("かわせみ町子育て応援事業のR8補正予算") == "かわせみ町子育て応援事業"
    assert strip_field("かわせみ町子育て応援事業の2026年度当初予算") == "かわせみ町子育て応援事業"


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


#: IDF by the tokenizer's words (it reads ひかり as 光 and cuts 支援金 to 支援); a word not listed weighs as the rarest.
IDF = {"光": 6.0, "町": 1.0, "移住": 3.0, "支援": 1.0, "応援": 3.0, "事業": 1.0}


@pytest.mark.parametrize("cooccurs", [together, apart])
@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("みどり町ほたる祭りの日程は？", "会場は？"),
        ("みどり町ほたる祭りの会場は？", "日程は？"),
        ("みどり町ほたる祭りの開催日は？", "開催場所は？"),
        ("みどり町ほたる祭りの日程は？", "主催は？"),
        ("みどり町ほたる祭りの日程は？", "参加費は？"),
    ],
)
def test_an_events_fields_are_not_carried_into_the_next_field(first: str, then: str, cooccurs) -> None:
    """「会場は？」 after 「…祭りの日程は？」 asks where the festival is held: 日程 would pull the date's sentence."""
    r = resolve_turn(then, [user(first), assistant("7月20日です [1]")], cooccurs)
    assert not r.stands_alone and r.carried == "みどり町ほたる祭り"


def test_a_venue_named_by_its_place_is_an_item_not_a_field() -> None:
    """Negatives: 「札幌会場」 is one venue of several (its date is asked), 「移住体験参加人数」 a KPI."""
    assert is_field("会場") and is_field("開催場所")
    assert not is_field("札幌会場") and not names_a_field("札幌会場は？")
    history = [user("みどり町ほたる祭りの日程は？"), assistant("7月20日です [1]")]
    assert resolve_turn("札幌会場は？", history, together).carried == "みどり町ほたる祭りの日程"  # the field kept
    history = [user("みどり町ほたる祭りの札幌会場は？"), assistant("中央公園です [1]")]
    assert resolve_turn("日程は？", history, apart).carried == "みどり町ほたる祭りの札幌会場"
    assert not is_field("移住体験参加人数")


@pytest.mark.parametrize("cooccurs", [together, apart])
@pytest.mark.parametrize(
    ("first", "then", "carried"),
    [
        ("みどり町ほたる祭り、初回の開催日は？", "会場は？", "みどり町ほたる祭り、初回"),
        ("みどり町ほたる祭り、2回目はいつ開かれた？", "場所は？", "みどり町ほたる祭り、2回目"),
        ("あおば市料理教室、第3回の会場は？", "開催日は？", "あおば市料理教室、第3回"),
        ("あおば市料理教室の最終回の会場は？", "参加費は？", "あおば市料理教室の最終回"),
    ],
)
def test_the_round_an_event_was_asked_of_is_carried_without_its_field(first, then, carried, cooccurs) -> None:
    """「会場は？」 after 「…祭り、初回の開催日は？」 asks the first round's venue: the round is which occurrence, no field."""
    r = resolve_turn(then, [user(first), assistant("7月20日です [1]")], cooccurs)
    assert not r.stands_alone and r.carried == carried


def test_a_clause_with_no_round_is_still_dropped() -> None:
    """Negatives: a clause asking a field or a predicate, with no round in it, is not carried (「初回限定」 is no round)."""
    assert strip_field("みどり町ほたる祭り、いつ開かれた") == "みどり町ほたる祭り"
    assert strip_field("みどり町ほたる祭り、開催日") == "みどり町ほたる祭り"
    assert strip_field("みどり町ほたる祭り、初回") == "みどり町ほたる祭り、初回"
    # A round word run into a longer word names no round (「初回無料」「最終回答」「年3回目指す」).
    for clause in ("初回無料", "初回限定", "最終回答", "年3回目指す"):
        assert strip_field(f"みどり町ほたる祭り、{clause}") == "みどり町ほたる祭り", clause
