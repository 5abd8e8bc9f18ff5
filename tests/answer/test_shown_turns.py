"""A bare follow-up read against the passage the last answer showed (`answer/shown.py`, `conversation.Shown`)."""

from __future__ import annotations

from assistant.answer.conversation import Shown, resolve_turn
from assistant.answer.shown import item_words

#: The passage the last answer quoted: a programme's budget and the towns taking part.
_PASSAGE = "みどり町空き店舗活用事業 120百万円 / 参加市町:青葉市、若葉町"


def _shown_of(answer: str) -> Shown:
    return Shown(holds=lambda turn: all(w in _PASSAGE for w in item_words(turn)))


_HISTORY = [
    {"role": "user", "content": "みどり町の令和7年度予算で、空き店舗活用事業はいくら？"},
    {"role": "assistant", "content": "みどり町空き店舗活用事業: 予算額120百万円 [1]"},
]


def _apart(_turn: str, _subject: str) -> bool:
    return False


def test_a_bare_place_the_shown_passage_names_continues_the_subject() -> None:
    """「若葉町は？」: the corpus check finds it apart, but the passage the user just read lists it."""
    r = resolve_turn("若葉町は？", _HISTORY, _apart, _shown_of)
    assert not r.stands_alone


def test_a_bare_place_the_shown_passage_does_not_name_stands_alone() -> None:
    r = resolve_turn("桜川村は？", _HISTORY, _apart, _shown_of)
    assert r.stands_alone


def test_without_the_shown_passage_the_corpus_check_decides() -> None:
    assert resolve_turn("若葉町は？", _HISTORY, _apart).stands_alone


def test_item_words_drop_fields_and_kana() -> None:
    assert item_words("サテライトオフィスのほうは？予算額で") == ["サテライト", "オフィス"]


def test_what_a_shown_item_is_stands_alone() -> None:
    """「若葉町は何ですか？」 asks what a thing is, not a row of the shown list: discussed apart from the subject, alone."""
    for turn in ("若葉町は何ですか？", "若葉町は何？", "若葉町は何で有名？", "若葉町は何故？"):
        assert resolve_turn(turn, _HISTORY, _apart, _shown_of).stands_alone, turn
