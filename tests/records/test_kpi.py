"""KPI extraction against the real corpus and against synthetic documents in other real layouts."""

from __future__ import annotations

import json

import pytest

from assistant.records import KpiRecord, extract_all, extract_kpis, extract_records
from assistant.text.normalize import compact

from .conftest import DOCS


@pytest.fixture(scope="module")
def kpis(corpus) -> dict[str, list[KpiRecord]]:
    merged, _ = extract_all((DOCS[key], lines) for key, lines in corpus.items())
    return {key: [r for r in merged if r.doc == name] for key, name in DOCS.items()}


def _find(records, indicator, *, baseline=None):
    out = [
        r
        for r in records
        if r.indicator == indicator and (baseline is None or (r.baseline and compact(r.baseline.value) == baseline))
    ]
    assert len(out) == 1, [(r.indicator, r.line_start) for r in out]
    return out[0]


def _actuals(r: KpiRecord) -> dict[str | None, tuple[str | None, str | None]]:
    return {a.year: (a.value, a.status) for a in r.actuals}


def _targets(r: KpiRecord) -> list[tuple[str | None, str | None, str | None]]:
    return [(t.value, t.year, t.label) for t in r.targets]


# --- progress table: one record per KPI, the page's row and the summary table merged ------------


def test_row_and_table_are_one_record_with_the_series(kpis):
    r = _find(kpis["004"], "空知の耕作面積の維持", baseline="113,600ha")
    assert r.baseline.year == "R2" and r.progress == "99.9％"
    assert [(a.year, compact(a.value)) for a in r.actuals] == [
        ("R3", "113,600ha"),
        ("R4", "113,500ha"),
        ("R5", "113,500ha"),
        ("R6", "113,500ha"),
    ]
    assert _targets(r) == [("113,600㏊", "R7", None)]
    assert r.project == "未来技術の導入などによる産業振興・担い手確保プロジェクト"
    assert compact(r.unit) == "ha"
    assert [s.line_start for s in r.sources][:1] == [165]  # the page's row first, then the table
    assert len(r.sources) == 2 and r.sources[1].line_start > 300


def test_pending_actual_keeps_the_tables_fuller_marker(kpis):
    r = _find(kpis["004"], "炭鉄港推進協議会構成市町の観光入込客数")
    assert (r.baseline.value, r.baseline.year) == ("7,250千人", "R2")
    assert _actuals(r)["R6"] == (None, "集計中（7月頃）")  # the row says 集計中, the table 集計中（7月頃）
    assert _actuals(r)["R5"] == ("16,215千人", None)
    assert r.status == "集計中（7月頃）" and r.unit == "千人"
    assert compact(r.progress) == "-%"


def test_value_with_unit_wins_over_the_tables_bare_number(kpis):
    r = _find(kpis["004"], "「そらち・デ・ビュー」公式SNSのフォロワー数", baseline="6,522人")
    assert _actuals(r)["R6"] == ("28,672人", None)  # the table prints 28,672 without 人
    assert r.progress == "197.7％"


def test_repeat_rows_merge_into_the_first(kpis):
    r = _find(kpis["004"], "新規高卒者管内企業就職率", baseline="60.9%")
    assert not r.is_repeat
    assert [(a.year, compact(a.value)) for a in r.actuals] == [
        ("R3", "59.5%"),
        ("R4", "60.3%"),
        ("R5", "52.0%"),
        ("R6", "53.0%"),
    ]
    assert _targets(r) == [("63.9％", "R6", None)] and r.progress == "82.9％"
    assert len(r.sources) == 4  # row, （再掲） row, table row, （再掲） table row
    assert not [x for x in kpis["004"] if x.is_repeat]


def test_spilled_table_cells(kpis):
    r = _find(kpis["004"], "管内への観光入込客数")
    acts = _actuals(r)
    assert acts["R3"] == ("852万人", None)
    assert acts["R5"] == ("1,274.46万人", None)  # "1,274.46万" + "人" on a later line
    assert acts["R6"] == (None, "集計中（7月頃）")


# --- KPI list of a plan: baseline → target ----------------------------------------------------------


