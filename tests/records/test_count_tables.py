"""Count tables by area: a 合計 row read as the actual of the KPI stated above it, on invented layouts."""

from __future__ import annotations

from assistant.records.kpi_count_tables import attach_count_totals, count_tables
from assistant.records.make import kpi_record
from assistant.records.models import KpiValue

# another prefecture's plan: its KPI list, the plan gloss, then a wide table of municipalities in two halves
LINES = """移住の促進
市町村 (地域移住推進計画)【新設】
(KPI) ①地域移住推進計画の策定数:5年間で累計40件 ②移住支援団体の登録数:5年間で累計90団体

市町村名\t県計画\t市町村計画\t支援団体\t市町村名\t県計画\t市町村計画\t支援団体
青葉町\t1\t2\t3\t緑川村\t0\t1\t0
白浜市\t0\t1\t4\t合計\t1\t4\t7

【参考】推移""".split("\n")


def _kpi(indicator: str, target: str):
    return kpi_record("x.txt", LINES, 3, 3, indicator=indicator, project=None, targets=[KpiValue(None, target, None)])


def test_the_total_row_of_a_table_in_two_halves() -> None:
    (table,) = count_tables(LINES)
    assert (table.header, table.total) == (4, 6)
    assert table.totals == {"県計画": "1", "市町村計画": "4", "支援団体": "7"}


def test_totals_become_the_actuals_of_the_kpis_above() -> None:
    plan, groups = _kpi("地域移住推進計画の策定数", "累計40件"), _kpi("移住支援団体の登録数", "累計90団体")
    got = attach_count_totals("x.txt", LINES, [plan, groups])
    # 支援団体 lies in the indicator; 市町村計画 is the plan the document glosses 「市町村 (地域移住推進計画)」
    assert [r.actuals for r in got] == [(KpiValue(None, "4", None),), (KpiValue(None, "7", None),)]
    assert got[0].sources[-1].line_start == 7 and "合計" in got[0].sources[-1].text


def test_a_kpi_far_from_the_table_or_naming_no_column_is_left_alone() -> None:
    other = _kpi("観光入込客数", "100万人")
    far = kpi_record("x.txt", LINES, 1, 1, indicator="移住支援団体の登録数", project=None)
    assert attach_count_totals("x.txt", LINES, [other]) == [other]
    assert attach_count_totals("x.txt", [*([""] * 20), *LINES], [far])[0].actuals == ()
