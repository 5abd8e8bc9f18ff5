"""Programmes a sentence names by what they are to it (a policy acted on, a brand, data tools), invented prose."""

from __future__ import annotations

from assistant.records.programme_basis import extract_data_tools, extract_policy_bases


def test_a_quoted_policy_a_measure_is_based_on() -> None:
    lines = ["• 「「買物困難」解消に向けた行動計画2030」に基づき、重点期間（2030年度～2032年度）で移動販売を支援する。"]
    (record,) = extract_policy_bases("x.txt", lines)
    assert (record.name, record.period) == ("「買物困難」解消に向けた行動計画2030", "2030年度～2032年度")
    assert extract_policy_bases("x.txt", ["「地域の将来像」に基づき検討する。"]) == []  # not a policy or plan


def test_data_tools_named_as_the_means_of_support() -> None:
    lines = ["GEOMAP、STATBOXによる情報支援の強化", "DXによる業務改善", "NPOによる生活支援", "GEOMAPの改修"]
    # an acronym of three letters is an organisation or a field (NPO, DX), and a tool must be the means of support
    assert [r.name for r in extract_data_tools("x.txt", lines)] == ["GEOMAP", "STATBOX"]


def test_tools_a_bracket_lists_after_the_word_for_a_tool() -> None:
    # another ministry's report with margin line numbers: the sentence opens with the ministry on the line above
    lines = [
        "12 農林水産省では、農地の利用状況や担い手の分布を見える化する",
        "13 ツール（農地利用診断、担い手分布マップ）",
        "14 を無料で公開している。",
        "15 地域の課題を整理するツール（チェックシート）を配布する。",  # one item: a generic form, no list
    ]
    got = [(r.name, r.ministry, r.line_start, r.line_end) for r in extract_data_tools("x.txt", lines)]
    assert got == [("農地利用診断", "農林水産省", 1, 3), ("担い手分布マップ", "農林水産省", 1, 3)]
