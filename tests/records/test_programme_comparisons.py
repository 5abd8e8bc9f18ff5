"""The policies a comparison table's title names, by the formal name under each column head (invented slide)."""

from __future__ import annotations

from assistant.records.programme_comparisons import extract_compared_policies

_SLIDE = [
    " Ⅳ みなと振興計画／港町再生1.0／港町再生2.0の比較表",
    " みなと振興計画",
    "港町再生1.0",
    "",
    "（うみ・まち・ひと再生総合プラン）",
    "",
    "港町再生2.0",
    "（基本構想）",
    "年代 1980年～ 2010年～ 2025年～",
]


def test_each_compared_policy_is_read_at_its_column_head_by_its_formal_name() -> None:
    got = {r.name: (r.variants, r.line_start, r.line_end, r.period) for r in extract_compared_policies("d.txt", _SLIDE)}
    # a head with no bracket is read by itself; a formal name in brackets leads, the head is its variant;
    # the dating row gives each column its period, in the title's order
    assert got["みなと振興計画"] == ((), 2, 2, "1980年～")
    assert got["うみ・まち・ひと再生総合プラン"] == (("港町再生1.0",), 3, 5, "2010年～")
    # a bracket naming only a kind of document is the plan read under its own title elsewhere
    assert "港町再生2.0" not in got and len(got) == 2


def test_the_dating_row_is_cited_and_a_row_not_dating_every_column_gives_no_period() -> None:
    (plan, _) = extract_compared_policies("d.txt", _SLIDE)
    assert [(src.line_start, src.line_end) for src in plan.sources] == [(2, 2), (9, 9)]
    undated = [*_SLIDE[:8], "年代 1980年～ 2010年～"]
    assert all(r.period is None for r in extract_compared_policies("d.txt", undated))


def test_a_title_without_its_columns_or_without_a_slash_is_no_table() -> None:
    mention = ["みなと振興計画／港町再生1.0の比較", "両者は手法が大きく異なる。"]
    assert extract_compared_policies("d.txt", mention) == []
    single = ["港町再生1.0の比較表", "港町再生1.0"]
    assert extract_compared_policies("d.txt", single) == []


def test_states_or_phases_of_one_thing_are_no_policies() -> None:
    slide = ["現行制度／改正案の比較表", "現行制度", "改正案", "第1期／第2期の比較表", "第1期", "第2期"]
    assert extract_compared_policies("d.txt", slide) == []
