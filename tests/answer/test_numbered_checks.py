"""A value of another numbered member (第1回 for 第3回, 1次募集 for 2次募集) does not answer the one asked."""

from __future__ import annotations

from assistant.answer.constraints import unmet
from assistant.answer.numbered_checks import numbered_unmet


def test_a_value_under_another_member_s_label_is_unmet_and_under_the_asked_one_is_not() -> None:
    schedule = "第1回みどり協議会 令和5年6月2日 第2回みどり協議会 令和5年9月8日 第3回みどり協議会 令和6年1月19日"
    asked = "みどり協議会の第3回はいつ？"
    assert numbered_unmet(asked, schedule, "令和5年6月2日")
    assert not numbered_unmet(asked, schedule, "令和6年1月19日")
    assert numbered_unmet("みどり協議会の３回目の会合はいつ？", "第１回みどり協議会:令和5年6月2日", "令和5年6月2日")
    calls = "1次募集:15件採択 2次募集:5件採択"
    assert numbered_unmet("2次募集では何件採択された？", calls, "15件")
    assert not numbered_unmet("2次募集では何件採択された？", calls, "5件")  # not the 5件 inside 15件
    assert not numbered_unmet("1次募集と2次募集の採択件数の差は？", calls, "15件")  # two members compared


def test_a_label_written_right_after_its_value_owns_it() -> None:
    held = "みどり協議会の開催:令和5年6月2日(第1回)、令和5年9月8日(第2回)"
    assert not numbered_unmet("みどり協議会の第2回はいつ？", held, "令和5年9月8日")
    assert numbered_unmet("みどり協議会の第2回はいつ？", held, "令和5年6月2日")
    assert not numbered_unmet("第2回会議はいつ？", "6月2日 第1回会議 / 9月8日 第2回会議", "9月8日")
    # A bare 「第2回」 of no body the question names may be any body's: left to the gate.
    assert not numbered_unmet("第2回はいつ？", held, "令和5年6月2日")


def test_a_sentence_naming_the_asked_member_before_its_value_is_about_it() -> None:
    assert not numbered_unmet(
        "第2期総合戦略の計画期間は？",
        "第2期総合戦略は、第1期の成果を踏まえ、令和2年度から令和6年度までとする",
        "令和2年度",
    )
    assert not numbered_unmet("第3回協議会の参加者は？", "第3回協議会では、前回(第2回)の30名を上回る45名が参加", "45名")


def test_only_labels_of_the_asked_series_count_and_counts_are_no_labels() -> None:
    # 第2次総合計画 is no member of 第3次産業's series; 3期連続 counts terms, 二次交通 is a kind of transport.
    sentence = "第3次産業の就業者割合は、第2次総合計画策定時の60%から65%に上昇。"
    assert not numbered_unmet("第3次産業の就業者割合は？", sentence, "65%")
    assert not numbered_unmet("3期連続で採択された事業は何件？", "第2期計画で連続採択された事業は5件", "5件")
    assert not numbered_unmet("二次交通の利用者数は？", "1次募集:15件採択", "15件")
    # Another body's 第3回 is no member of this committee's series.
    assert not numbered_unmet("みどり協議会の第3回はいつ？", "第1回あおば部会:令和5年6月2日", "令和5年6月2日")


def test_a_passage_naming_only_other_members_is_unmet_and_one_naming_none_is_left_to_the_gate() -> None:
    assert numbered_unmet("2次募集の採択事業は？", "1次募集では12件を採択し、交付決定した。", None)
    assert not numbered_unmet("2次募集の採択事業は？", "募集では12件を採択し、交付決定した。", None)
    assert not numbered_unmet("2次募集の採択事業は？", "1次募集に続き2次募集でも採択した。", None)


def test_the_constraint_check_names_it() -> None:
    sentence = "第1回みどり協議会:令和5年6月2日(金)"
    assert (
        unmet("みどり協議会の第3回はいつ開かれた？", "令和5年6月2日です [1]。", "令和5年6月2日", sentence) == "numbered"
    )
    assert unmet("みどり協議会の第1回はいつ開かれた？", "令和5年6月2日です [1]。", "令和5年6月2日", sentence) == ""
