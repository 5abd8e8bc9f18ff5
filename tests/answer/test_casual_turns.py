"""Casual follow-ups: 「それって…」「じゃあ…」 openers."""

from __future__ import annotations

from assistant.answer.conversation import resolve_turn
from assistant.answer.turn_words import focus_of


def _together(_turn: str, _subject: str) -> bool:
    return True


_HISTORY = [
    {"role": "user", "content": "みなと町の交流フォーラムはいつ開かれた？"},
    {"role": "assistant", "content": "令和7年8月1日です [1]"},
    {"role": "user", "content": "同じ日の花火大会の会場は？"},
    {"role": "assistant", "content": "会場:さくら河川敷 [1]（同日開催の花火大会 会場:さくら河川敷 来場者:1,200名）"},
]


def test_a_pointer_with_tte_names_nothing() -> None:
    """「それって20代の何割？」 narrows to 20代, not to 「って20代」."""
    assert focus_of("それって20代の何割くらい？") == "20代"


def test_a_casual_opener_names_nothing() -> None:
    assert focus_of("じゃあR6補正は？") == "R6補正"
    assert focus_of("で、見学者は？") == "見学者"


def test_without_the_shown_passage_the_sibling_frame_is_carried() -> None:
    r = resolve_turn("来場者は？", _HISTORY, _together)
    assert "花火大会" not in r.carried
