"""A name asked of a noun (`question/named.py`) and the answer's words binding one to it (`answer/named_checks.py`)."""

from __future__ import annotations

import pytest

from assistant.answer.constraints import unmet
from assistant.answer.named_checks import (
    name_unbound,
    names_bound,
    number_unwritten,
    progress_unstated,
    term_undefined,
    venue_unwritten,
)
from assistant.question.named import asked_heads, meaning_asked


def test_the_nouns_whose_names_are_asked() -> None:
    assert asked_heads("青葉町で高校生がつくったサークルの名前は？") == ("サークル",)
    assert asked_heads("港町の音楽祭で上演した演目、名前は何？") == ("演目",)
    assert asked_heads("記念館で展示した絵画のタイトルは？") == ("絵画",)
    assert asked_heads("協定を結んだ企業や大学の名称を教えて") == ("企業", "大学")
    # Which-questions and quoted names are not read: their answers name things in too many forms.
    assert asked_heads("どの法律にもとづく事業？") == ()
    assert asked_heads("「緑の名前」という冊子はいつ出た？") == ()


@pytest.mark.parametrize(
    ("head", "text", "expected"),
    [
        ("サークル", "高校生がサークル「みどりの輪」を立ち上げた。", True),  # bracketed right after the noun
        ("サークル", "高校生が「みどりの輪」というサークルを立ち上げた。", True),  # quoted right before it
        ("大学", "青葉大学と連携して調査した。", True),  # a name ending in the noun
        ("絵画", "絵画『海辺の朝』を展示した。", True),
        ("サークル", "高校生がサークルを立ち上げ、朝市に出店した。", False),  # the circle talked about, not named
        ("大学", "都市部の大学生が参加した。", False),
        ("法人", "法人(12法人)を指定した。", False),  # a count in brackets names none
    ],
)
def test_a_name_bound_to_the_noun(head: str, text: str, expected: bool) -> None:
    assert names_bound(head, text, f"{head}の名前は？") is expected


def test_a_quoted_passage_naming_nothing_of_the_kind_asked_is_unmet() -> None:
    q = "青葉町で高校生がつくったサークルの名前は？"
    passage = "(事例)青葉町 町主催の講座に参加した高校生がサークルを設立。空き家の活用やWEBサイトの開設に取り組む。 [1]"
    assert name_unbound(q, passage)
    assert unmet(q, passage) == "name"
    assert unmet(q, "高校生がサークル「みどりの輪」を設立。 [1]") == ""
    # A name extracted as the answer's key stands on its own: the value chooser bound it.
    assert unmet(q, "みどりの輪です [1]。", "みどりの輪", "サークル活動(みどりの輪)") == ""


def test_the_term_whose_meaning_is_asked() -> None:
    assert meaning_asked("計画に出てくる「ウェルビーイング」とは、どういう意味ですか。") == "ウェルビーイング"
    assert meaning_asked("地域交流支援制度とは、どのような制度ですか。") == "地域交流支援制度"
    assert meaning_asked("「まちカフェ」ってどういうもの？") == "まちカフェ"
    # Another thing about X is asked (what it rests on, which costs), or a plain word (which map): not a meaning.
    assert meaning_asked("その認定って何に基づくもの？") == ""
    assert meaning_asked("その経費補助って、どういう費用が対象？") == ""
    assert meaning_asked("住民が作っている地図って何？") == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("住民のウェルビーイング向上を図りながら人材を育てる。", True),  # the term used, never explained
        ("ウェルビーイング等の意識変革を進める。", True),
        ("ウェルビーイングとは、心身ともに満たされた状態をいう。", False),
        ("心身ともに満たされた状態(ウェルビーイング)を目指す。", False),  # set off in brackets after its meaning
        ("心身ともに満たされた状態を「ウェルビーイング」と呼ぶ。", False),
        ("ウェルビーイング※の向上 ※心身ともに満たされた状態", False),
        ("地域の交通計画を見直す。", False),  # the term is not written: left to other checks
    ],
)
def test_a_term_explained_or_only_used(text: str, expected: bool) -> None:
    assert term_undefined("「ウェルビーイング」とはどういう意味？", text) is expected


def test_a_count_or_measure_asked_and_no_number_of_it_written() -> None:
    survey = "進学で地元を離れた理由を尋ねた(複数回答)。延べ回答件数は1,204件。"
    assert number_unwritten("その調査には何人が回答した？", survey)  # 件 counts answers, not people
    assert not number_unwritten("その調査の回答件数は何件？", survey)
    assert number_unwritten("遊歩道の全長は何キロ？", "海沿いの町をつなぐ遊歩道。")
    assert not number_unwritten("遊歩道の全長は何キロ？", "全長約42kmの遊歩道。")
    assert number_unwritten("通勤時間は片道何分？", "通勤時間を加味すると順位は下がる。")
    assert not number_unwritten("通勤時間は片道何分？", "片道45分として計算した。")
    assert not number_unwritten("全体の何分の1？", "全体を見直す。")  # a fraction asked: not a measure of minutes
    assert unmet("遊歩道の全長は何キロ？", "海沿いの町をつなぐ遊歩道。 [1]") == "count"


def test_a_venue_asked_and_no_place_written() -> None:
    q = "第3回検討会はどこで開かれましたか？"
    assert venue_unwritten(q, "第3回検討会:令和6年5月8日(水) 10:00~12:00 ・報告書(案)について")
    assert not venue_unwritten(q, "第3回検討会 開催日:5月8日 場所:青葉市民会館")
    assert not venue_unwritten(q, "第3回検討会を青葉市で開いた。")
    assert not venue_unwritten("第3回検討会の議題は？", "第3回検討会:令和6年5月8日(水)")  # no venue asked
    assert unmet(q, "第3回検討会:令和6年5月8日(水) 10:00~12:00 [1]") == "place"


def test_a_quoted_name_apart_from_the_noun_still_names_it() -> None:
    q = "町が都市の人材に副業してもらう取組、名前は？"
    assert not name_unbound(q, "町は2019年から「週1で町の副社長」を開始し、都市部の人材が町内企業で働く取組を進める。")


def test_progress_asked_and_only_the_plan_given() -> None:
    q = "来館者数のKPI、いまの進捗率は？"
    assert progress_unstated(q, "来館者数: 基準値12万人(R5)、目標値15万人(R11) [1]")
    assert not progress_unstated(q, "来館者数の進捗率は80.0%です [1]")
    assert not progress_unstated(q, "来館者数: 実績値は現在集計中 [1]")
    assert not progress_unstated("来館者数の目標値は？", "来館者数: 基準値12万人(R5)、目標値15万人(R11) [1]")
    assert unmet(q, "来館者数: 基準値12万人(R5)、目標値15万人(R11) [1]", "15万人", "", "来館者数") == "progress"
