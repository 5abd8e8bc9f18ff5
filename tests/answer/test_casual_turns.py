"""Casual follow-ups: 「それって…」「じゃあ…」 openers, and another field of the thing the last turn narrowed to."""

from __future__ import annotations

from assistant.answer.conversation import Shown, resolve_turn
from assistant.answer.turn_words import focus_of

#: The passage the last answer quoted: a festival held on the same day as a forum, with its hall and visitors.
_PASSAGE = "同日開催の花火大会 会場:さくら河川敷 来場者:1,200名"


def _shown_of(answer: str) -> Shown:
    return Shown(holds=lambda turn: "来場者" in turn and "来場者" in _PASSAGE, other_record=lambda _t, _r: "")


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


def test_another_field_of_the_narrowed_thing_keeps_it() -> None:
    """「来場者は？」 after 「同じ日の花火大会の会場は？」: the festival's visitors, read in the passage just shown."""
    r = resolve_turn("来場者は？", _HISTORY, _together, _shown_of)
    assert not r.stands_alone
    assert "花火大会" in r.carried


def test_without_the_shown_passage_the_sibling_frame_is_carried() -> None:
    r = resolve_turn("来場者は？", _HISTORY, _together)
    assert "花火大会" not in r.carried
