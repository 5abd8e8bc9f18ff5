"""Goals stated in running prose (another prefecture's plan), read by the target shapes."""

from __future__ import annotations

from assistant.records.kpi import extract_kpis
from assistant.records.kpi_goals import extract_goal_sentences

PLAN = """第3章 移住・定住の促進

（1）移住者の呼び込み
・本県への移住者数を、2030年度までに年間5,000人とすることを目指す。
・観光消費額を2019年比で1.5倍程度に拡大することを目指す。
・県内の再生可能エネルギー導入量を2030年度に現在の2倍程度とする。
・関係人口について、実人数50万人、延べ人数300万人を目指す。
・2024年の移住者数は4,200人であり、前年から300人増加した。
""".split("\n")


def _targets(r):
    return [(t.value, t.year, t.label) for t in r.targets]


def test_goal_sentences_of_a_plan() -> None:
    got = {r.indicator: (_targets(r), r.unit, r.project, r.line_start) for r in extract_goal_sentences("x.txt", PLAN)}
    assert got == {
        "本県への移住者数": ([("年間5,000人", "2030年度", None)], "人", "（1）移住者の呼び込み", 4),
        "観光消費額": ([("1.5倍程度", None, None)], "倍", "（1）移住者の呼び込み", 5),  # 「2019年比で」 set aside
        "県内の再生可能エネルギー導入量": ([("2倍程度", "2030年度", None)], "倍", "（1）移住者の呼び込み", 6),
        # two targets of one indicator, each with its label
        "関係人口": ([("50万人", None, "実人数"), ("300万人", None, "延べ人数")], "万人", "（1）移住者の呼び込み", 7),
    }  # an actual stated in prose (line 8) is not a goal


def test_a_goal_in_a_target_bracket_is_read_once() -> None:
    lines = ["○移住の促進 【2030年度までに移住者数を年間5,000人とすることを目指す】"]
    assert extract_goal_sentences("x.txt", lines) == []  # the bracket reader reads it
    assert [r.indicator for r in extract_kpis("x.txt", lines)] == ["移住者数"]


def test_a_goal_wrapped_over_two_lines_of_a_paragraph() -> None:
    lines = ["", "本市は、子育て世帯の転入者数を2028年度までに", "年間800人とすることを目標とする。", ""]
    (r,) = extract_goal_sentences("x.txt", lines)
    assert (r.indicator, _targets(r), r.line_start, r.line_end) == (
        "子育て世帯の転入者数",
        [("年間800人", "2028年度", None)],
        2,
        3,
    )


# a city's comprehensive strategy: polite prose goals, then a KPI list labelling each figure
STRATEGY = """基本目標１ 稼ぐ地域をつくる

本市では、2029年度までに市内の新規創業件数を年間60件とすることを目指します。
また、市内観光消費額を2023年比で1.2倍に増加させます。

【重要業績評価指標（KPI）】
・移住相談件数：基準値 320件（2023年度）→ 目標値 500件（2029年度）
・企業誘致件数：目標値 累計15件（2025～2029年度）
""".split("\n")


def test_polite_goals_and_a_labelled_kpi_list() -> None:
    got = {r.indicator: r for r in extract_kpis("x.txt", STRATEGY)}
    assert _targets(got["市内の新規創業件数"]) == [("年間60件", "2029年度", None)]
    assert _targets(got["市内観光消費額"]) == [("1.2倍", None, None)]
    item = got["移住相談件数"]
    assert (item.baseline.value, item.baseline.year, _targets(item)) == (
        "320件",
        "2023年度",
        [("500件", "2029年度", None)],
    )
    assert item.project == "基本目標１ 稼ぐ地域をつくる"  # the list's own heading names no policy
    assert got["企業誘致件数"].targets[0].value == "累計15件"
    assert len(got) == 4
