"""Which ones were asked, and a text that only counts them: 「提携している8つの町はどこ」 against 「8町と提携」."""

from __future__ import annotations

import pytest

from assistant.question.lists import counted_not_named


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        # The text counts the towns the question asks to name.
        ("図書館と連携している6つの町はどこ？", "令和5年度までに6町と連携協定を結んだ。", True),
        ("連携している町はどこですか", "令和5年度までに6町と連携協定を結んだ。", True),
        ("モデル地区に選ばれた3か所の地区を教えて", "先行して3か所の地区でモデル事業を始める。", True),
        # The text names them: a list with as many items as the count.
        ("3つの重点分野を教えて", "3つの重点分野(子育て、交通、防災)に取り組む。", False),
        ("連携している町はどこ？", "6町(青葉町・緑町・港町・山手町・本町・旭町)と連携した。", False),
        # A count asked, or no count in the text: not this pattern.
        ("参加者の人数を教えて", "当日参加:843名", False),
        ("連携している町はどこ？", "近隣の町と連携協定を結んだ。", False),
    ],
)
def test_a_list_asked_for_and_only_counted(question: str, text: str, expected: bool) -> None:
    assert counted_not_named(question, text) is expected


def test_a_long_figure_is_no_count() -> None:
    """A run of thousands of digits before a noun is no count (and reading it as one would raise)."""
    assert not counted_not_named("連携している町はどこ？", "1" * 5000 + "町")
    assert counted_not_named("連携している町はどこ？", "番号1" * 3 + "。6町と連携した。")
