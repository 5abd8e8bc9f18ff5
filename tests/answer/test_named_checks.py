"""The term a question asks the meaning of, and an indicator's progress asked of a record (`answer/named_checks.py`)."""

from __future__ import annotations

from assistant.answer.constraints import unmet
from assistant.answer.named_checks import progress_unstated
from assistant.question.named import meaning_asked


def test_the_term_whose_meaning_is_asked() -> None:
    assert meaning_asked("報告書にある「ウェルビーイング」って、どんなことを指すの？") == "ウェルビーイング"
    assert meaning_asked("住宅改修奨励金とは、どんな仕組みですか。") == "住宅改修奨励金"
    assert meaning_asked("「まちカフェ」ってどういうもの？") == "まちカフェ"
    # Another thing about X is asked (what it rests on, which costs), or a plain word (which map): not a meaning.
    assert meaning_asked("その登録って何の法律によるもの？") == ""
    assert meaning_asked("その改修助成って、どの工事が対象になる？") == ""
    assert meaning_asked("子どもたちが描いた絵って何？") == ""


def test_progress_asked_and_only_the_plan_given() -> None:
    q = "来館者数のKPI、いまの進捗率は？"
    assert progress_unstated(q, "来館者数: 基準値12万人(R5)、目標値15万人(R11) [1]")
    assert not progress_unstated(q, "来館者数の進捗率は80.0%です [1]")
    assert not progress_unstated(q, "来館者数: 実績値は現在集計中 [1]")
    # A target given as a percentage is still the plan: 「目標値80%」 says nothing of progress.
    assert progress_unstated("利用率のKPI、進捗率は？", "利用率: 基準値62%(R5)、目標値80%(R11) [1]")
    assert not progress_unstated("利用率のKPI、進捗率は？", "利用率: 目標値80%(R11)、進捗率は45.0% [1]")
    assert not progress_unstated("来館者数の目標値は？", "来館者数: 基準値12万人(R5)、目標値15万人(R11) [1]")
    assert unmet(q, "来館者数: 基準値12万人(R5)、目標値15万人(R11) [1]", "15万人", "", "来館者数") == "progress"


def test_a_name_or_a_count_asked_is_left_to_the_gate() -> None:
    # No check binds a name to an asked noun or a number to 何人: a passage naming nothing passes the constraint check.
    assert unmet("青葉町で高校生がつくったサークルの名前は？", "高校生がサークルを設立。空き家を活用。 [1]") == ""
    assert unmet("遊歩道の全長は何キロ？", "海沿いの町をつなぐ遊歩道。 [1]") == ""
