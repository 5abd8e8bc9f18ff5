"""A short quoted name read in full where the passage or its neighbours quote it so (`values.fuller_name`)."""

from __future__ import annotations

from assistant.answer.values import fuller_name


def test_a_short_name_takes_the_full_name_quoted_beside_it() -> None:
    texts = ["ひばり村では移住者に「手帳」を配布している。", "村が独自に作った「ひばり暮らし手帳」のご案内です。"]
    assert fuller_name("手帳", texts) == "ひばり暮らし手帳"


def test_the_shortest_fuller_name_wins() -> None:
    texts = ["「基金」を設けた。", "「みどり基金」と「みどり未来基金」がある。"]
    assert fuller_name("基金", texts) == "みどり基金"


def test_a_long_name_or_one_without_a_fuller_form_is_kept() -> None:
    assert fuller_name("ひばり手帳", ["「村のひばり手帳」"]) == "ひばり手帳"  # already a name of its own length
    assert fuller_name("手帳", ["手帳を配る。「手帳カバー」も。"]) == "手帳"  # 「手帳カバー」 does not end in it
