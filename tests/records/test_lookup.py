"""Which KPI record a question is about: a record of another measure of the same subject is a near miss (invented)."""

from __future__ import annotations

import pytest

from assistant.records.lookup import other_measure
from assistant.records.models import KpiRecord


def _kpi(indicator: str, *variants: str) -> KpiRecord:
    return KpiRecord("k", "d.txt", None, indicator, None, None, (), (), None, 1, 1, "", (), variants)


SNS = _kpi("「みなと・ナビ」公式SNSのフォロワー数")
VISITORS = _kpi("管内への観光入込客数")
RATE = _kpi("新規学卒者管内企業就職率")


@pytest.mark.parametrize(
    ("question", "record", "other"),
    [
        ("「みなと・ナビ」の閲覧数は？", SNS, True),  # the site's views, not its followers
        ("みなと・ナビのPV数はどれくらい？", SNS, True),
        ("みなと・ナビのフォロワー、R5年度末で何人？", SNS, False),
        ("みなと・ナビのフォロワーの進捗率は？", SNS, False),  # a field of the indicator itself
        ("みなと・ナビの目標は？", SNS, False),  # no measure named
        ("管内の観光客数はR5年度だと何万人？", VISITORS, False),  # a kanji compound paraphrased word by word
        ("管内の宿泊者数は？", VISITORS, True),
        ("管内就職率の目標は？", RATE, False),
        ("管内企業の離職率は？", RATE, True),
    ],
)
def test_a_question_counting_another_measure_names_another_indicator(
    question: str, record: KpiRecord, other: bool
) -> None:
    assert other_measure(question, record) is other


def test_a_variant_of_the_indicator_names_the_measure_too() -> None:
    assert not other_measure(
        "みなと・ナビの閲覧数は？", _kpi("「みなと・ナビ」のフォロワー数", "「みなと・ナビ」の閲覧数")
    )
