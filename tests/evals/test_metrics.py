"""The relevance rule, citation validity, answer checks and percentiles, by hand."""

from __future__ import annotations

from assistant.evals import metrics


def test_relevance_rule_long_evidence():
    ev = "あ" * 10 + "い" * 25 + "う" * 10  # 45 chars > 40: first or last 30 suffice
    assert metrics.relevance_keys(ev) == (ev, ev[:30], ev[-30:])
    assert metrics.first_relevant_rank(["無関係", "前置き" + ev[:30]], ev) == 2
    assert metrics.first_relevant_rank(["x " + ev[-30:]], ev) == 1
    assert metrics.first_relevant_rank([ev[5:35]], ev) is None  # a middle piece is not enough
    short = "補助率は2/3以内"  # short evidence needs all of it
    assert metrics.first_relevant_rank(["補助率は2/3"], short) is None


def test_citation_validity_rules():
    lines = ["12\t小さな拠点の形成を推進", "13\tする。", "14\t国十交诵省が支援する。"]
    # The document's own words, PDF line numbers included, whitespace aside: verbatim.
    assert metrics.citation_valid("12 小さな拠点の形成を推進\n13 する。", lines, 1, 2)
    # Cleaned or repaired words are not what the document says at those lines.
    assert not metrics.citation_valid("小さな拠点の形成を推進する。", lines, 1, 2)
    assert not metrics.citation_valid("国土交通省が支援する。", lines, 3, 3)
    assert metrics.citation_valid("国十交诵省が支援する。", lines, 3, 3)
    assert not metrics.citation_valid("国十交诵省が支援する。", lines, 1, 2)  # wrong lines
    assert not metrics.citation_valid("", lines, 1, 3)
    assert not metrics.citation_valid("する", None, 1, 1)
    assert metrics.citation_lines(0, 0, 5, 9) == (5, 9) and metrics.citation_lines(6, 7, 5, 9) == (6, 7)


def test_strip_markers_and_percentile():
    assert metrics.strip_markers("上限[1]は［2］3,000万円[1,2]") == "上限は3,000万円"
    assert metrics.answer_correct("２／３", "補助率は2/3[1]", abstained=False)
    assert not metrics.answer_correct("2/3", "補助率は2/3", abstained=True)
    assert metrics.percentile([1, 2, 3, 4], 50) == 2.5 and metrics.percentile([], 50) is None
    assert metrics.percentile([10.0], 95) == 10.0
