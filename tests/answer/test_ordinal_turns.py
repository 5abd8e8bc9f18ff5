"""Ordinals a question asks by (`answer/ordinal.py`): 「4回目」「四番目のコラム」「最後の…」, and what is no ordinal."""

from __future__ import annotations

from assistant.answer.ordinal import ordinal_of, written_number


def test_ordinals_are_read_with_their_number_and_series_noun() -> None:
    o = ordinal_of("4回目は？")
    assert o is not None and o.n == 4 and o.noun == "" and o.counter == "回目"
    o = ordinal_of("四番目のコラムの題名は？")
    assert o is not None and o.n == 4 and o.noun == "コラム"
    o = ordinal_of("最後のコラムの執筆者は誰？")
    assert o is not None and o.n is None and o.noun == "コラム"
    assert ordinal_of("最初は何校で試行するの？") is None  # when it starts, not which member
    assert ordinal_of("補助率は？") is None


def test_a_rank_by_a_measure_is_no_ordinal() -> None:
    """「2番目に多いのは？」 ranks things by a measure; it names no member."""
    for turn in ("2番目に多いのは？", "2番目に大きな変更点は？", "三番目に高いのはどこ？"):
        assert ordinal_of(turn) is None, turn
    assert ordinal_of("5番目は？") is not None  # a bare ordinal still picks
    assert ordinal_of("4回目には何を話し合った？") is not None


def test_written_numbers_are_read_in_digits_and_kanji() -> None:
    assert [written_number(t) for t in ("3", "三", "十", "十二", "二十", "二十一")] == [3, 3, 10, 12, 20, 21]


def test_a_circled_number_picks_a_member_where_a_particle_follows() -> None:
    """「②は？」 asks the second member; 「ポイント①～③」「①及び②」 name conditions, not a member."""
    o = ordinal_of("その二次公募の②はどこ？")
    assert o is not None and o.n == 2 and o.counter == ""
    o = ordinal_of("⑫は？")
    assert o is not None and o.n == 12 and (o.start, o.end) == (0, 2)  # positions in the NFKC text (「12」)
    assert ordinal_of("ポイント①～③を全部満たしたら？") is None
    assert ordinal_of("ポイント①及び②を満たす主体の補助率は？") is None


def test_a_circled_number_after_a_noun_is_a_label_not_a_place() -> None:
    """「参考事例②は」 names the second case by its label; it asks no list's second member."""
    assert ordinal_of("参考事例②はどこの事例？") is None


def test_the_last_or_first_one_asked_without_a_noun_is_a_member() -> None:
    """「最後のは？」 stands for 「最後の（部会）は？」: the の stands for the series' noun."""
    assert ordinal_of("最後のは？") is not None and ordinal_of("最後のは？").n is None
    assert ordinal_of("最初のって何？").n == 1
    assert ordinal_of("最後に何をするの？") is None  # 「最後に」 says when
