"""Numbered support sections of one programme (【支援対象者】【支援対象経費】【支援額】), on an invented outline."""

from __future__ import annotations

from assistant.records.models import Cap, Rate
from assistant.records.programme_support import extract_support_sections

# another ministry's outline sheet: the programme quoted above two numbered sections, each with its labelled terms;
# the first section's rate holds only under a condition its 【支援額】 line states, the second's is a flat amount
OUTLINE = """農林水産省
「みどり里山再生モデル事業」の概要
1. 里山の活用への支援
【支援対象者】
・里山再生協議会（市町村、NPO法人等で構成）
・民間事業者
【支援対象経費】
・調査・計画の策定に要する経費
・設備の整備に要する経費
【支援額】
・条件Aを満たす主体：支援対象経費の1/2
・上限1,000万円

2. 担い手の育成への支援
【支援対象者】
・里山再生協議会
【支援対象経費】
・研修に要する経費
【支援額】
・定額（上限200万円）
""".split("\n")


def test_each_section_is_a_reading_of_the_programme_with_its_conditioned_terms() -> None:
    first, second = extract_support_sections("x.txt", OUTLINE)
    assert {first.name, second.name} == {"みどり里山再生モデル事業"}  # merging makes them one record
    assert first.variants == ("みどり里山再生モデル事業（里山の活用への支援）",)
    assert first.rates == (Rate("1/2", "条件Aを満たす主体"),)
    assert first.caps == (Cap("上限1,000万円", "里山の活用への支援"),)
    assert first.eligible == ("里山再生協議会（市町村、NPO法人等で構成）", "民間事業者")
    assert first.covered_costs == ("調査・計画の策定に要する経費", "設備の整備に要する経費")
    assert (first.ministry, first.line_start, first.line_end) == ("農林水産省", 3, 12)
    assert (second.rates, second.caps) == (
        (Rate("定額", "担い手の育成への支援"),),
        (Cap("上限200万円", "担い手の育成への支援"),),
    )


def test_a_numbered_heading_without_an_amount_marker_is_no_section() -> None:
    lines = ["「みどり里山再生モデル事業」の概要", "1. 里山の活用への支援", "【支援対象者】", "・民間事業者"]
    assert extract_support_sections("x.txt", lines) == []
