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


#: An event's slide block as the last answer quoted it: the second round's date, the block's other field labels.
_EVENT_HISTORY = [
    {"role": "user", "content": "みどり町就職説明会、2回目の開催日は？"},
    {"role": "assistant", "content": "6月17日です [1]。（開催日: ①令和6年6月3日 ②6月17日）"},
]
_LABELS = {"開催日", "場所", "企業数", "参加者"}


def _with_labels(answer: str) -> Shown:
    return Shown(holds=lambda turn: True, labels=lambda turn: turn.rstrip("？?").removesuffix("は") in _LABELS)


def _together(_turn: str, _subject: str) -> bool:
    return True


def test_a_bare_label_of_the_shown_block_asks_that_field_not_the_field_asked_before() -> None:
    """「参加者は？」 beside the block's 「参加者：…」 asks the participants, not 「参加者の開催日」."""
    r = resolve_turn("参加者は？", _EVENT_HISTORY, _together, _with_labels)
    assert not r.stands_alone
    assert r.question == "参加者は？"


def test_a_bare_item_that_is_no_label_still_borrows_the_field_asked_before() -> None:
    """Without the label in the passage, the bare noun is a sibling item and takes the date asked before."""
    r = resolve_turn("参加者は？", _EVENT_HISTORY, _together, lambda a: Shown(holds=lambda turn: True))
    assert r.question == "参加者の開催日は？"
