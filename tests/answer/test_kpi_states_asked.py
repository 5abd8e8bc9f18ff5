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
    ("record", "question", "year"),
    [
        (PLAN, "図書館の来館者数のR6の実績は？", "R6"),  # no actual at all: only a baseline and a target
        (TRACKED, "図書館の来館者数、R3に来た人数の実績を教えて", "R3"),  # actuals, but none for the year asked
    ],
)
def test_an_actual_asked_for_a_year_the_record_lacks_is_said_as_not_stated(
    record: KpiRecord, question: str, year: str
) -> None:
    said = kpi_answer(record, question)
    assert said is not None and said.not_stated
    assert said.text.startswith(f"図書館の来館者数の{year}の実績値の記載はありません")


def test_a_year_the_record_holds_is_still_answered_with_its_figure() -> None:
    said = kpi_answer(TRACKED, "図書館の来館者数のR6の実績は？")
    assert said is not None and not said.not_stated and "5,500人" in said.text
    # A year asked without 実績 (「R6は？」) may be any field: the record does not claim it is absent.
    assert kpi_answer(PLAN, "図書館の来館者数のR6は？") is None


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


def test_the_state_asked_against_the_target_is_not_answered_by_the_target() -> None:
    # 「…の目標に対して、現状は」 asks the state reached: the target is the yardstick, not the answer.
    assert kpi_answer(PLAN, "来館者数6,000人の目標に対して、現時点で何人まで来ている？") is None
    said = kpi_answer(TRACKED, "来館者数6,000人の目標に対して、現時点で何人まで来ている？")
    assert said is not None and said.text.startswith("図書館の来館者数の実績値は5,500人(R6)です")
    # A baseline asked of a record without one: no answer, not the target.
    no_baseline = KpiRecord(
        "k3", "900_fake.txt", None, "図書館の来館者数", "人", None, (), (KpiValue("R11", "6,000人", None),), None,
        1, 1, "○図書館の来館者数 6,000人(R11)",
    )  # fmt: skip
    assert kpi_answer(no_baseline, "図書館の来館者数の目標に対して、基準値はいくつ？") is None
    assert kpi_answer(PLAN, "図書館の来館者数の目標に対して、基準値はいくつ？").text.startswith(
        "図書館の来館者数の基準値は5,000人(R5)です"
    )


def test_the_state_asked_of_a_record_still_counting_says_so() -> None:
    counting = KpiRecord(
        "k4", "900_fake.txt", None, "図書館の来館者数", "人", KpiValue("R2", "5,000人", None),
        (KpiValue("R6", None, "集計中（7月頃）"),), (KpiValue("R7", "6,000人", None),), None, 1, 1,
        "図書館の来館者数 5,000人(R2) 集計中(R6) 6,000人(R7) -%",
    )  # fmt: skip
    said = kpi_answer(counting, "図書館の来館者数6,000人の目標に対して、現状は？")
    assert said is not None and said.not_stated and "集計中（7月頃）" in said.text.split("[1]")[0]
