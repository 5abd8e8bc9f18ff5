"""Dated goals a bullet states by year and figure (another prefecture's comparison of its plans)."""

from __future__ import annotations

from assistant.records.kpi import extract_kpis
from assistant.records.kpi_dated import extract_dated_goals

TABLE = """Ⅲ 第一次／第二次県総合計画の比較表
第一次計画
第二次計画

目標

・県内総生産向上（２０００年に５兆
円（年率３%の成長)）
・定住人口の確保

・長期見通しとして「2050年に150万人程度を維持」
を掲げ、人口減少を食い止める
・2040年に観光客数200万人を達成
・2021年には約3,000人の応募となった。
・県民所得：2020年に320万円
・2050年に150万人程度を維持
""".split("\n")


def _read(lines):
    return {r.indicator: r for r in extract_dated_goals("x.txt", lines)}


def test_a_comparison_tables_dated_goals() -> None:
    got = _read(TABLE)
    gdp = got["県内総生産"]  # 「X向上（YYYY年にV（pace））」 over a wrapped cell
    assert [(t.value, t.year, t.status) for t in gdp.targets] == [("５兆円", "2000年", "年率３%の成長")]
    assert (gdp.line_start, gdp.line_end, gdp.unit) == (7, 8, "兆円")
    assert gdp.project == "第一次／第二次県総合計画の比較表"  # the table's title, without its numeral
    people = got["人口"]  # no X in the goal: the bullet's topic is what it keeps
    assert [(t.value, t.year) for t in people.targets] == [("150万人程度", "2050年")]
    assert people.variants == ("長期見通し",)
    assert [(t.value, t.year) for t in got["観光客数"].targets] == [("200万人", "2040年")]


def test_a_statistic_with_a_year_is_not_a_goal() -> None:
    got = _read(TABLE)
    # 「…の応募となった」 reports, 「県民所得：2020年に320万円」 states a level, and a goal with no measured
    # thing (the last bullet names neither X nor a topic) is left alone
    assert set(got) == {"県内総生産", "人口", "観光客数"}


def test_the_dated_goals_pass_the_grounding_check() -> None:
    assert {"県内総生産", "人口", "観光客数"} <= {r.indicator for r in extract_kpis("x.txt", TABLE)}


def test_a_horizon_one_reading_states_is_kept_when_readings_merge() -> None:
    lines = """「ふるさと県構想」（概要）

関係人口を実人数50万人、
延べ人数300万人創出

○「ふるさと県民」制度の創設 【関係人口を可視化。今後10年間で実人数50万人、延べ人数300万人を目指す】
""".split("\n")
    kpis = [r for r in extract_kpis("x.txt", lines) if r.indicator == "関係人口"]
    assert len(kpis) == 1 and [s.line_start for s in kpis[0].sources] == [3, 6]  # the summary box, then the bracket
    assert [(t.value, t.status) for t in kpis[0].targets] == [("50万人", "今後10年間"), ("300万人", "今後10年間")]


def test_the_span_a_year_closes_is_the_targets_horizon() -> None:
    from assistant.records.kpi_shapes import targets_in_statement

    got = targets_in_statement("2030年度までの5年間で県内への移住者数を約２万人とすることを目指す", bare=True)
    assert [(t.indicator, [(v.value, v.year, v.status) for v in t.targets]) for t in got] == [
        ("県内への移住者数", [("約２万人", "2030年度", "5年間")])
    ]
