"""Casual follow-ups: 「それって…」「じゃあ…」 openers."""

from __future__ import annotations

from assistant.answer.turn_words import focus_of


def test_a_pointer_with_tte_names_nothing() -> None:
    """「それって20代の何割？」 narrows to 20代, not to 「って20代」."""
    assert focus_of("それって20代の何割くらい？") == "20代"


def test_a_casual_opener_names_nothing() -> None:
    assert focus_of("じゃあR6補正は？") == "R6補正"
    assert focus_of("で、見学者は？") == "見学者"