def test_plan_kpis_stay_apart_from_progress_kpis(kpis):
    plan = [r for r in kpis["004"] if any(t.year == "R11" for t in r.targets)]
    assert len(plan) == 6
    r = _find(plan, "新規高卒者管内企業就職率")
    assert (r.baseline.value, r.baseline.year, _targets(r)) == ("52.0％", "R5", [("63.9％", "R11", None)])
    assert r.project == "「空知」に関わりを持つ人材創出プロジェクト"
    r = _find(plan, "胆振・日高地域への観光入込客数")
    assert (r.baseline.value, r.target.value, r.unit) == ("1,806万人", "2,041万人", "万人")


# --- prose targets ------------------------------------------------------------------------------


def test_prose_targets_carried_by_two_documents_are_one_record(kpis):
    assert not [r for r in kpis["004"] if r.indicator == "地方への若者の流れ"]
    r = _find(kpis["003"], "地方への若者の流れ")
    assert _targets(r) == [("２倍", None, None)] and r.unit == "倍"
    assert {s.doc for s in r.sources} == {DOCS["003"], DOCS["004"]}
    assert r.project == "「地方創生2.0基本構想」（概要）"


def test_two_targets_of_one_indicator(kpis):
    r = _find(kpis["003"], "関係人口")
    assert _targets(r) == [("1,000万人", None, "実人数"), ("1億人", None, "延べ人数")]
    assert len({s.line_start for s in r.sources if s.doc == DOCS["003"]}) == 2  # box and bracket


def test_bracket_targets(kpis):
    recs = kpis["003"]
    r = _find(recs, "スマート農業技術を活用した面積")
    assert (_targets(r), r.baseline) == ([("50％", "2030年", None)], None)
    r = _find(recs, "スタートアップ・エコシステム拠点都市")
    assert (r.baseline.value, r.target.value, r.unit) == ("8都市", "13都市", "都市")
    r = _find(recs, "官民投資（ＧＸ分野）")
    assert _targets(r) == [("150兆円", "2032年度", "ＧＸ分野")]
    r = _find(recs, "官民投資（ＡＩ・半導体分野）")
    assert (r.target.value, r.target.year, r.target.status) == ("50兆円", None, "今後10年間")
    r = _find(recs, "「交通空白」地点")
    assert _targets(r) == [("約2,000地区", None, "全国"), ("約460地点", None, "交通結節点")]
    assert r.unit is None  # 地区 and 地点: no shared unit
    r = _find(recs, "ドローン航路")
    assert [t.value for t in r.targets] == ["１万km", "4万km"]
    r = _find(recs, "新規輸出")
    assert r.target.value == "１万者"


def test_dated_milestones(kpis):
    r = _find(kpis["003"], "全自治体での郷土学習の実施")
    assert _targets(r) == [("2026年度中に結論", "2026年度", None)]
    r = _find(kpis["003"], "関係省庁による「新結合」の支援体制")
    assert _targets(r) == [("立ち上げ", "本年7月", None)]


def test_kpi_list_aim_and_planned_count(kpis):
    r = _find(kpis["000"], "特定居住促進計画の作成数")
    assert (r.target.value, r.target.year, r.target.status) == ("累計600件", None, "施行後5年間")
    assert {s.doc for s in r.sources} == {DOCS["000"], DOCS["001"]}
    r = _find(kpis["001"], "関係人口(非訪問系)")
    assert (r.target.value, r.target.year, r.unit) == ("1.5倍程度", "2032年度", "倍")
    r = _find(kpis["002"], "定住圏")
    assert _targets(r) == [("200～300", None, "全国")]
    assert r.project == "第三次全国総合開発計画（昭和52年11月4日閣議決定。）"


def test_not_targets(kpis):
    # 「…を１か所で複数提供する拠点を整備」 names a count that is not a target
    assert not [r for r in kpis["003"] if any(t.value == "１か所" for t in r.targets)]


def test_ids_stable_and_json(corpus):
    a, _ = extract_records(DOCS["004"], corpus["004"])
    b, _ = extract_records(DOCS["004"], corpus["004"])
    assert [r.record_id for r in a] == [r.record_id for r in b]
    assert len({r.record_id for r in a}) == len(a)
    json.dumps([r.to_dict() for r in a], ensure_ascii=False)


# --- synthetic documents in other real layouts -----------------------------------------------------


def _lines(text: str) -> list[str]:
    return text.split("\n")


