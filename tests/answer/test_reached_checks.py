"""The reached-state check of the constraint check (`assistant.answer.reached_checks`), on invented sentences."""

from __future__ import annotations

from assistant.answer.constraints import unmet
from assistant.answer.reached_checks import aim_for_reached

_GOAL = "○里山の保全 【2030年度までに保全協定を少なくとも300件締結することを目指す】• 協定の締結を進める"


def test_an_aim_in_a_quoted_passage_for_the_state_reached() -> None:
    assert aim_for_reached("保全協定は現在何件締結されている？", _GOAL, None, "", "")
    assert unmet("保全協定は現在何件締結されている？", _GOAL) == "aim"
    # The aim asked, or no number asked, or the passage states what was reached too.
    assert not aim_for_reached("保全協定の締結目標は何件？", _GOAL, None, "", "")
    assert not aim_for_reached("保全協定は現在どんな状況？", _GOAL, None, "", "")
    reached = "令和6年度末現在、保全協定は120件締結された。2030年度までに300件とすることを目指す。"
    assert not aim_for_reached("保全協定は現在何件締結されている？", reached, None, "", "")


def test_an_aim_in_a_value_answer_for_what_is_already_done() -> None:
    s = "【老朽橋(全国約900橋)の修繕に目途】"
    assert aim_for_reached("老朽橋のうち、すでに修繕できた橋はいくつ？", "…", "約900橋", s, "")
    assert not aim_for_reached("老朽橋は全国にいくつある？", "…", "約900橋", s, "")
    done = "令和6年度までに約300橋の修繕を完了した"
    assert not aim_for_reached("すでに修繕できた橋はいくつ？", "…", "約300橋", done, "")


def test_a_record_target_for_the_actual() -> None:
    aim = "里山保全面積の目標値は5,200ha(R8)です"
    assert aim_for_reached("里山保全面積は令和8年の実績で何ha？", aim, None, "", "里山保全面積")
    actual = "里山保全面積の実績値は4,900ha(R6)、目標値は5,200ha(R8)です"
    assert not aim_for_reached("里山保全面積は令和6年の実績で何ha？", actual, None, "", "里山保全面積")
    assert not aim_for_reached("里山保全面積の目標値は？", aim, None, "", "里山保全面積")


def test_an_aim_asked_in_other_words_or_a_thing_asked_is_not_a_miss() -> None:
    # 「今の方針では…何件にする」「…することになっている」 ask the aim itself, in present words.
    assert not aim_for_reached("今の方針では、保全協定を何件締結することになっている？", _GOAL, None, "", "")
    # 「何が」「何を」 ask what is done, which the passage says beside its aim: no number is asked.
    assert not aim_for_reached("里山の保全について、現在何が進められている？", _GOAL, None, "", "")
    assert not aim_for_reached("里山の保全では、今何をしている？", _GOAL, None, "", "")
    # A count word (何件, 何か所) is still a number asked.
    assert aim_for_reached("保全協定は現在何か所で締結されている？", _GOAL.replace("300件", "300か所"), None, "", "")
