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


def _of(project: str, indicator: str) -> KpiRecord:
    return KpiRecord("k", "d.txt", project, indicator, None, None, (), (), None, 1, 1, "")


HOT_SPRING = _of("温泉文化を活かした北湯地域活性化プロジェクト", "北湯地域への宿泊者数")
FOREST = _of("森林資源の連携による交流人口拡大プロジェクト", "森林体験施設の利用者数")
PORT = _of("みなと再生プロジェクト", "港湾地区の来訪者数")
PORT_2 = _of("みなと再生プロジェクト", "港湾地区の出店数")


@pytest.mark.parametrize(
    ("question", "turn", "found"),
    [
        # named by the tail of its project's name, the modifier line left out
        ("北湯地域活性化プロジェクトのKPIは？", "北湯地域活性化プロジェクトのKPIは？", HOT_SPRING),
        ("北湯地域活性化プロジェクトのKPI R11の目標は？", "R11の目標は？", HOT_SPRING),
        # a tail too short to name one project (プロジェクト), or a project with several indicators
        ("交流プロジェクトのKPIは？", "交流プロジェクトのKPIは？", None),
        ("みなと再生プロジェクトのKPIは？", "みなと再生プロジェクトのKPIは？", None),
        # the turn names a word of another project's name: that one is asked, not the one carried
        ("北湯地域活性化プロジェクトのKPI 森林のほうの目標は？", "森林のほうの目標は？", None),
        # a modifier of the question's own before the tail names another project that shares the tail
        ("南湯地域活性化プロジェクトのKPIは？", "南湯地域活性化プロジェクトのKPIは？", None),
        ("まちなか活性化プロジェクトのKPIは？", "まちなか活性化プロジェクトのKPIは？", None),
        ("関係人口拡大プロジェクトのKPIは？", "関係人口拡大プロジェクトのKPIは？", None),
        ("「北湯地域活性化プロジェクト」の目標は？", "「北湯地域活性化プロジェクト」の目標は？", HOT_SPRING),
    ],
)
def test_a_kpi_is_named_by_its_project(question: str, turn: str, found: KpiRecord | None) -> None:
    from assistant.records.lookup import project_kpi

    assert project_kpi([HOT_SPRING, FOREST, PORT, PORT_2], question, None, turn) is found
