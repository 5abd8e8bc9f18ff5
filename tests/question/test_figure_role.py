"""The indicator figure a question asks, and the state reached asked (`assistant.question.figure_role`,
`assistant.question.qualifiers`), on invented questions."""

from __future__ import annotations

from assistant.question.figure_role import asked_figure_role
from assistant.question.qualifiers import qualifiers


def test_the_role_asked() -> None:
    assert asked_figure_role("里山ボランティアの登録者数は今何人？") == "actual"
    assert asked_figure_role("保全協定はすでに何件？") == "actual"
    assert asked_figure_role("登録者数の当初の人数は？") == "baseline"
    assert asked_figure_role("登録者数の目標は？") == "target"
    assert asked_figure_role("登録者数の進捗率は？") == "progress"
    assert asked_figure_role("里山ボランティアの登録者数は？") == ""


def test_the_target_as_yardstick_asks_progress() -> None:
    # 「目標に対して」 measures against the aim: the progress figure answers, not the target.
    assert asked_figure_role("登録者数は目標比でどこまで来た？") == "progress"
    assert asked_figure_role("登録者数のKPI、どれくらい達成できた？") == "progress"


def test_the_state_and_the_aim_asked_together_ask_no_one_role() -> None:
    assert asked_figure_role("里山拠点の現在数と、将来何拠点にするか？") == ""
    assert asked_figure_role("里山拠点は今いくつ？") == "actual"


def test_the_state_reached_is_asked() -> None:
    assert qualifiers("保全協定はすでに何件締結された？").now
    assert qualifiers("保全協定の今の締結数は？").now
    assert qualifiers("保全協定はこれまでに何件？").now
    assert qualifiers("里山保全面積は令和6年の実績で何ha？").now
    assert not qualifiers("保全協定は何件締結する目標？").now
    assert not qualifiers("保全協定は何件締結される？").now


def test_an_aim_word_in_a_name_or_a_future_word_is_no_state_reached() -> None:
    # An aim word inside the thing's name (「…促進計画の作成数」) asks no aim; 今後 and 今回 are no present.
    assert qualifiers("地域再生計画の作成数は現在何件？").now
    assert not qualifiers("今後何人に増やす？").now
    assert not qualifiers("今回の参加者は何人？").now


def test_an_aim_asked_in_present_words_is_no_state_reached() -> None:
    # 「今の方針では…何件にする」「現在の予定では」 ask the aim itself.
    assert not qualifiers("今の方針では、保全協定を何件締結することになっている？").now
    assert not qualifiers("現在の予定では保全協定は何件？").now
    assert asked_figure_role("現在の目標は何件？") == "target"


def test_the_target_as_a_yardstick_leaves_the_role_to_the_words_after_it() -> None:
    assert asked_figure_role("来館者数6,000人の目標に対して、現状はどれくらい？") == "actual"
    assert asked_figure_role("来館者数6,000人の目標に対して、基準値はいくつ？") == "baseline"
    assert asked_figure_role("目標に対して進捗率は？") == "progress"
    assert asked_figure_role("目標に対してどこまで進んだ？") == "progress"
    assert asked_figure_role("目標に対して実績は？") == "actual"
    assert asked_figure_role("目標に対して直近の値は？") == "actual"
    assert asked_figure_role("目標に対して、現在何%？") == "progress"
    assert asked_figure_role("目標に対して現在値と基準値は？") == ""
    assert asked_figure_role("来館者数6,000人の目標に対して、現状（基準値）はいくつ？") == "baseline"
