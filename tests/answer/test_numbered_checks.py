"""A value of another numbered member (第1回 for 第3回, 1次公募 for 2次公募) does not answer the one asked."""

from __future__ import annotations

from assistant.answer.constraints import unmet
from assistant.answer.numbered_checks import asked_numbered, numbered_in, numbered_unmet


def test_labels_are_read_with_their_number_and_unit_but_counts_and_spans_are_not() -> None:
    text = "1次募集:12件 第二次募集:5件 第3回 R5/2/1 4回目 年3回開催 第2期 3期間 二次交通"
    assert [(m.n, m.unit) for m in numbered_in(text)] == [(1, "次"), (2, "次"), (3, "回"), (4, "回"), (2, "期")]


def test_one_member_is_asked_and_two_are_compared() -> None:
    assert asked_numbered("みどり協議会の3回目の会合はいつ？") is not None
    assert asked_numbered("第2期計画と第3期計画の違いは？") is None
    assert asked_numbered("協議会は年に何回開かれる？") is None


def test_the_value_belongs_to_the_label_nearest_before_it() -> None:
    schedule = "第1回 令和5年6月2日 第2回 令和5年9月8日 第3回 令和6年1月19日"
    assert not numbered_unmet("第3回の会合はいつ？", schedule, "令和6年1月19日")
    assert numbered_unmet("第3回の会合はいつ？", schedule, "令和5年6月2日")
    calls = "1次募集:12件採択 2次募集:5件採択"
    assert not numbered_unmet("2次募集では何件採択された？", calls, "5件")
    assert numbered_unmet("2次募集では何件採択された？", calls, "12件")
    assert not numbered_unmet("1次募集と2次募集の採択件数の差は？", calls, "12件")  # two members compared


def test_a_sentence_naming_only_another_member_is_a_near_miss_and_naming_none_is_left_to_the_gate() -> None:
    assert numbered_unmet("第2期の交付額は？", "第1期は総額3億円を交付した。", "3億円")
    assert not numbered_unmet("第2期の交付額は？", "交付額は総額3億円である。", "3億円")
    assert not numbered_unmet("第2期の交付額は？", "第1期に続き、第2期も総額3億円を交付。", None)


def test_the_constraint_check_names_it() -> None:
    sentence = "第1回みどり協議会:令和5年6月2日(金)"
    assert (
        unmet("みどり協議会の第3回はいつ開かれた？", "令和5年6月2日です [1]。", "令和5年6月2日", sentence) == "numbered"
    )
    assert unmet("みどり協議会の第1回はいつ開かれた？", "令和5年6月2日です [1]。", "令和5年6月2日", sentence) == ""