# Another prefecture's progress report: other years (R4–R7), other units (t, 回, 社), a pending year.
OTHER_PROGRESS = _lines("""十勝地域連携推進プロジェクト
【推進エリア】十勝地域

評価指標(KPI) 基準値(基準年) 実績値(実績年) 目標値(目標年) 進捗率

農産物輸出量 1,200t (R3) 1,450t（Ｒ７） 1,600t (R8) 62.5%
移住体験ツアー参加回数 12回 (R3) 集計中(R7) 20回 (R8) －％



評価指標（ＫＰＩ）一覧
 プロジェクト名 評価指標（KPI）
基準値
(基準年)

R4 R5 R6 R7
目標値
(目標年)

進捗率

十勝地域連携推進
プロジェクト

農産物輸出量
1,200t
(R3)

1,250t 1,300t 1,380t 1,450t
1,600t
(R8)

62.5%
移住体験ツアー
参加回数
12回
(R3)

14回 15回 18回
集計中

（9月頃）
20回
(R8)

-％



""")


def test_another_prefectures_progress_table():
    recs = extract_kpis("tokachi.txt", OTHER_PROGRESS)
    assert [r.indicator for r in recs] == ["農産物輸出量", "移住体験ツアー参加回数"]
    a, b = recs
    assert a.project == "十勝地域連携推進プロジェクト" and a.unit == "t"
    assert _actuals(a) == {
        "R4": ("1,250t", None),
        "R5": ("1,300t", None),
        "R6": ("1,380t", None),
        "R7": ("1,450t", None),
    }
    assert (_targets(a), a.progress) == ([("1,600t", "R8", None)], "62.5%")
    assert len(a.sources) == 2
    assert _actuals(b)["R7"] == (None, "集計中（9月頃）") and b.unit == "回"
    assert [x.year for x in b.actuals] == ["R4", "R5", "R6", "R7"]


# A national strategy's summary in another wording: brackets under ○ headings, a two-target goal.
OTHER_PROSE = _lines("""○デジタル人材の育成 【2028年度までにデジタル推進人材を230万人育成することを目指す】
○ふるさと納税の活用 【関係人口を今後5年間で実人数500万人、延べ人数5,000万人創出】
○地域交通の確保 【2027年度中に結論】

○テスト計画 【2030年に広域連携協議会を立ち上げ】
""")


def test_another_strategys_prose_targets():
    recs = {r.indicator: r for r in extract_kpis("strategy.txt", OTHER_PROSE)}
    r = recs["デジタル推進人材"]
    assert (_targets(r), r.unit, r.project) == ([("230万人", "2028年度", None)], "万人", "デジタル人材の育成")
    r = recs["関係人口"]
    assert [(t.value, t.label, t.status) for t in r.targets] == [
        ("500万人", "実人数", "今後5年間"),
        ("5,000万人", "延べ人数", "今後5年間"),
    ]
    assert recs["広域連携協議会"].target.value == "立ち上げ"


def test_a_count_of_named_things_is_measured_in_those_things():
    """「全国5つの経済圏」: the unit is what is counted (経済圏), not the counter つ."""
    from assistant.records.make import unit_of

    assert unit_of([], ["全国5つの経済圏"]) == "経済圏"
    assert unit_of([], ["３つの流域"]) == "流域"
    assert unit_of([], ["2026年度中に結論"]) is None and unit_of(["120件"], []) == "件"


def test_readings_whose_progress_differs_only_by_the_dash_typed_are_one_kpi() -> None:
    from assistant.records.merge import merge_kpis
    from assistant.records.models import KpiRecord, KpiValue

    def reading(progress: str, line: int) -> KpiRecord:
        return KpiRecord(
            record_id=f"k{line}", doc="900_fixture.txt", project="観光振興", indicator="宿泊者数", unit="人",
            baseline=KpiValue("R2", "1,200人", None), actuals=(KpiValue("R5", "1,500人", None),),
            targets=(KpiValue("R8", "2,000人", None),), progress=progress, line_start=line, line_end=line,
            source_text="宿泊者数 1,200人(R2) 1,500人 2,000人(R8)",
        )  # fmt: skip

    # A PDF's table writes the empty progress with a minus sign (−％), its text version with a hyphen (-%).
    assert len(merge_kpis([reading("-%", 3), reading("−％", 40)])) == 1
    assert len(merge_kpis([reading("-%", 3), reading("80%", 40)])) == 2  # a figure that disagrees stays apart
