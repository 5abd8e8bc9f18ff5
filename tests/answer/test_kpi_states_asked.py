"""A KPI record's completeness for the gate: the answer states the field asked, or only the record's summary.

The record is made up: a library's visitors with a baseline and a target but no actual and no progress figure.
"""

from __future__ import annotations

import pytest

from assistant.answer.kpi_text import kpi_answer
from assistant.records.models import KpiRecord, KpiValue

#: Baseline and target only: the document gives no actual, no progress.
PLAN = KpiRecord(
    "k", "900_fake.txt", None, "図書館の来館者数", "人", KpiValue("R5", "5,000人", None), (),
    (KpiValue("R11", "6,000人", None),), None, 1, 1, "○図書館の来館者数 5,000人(R5) → 6,000人(R11)",
)  # fmt: skip
#: The same indicator with an actual and its progress.
TRACKED = KpiRecord(
    "k2", "900_fake.txt", None, "図書館の来館者数", "人", KpiValue("R2", "5,000人", None),
    (KpiValue("R6", "5,500人", None),), (KpiValue("R7", "6,000人", None),), "50.0%", 1, 1,
    "図書館の来館者数 5,000人(R2) 5,500人(R6) 6,000人(R7) 50.0%",
)  # fmt: skip


@pytest.mark.parametrize(
    ("record", "question", "states"),
    [
        (PLAN, "図書館の来館者数の進捗率は？", False),  # no progress figure: only the summary is given
        (PLAN, "図書館の来館者数の目標は？", True),  # the target is held
        (PLAN, "図書館の来館者数のKPIは？", True),  # no one field asked: the summary answers
        (TRACKED, "図書館の来館者数の進捗率は？", True),
        (TRACKED, "図書館の来館者数の実績は？", True),
    ],
)
def test_a_kpi_answer_states_the_field_asked_or_only_its_summary(
    record: KpiRecord, question: str, states: bool
) -> None:
    # `from_records` reads this flag off the answer it already made, whether or not the summary alone may answer.
    for summary_ok in (True, False):
        said = kpi_answer(record, question, summary_ok)
        assert said is None or said.states_asked is states
    said = kpi_answer(record, question)
    assert said is not None and said.states_asked is states


def test_an_actual_asked_of_a_record_without_one_gives_no_record_answer() -> None:
    # Not a summary: the records path gives nothing, and the passages answer (or the answerer abstains).
    assert kpi_answer(PLAN, "図書館の来館者数の実績は？") is None


@pytest.mark.parametrize(
    "question",
    [
        "図書館の来館者数、目標に比べてどれほど進んだ？",
        "図書館の来館者数は目標値に向けてどこまで進んだ？",
        "図書館の来館者数の進み具合は？",
    ],
)
def test_progress_asked_in_everyday_words_leads_with_the_progress_rate(question: str) -> None:
    """「目標に比べてどれほど進んだ」 names the target only as what progress is measured against."""
    said = kpi_answer(TRACKED, question)
    assert said is not None and said.text.startswith("図書館の来館者数の進捗率は50.0%です")


def test_a_target_asked_with_no_progress_word_still_leads_with_the_target() -> None:
    said = kpi_answer(TRACKED, "図書館の来館者数の目標に対する考え方は？")
    assert said is not None and said.text.startswith("図書館の来館者数の目標値は6,000人")


#: A target stated in prose, with no baseline, actual or progress (「2030年までに公園を50か所整備」).
GOAL_ONLY = KpiRecord(
    "k3", "900_fake.txt", None, "公園の整備数", "か所", None, (), (KpiValue("2030年", "50か所", None),), None, 1, 1,
    "○公園の整備 【2030年までに公園を50か所整備】",
)  # fmt: skip


@pytest.mark.parametrize(
    "question",
    [
        "公園を50か所整備する目標に対して、現状（基準値）は何か所？",  # the baseline, asked after the target it is set against
        "50か所の目標に対し、現時点で何か所まで整備できていますか？",  # the present figure, asked the same way
        "公園の整備数、目標に対する実績は？",
    ],
)
def test_a_field_asked_after_the_target_it_is_measured_against_is_not_answered_by_the_target(question: str) -> None:
    # The asking clause writes its field last; the record holds only the target, so it gives no answer at all.
    assert kpi_answer(GOAL_ONLY, question) is None


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("図書館の来館者数の現在の目標値は？", "目標値は"),  # the target written last is held: it leads
        ("図書館の来館者数の基準値と目標値は？", "基準値は"),  # both held: the baseline, asked first, leads as before
    ],
)
def test_two_fields_written_and_the_last_held_answers_as_before(question: str, lead: str) -> None:
    said = kpi_answer(PLAN, question)
    assert said is not None and lead in said.text


#: Progress left as a dash while the latest actual is still being counted.
DASHED = KpiRecord(
    "k4", "900_fake.txt", None, "移住相談件数", "件", KpiValue("R1", "120件", None),
    (KpiValue("R5", "150件", None), KpiValue("R6", None, "集計中（7月頃）")), (KpiValue("R7", "200件", None),), "-%",
    1, 1, "移住相談件数 120件(R1) 150件(R5) 集計中(R6) 200件(R7) -%",
)  # fmt: skip


@pytest.mark.parametrize("question", ["移住相談件数の目標に対する進捗率は？", "移住相談件数、目標の達成状況は？"])
def test_progress_asked_against_the_target_says_the_dash_as_not_stated(question: str) -> None:
    said = kpi_answer(DASHED, question)
    assert said is not None and said.not_stated and "進捗率の記載はありません" in said.text


@pytest.mark.parametrize(
    "question",
    [
        "公園の整備数は、いつまでに目標を達成する予定？",  # reaching the target asks the target's horizon
        "公園の整備数の目標達成年度はいつ？",
        "公園の整備数の目標値は現在いくつに設定されていますか？",  # 「現在」 said of the target itself
    ],
)
def test_the_target_asked_in_words_of_reaching_it_or_of_now_is_still_the_target(question: str) -> None:
    said = kpi_answer(GOAL_ONLY, question)
    assert said is not None and "50か所" in said.text


def test_an_actual_asked_by_two_words_for_it_is_one_field() -> None:
    # 「現時点の実績」 writes the actual twice; the record's baseline year is the asked year, and answers it.
    said = kpi_answer(PLAN, "図書館の来館者数、R5時点の実績は現時点でどれくらい？")
    assert said is not None and "5,000人" in said.text
