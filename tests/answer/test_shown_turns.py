"""A bare follow-up read against the passage the last answer showed (`answer/shown.py`, `conversation.Shown`)."""

from __future__ import annotations

from assistant.answer.conversation import Shown, resolve_turn
from assistant.answer.shown import alike, item_words, names_record_written

#: The passage the last answer quoted: a budget table of two programmes and a list of towns.
_PASSAGE = (
    "みどり町空き店舗活用事業 120百万円 / みどり町サテライトオフィス開設支援事業 30百万円 / 参加市町:青葉市、若葉町"
)


def _shown_of(answer: str) -> Shown:
    def other(turn: str, record: str) -> str:
        names = ["みどり町空き店舗活用事業", "みどり町サテライトオフィス開設支援事業"]
        return next((n for n in names if n != record and names_record_written(turn, n, _PASSAGE)), "")

    return Shown(holds=lambda turn: all(w in _PASSAGE for w in item_words(turn)), other_record=other)


_HISTORY = [
    {"role": "user", "content": "みどり町の令和7年度予算で、空き店舗活用事業はいくら？"},
    {"role": "assistant", "content": "みどり町空き店舗活用事業: 予算額120百万円 [1]"},
]


def _apart(_turn: str, _subject: str) -> bool:
    return False


def test_a_contrasted_item_naming_another_record_of_the_passage_swaps_the_record() -> None:
    """「サテライトオフィスの開設支援のほうは？」: another programme of the table, not a menu of the one answered."""
    r = resolve_turn("サテライトオフィスの開設支援のほうは？", _HISTORY, lambda _t, _s: True, _shown_of)
    assert not r.stands_alone
    assert "みどり町空き店舗活用事業" not in r.carried
    assert "みどり町サテライトオフィス開設支援事業" in r.carried


def test_a_contrasted_item_with_no_other_record_stays_within_the_answered_one() -> None:
    """「研修のほうは？」: no other record of that name is written there, so the answered programme is carried."""
    r = resolve_turn("研修のほうは？", _HISTORY, lambda _t, _s: True, _shown_of)
    assert r.carried == "みどり町空き店舗活用事業"


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


def test_a_record_must_hold_every_item_word_and_be_written_there() -> None:
    assert names_record_written("開設支援のほうは？", "みどり町サテライトオフィス開設支援事業", _PASSAGE)
    assert not names_record_written("開設支援のほうは？", "ひばり村開設支援事業", _PASSAGE)  # not in the passage
    assert not names_record_written("研修のほうは？", "みどり町サテライトオフィス開設支援事業", _PASSAGE)


def testalike_counts_shared_bigrams() -> None:
    assert alike("A町への来訪者数", "B町への来訪者数") > alike("A町の交流事業", "B町への来訪者数")


def test_what_a_shown_item_is_stands_alone() -> None:
    """「若葉町は何ですか？」 asks what a thing is, not a row of the shown list: discussed apart from the subject, alone."""
    for turn in ("若葉町は何ですか？", "若葉町は何？", "若葉町は何で有名？", "若葉町は何故？"):
        assert resolve_turn(turn, _HISTORY, _apart, _shown_of).stands_alone, turn
