"""KPI extraction against the real corpus rows and small inline fixtures."""

from __future__ import annotations

import json
import re

import pytest

from assistant.records import KpiRecord, extract_kpis, extract_records
from assistant.records.kpi import record_values
from assistant.records.text import normalise_year
from assistant.text.normalize import compact

from .conftest import DOCS


@pytest.fixture(scope="module")
def kpis(corpus) -> dict[str, list[KpiRecord]]:
    return {key: extract_kpis(DOCS[key], lines) for key, lines in corpus.items()}


def _find(records, indicator, *, line_start=None, repeat=None, with_actuals=None):
    out = [
        r
        for r in records
        if r.indicator == indicator
        and (line_start is None or r.line_start == line_start)
        and (repeat is None or r.is_repeat == repeat)
        and (with_actuals is None or len(r.actuals) == with_actuals)
    ]
    assert len(out) == 1, [(r.indicator, r.line_start) for r in out]
    return out[0]


def _actuals(r: KpiRecord) -> dict[str, tuple[str | None, str | None]]:
    return {a.year: (a.value, a.status) for a in r.actuals}


# --- (a) per-project KPI rows -------------------------------------------------------------


def test_cultivated_area_row(kpis):
    r = _find(kpis["004"], "空知の耕作面積の維持", line_start=165)
    assert compact(r.baseline.value) == compact("113,600ha") and r.baseline.year == "R2"
    assert [(a.year, compact(a.value)) for a in r.actuals] == [("R6", "113,500ha")]
    assert compact(r.target.value) == "113,600ha" and r.target.year == "R7"
    assert r.progress == "99.9％"
    assert r.project == "未来技術の導入などによる産業振興・担い手確保プロジェクト"
    assert r.source_text == "空知の耕作面積の維持 113,600㏊ (R2) 113,500㏊ (R6) 113,600㏊ (R7) 99.9％"


def test_pending_row(kpis):
    r = _find(kpis["004"], "炭鉄港推進協議会構成市町の観光入込客数", line_start=36)
    assert (r.baseline.value, r.baseline.year) == ("7,250千人", "R2")
    assert _actuals(r) == {"R6": (None, "集計中")}
    assert (r.target.value, r.target.year) == ("7,468千人", "R7")
    assert compact(r.progress) == "-%"
    assert r.status == "集計中"


def test_rows_mixed_brackets(kpis):
    r = _find(kpis["004"], "認定こども園設置数", line_start=321)
    assert (r.baseline.value, r.baseline.year) == ("20カ所", "R2")
    assert _actuals(r) == {"R6": ("20カ所", None)}
    assert r.progress == "90.9％"


# --- (b) the scattered 評価指標（ＫＰＩ）一覧 table ------------------------------------------


def test_table_school_leavers(kpis):
    r = _find(kpis["004"], "新規高卒者管内企業就職率", with_actuals=4)
    assert (r.baseline.value, r.baseline.year) == ("60.9％", "R2")
    assert _actuals(r) == {
        "R3": ("59.5％", None),
        "R4": ("60.3％", None),
        "R5": ("52.0％", None),
        "R6": ("53.0％", None),
    }
    assert (r.target.value, r.target.year) == ("63.9％", "R6")
    assert r.progress == "82.9％"
    assert r.project == "未来技術の導入などによる産業振興・担い手確保プロジェクト"
    assert (r.line_start, r.line_end) == (366, 372)


def test_table_spilled_cells(kpis):
    r = _find(kpis["004"], "管内への観光入込客数", with_actuals=4)
    acts = _actuals(r)
    assert acts["R3"] == ("852万人", None)
    assert acts["R5"] == ("1,274.46万人", None)  # "1,274.46万" + "人" on a later line
    assert acts["R6"] == (None, "集計中（7月頃）")
    assert (r.baseline.value, r.baseline.year) == ("1,232万人", "R1")
    assert (r.target.value, r.target.year) == ("1,278万人", "R6")
    assert r.status == "集計中（7月頃）"


def test_table_migration_consultations(kpis):
    r = _find(kpis["004"], "移住相談件数", with_actuals=4)
    acts = _actuals(r)
    assert acts["R5"] == ("781件", None)
    assert acts["R6"] == (None, "集計中（8月頃）")
    assert (r.target.value, r.target.year) == ("687件", "R7")


def test_table_followers_progress(kpis):
    r = _find(kpis["004"], "「そらち・デ・ビュー」公式SNSのフォロワー数", with_actuals=4)
    assert r.progress == "197.7％"
    assert _actuals(r)["R6"] == ("28,672", None)  # the table prints no unit here


def test_table_project_spans_lines(kpis):
    r = _find(kpis["004"], "炭鉄港推進協議会構成市町の観光入込客数", with_actuals=4)
    assert r.project == "日本遺産「炭鉄港」を活用した交流人口拡大プロジェクト"
    assert r.line_start == 336  # the row's span starts with its project name
    assert [a.year for a in r.actuals] == ["R3", "R4", "R5", "R6"]


def test_table_has_all_rows_and_repeats(kpis):
    table = [r for r in kpis["004"] if len(r.actuals) == 4]
    assert len(table) == 9
    repeats = [r.indicator for r in table if r.is_repeat]
    assert repeats == ["新規高卒者管内企業就職率（再掲）", "移住相談件数（再掲）"]
    rows = [r.indicator for r in kpis["004"] if len(r.actuals) == 1 and r.is_repeat]
    assert rows == ["新規高卒者管内企業就職率（再掲）", "移住相談件数（再掲）"]


# --- (c) new-plan KPIs "X（R5） → Y（R11）" ------------------------------------------------


def test_plan_arrow_kpis(kpis):
    arrows = [r for r in kpis["004"] if r.target and r.target.year == "R11"]
    assert len(arrows) == 6
    r = _find(arrows, "新規高卒者管内企業就職率")
    assert (r.baseline.value, r.baseline.year) == ("52.0％", "R5")
    assert (r.target.value, r.target.year) == ("63.9％", "R11")
    assert r.project == "「空知」に関わりを持つ人材創出プロジェクト"
    r = _find(arrows, "胆振・日高地域への観光入込客数")
    assert (r.baseline.value, r.target.value) == ("1,806万人", "2,041万人")
    assert r.project == "アイヌ文化等の地域資源を活かした日胆地域活性化プロジェクト"
    r = _find(arrows, "空知の耕作面積の維持")
    assert (r.baseline.value, r.target.value) == ("113,500ha", "113,500ha")


# --- (d) prose targets -----------------------------------------------------------------


@pytest.mark.parametrize("doc", ["003", "004"])
def test_prose_targets(kpis, doc):
    recs = kpis[doc]
    r = _find(recs, "スマート農業技術を活用した面積")
    assert (r.target.value, r.target.year, r.baseline) == ("50％", "2030年", None)
    r = _find(recs, "スポーツツーリズム関連消費額")
    assert (r.target.value, r.target.year) == ("3,800億円", "2026年")
    r = _find(recs, "地方への若者の流れ")
    assert (r.target.value, r.target.year, r.baseline) == ("２倍", None, None)
    r = _find(recs, "スタートアップ・エコシステム拠点都市")
    assert (r.baseline.value, r.target.value) == ("8都市", "13都市")
    r = _find(recs, "本社機能の移転・拡充に伴う従業員増加数")
    assert (r.target.value, r.target.year) == ("約１万人", "2027年度")


def test_kpi_lists_and_aims(kpis):
    r = _find(kpis["000"], "特定居住促進計画の作成数")
    assert (r.target.value, r.target.year, r.target.status) == ("累計600件", None, "施行後5年間")
    r = _find(kpis["001"], "二地域居住等支援法人の指定数")
    assert r.target.value == "累計600法人" and (r.line_start, r.line_end) == (664, 666)
    r = _find(kpis["001"], "関係人口(非訪問系)")
    assert (r.baseline.value, r.target.value, r.target.year) == ("約250万人", "1.5倍程度", "2032年度")


def test_no_false_prose_records(kpis):
    # Figures that are not targets: 「新規輸出１万者」 (a programme name), 「１か所で複数提供する拠点」,
    # 「68自治体で先行実施」, 「就業者１人当たり」, 「３か所の広域リージョン」.
    not_targets = {"１万者", "１か所", "68自治体", "１人", "３か所"}
    for key in ("003", "004"):
        assert not [r for r in kpis[key] if r.target and r.target.value in not_targets]
        assert all(not re.search(r"[0-9０-９]", r.indicator) for r in kpis[key] if not r.actuals)
    assert kpis["002"] == []  # the committee report states no numeric targets


# --- invariants over all five documents -----------------------------------------------


def test_provenance_and_values(corpus, kpis):
    for key, recs in kpis.items():
        lines = corpus[key]
        ids = set()
        for r in recs:
            assert 1 <= r.line_start <= r.line_end <= len(lines)
            assert r.source_text == "\n".join(lines[r.line_start - 1 : r.line_end])
            text = compact(r.source_text)
            for v in record_values(r):
                assert compact(v) in text, (r.indicator, v)
            for kv in (r.baseline, r.target, *r.actuals):
                if kv and kv.year:
                    assert re.fullmatch(r"R\d+|\d{4}年度?", kv.year), kv.year
            assert r.record_id not in ids
            ids.add(r.record_id)


def test_ids_stable_and_json(corpus):
    a, _ = extract_records(DOCS["004"], corpus["004"])
    b, _ = extract_records(DOCS["004"], corpus["004"])
    assert [r.record_id for r in a] == [r.record_id for r in b]
    json.dumps([r.to_dict() for r in a], ensure_ascii=False)


# --- inline fixtures -------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return text.split("\n")


ROW_FIXTURE = _lines("""テスト推進プロジェクト
【推進エリア】空知地域

評価指標(KPI) 基準値(基準年) 実績値(実績年) 目標値(目標年) 進捗率

テスト面積の維持 100ha (R2) 110ha（Ｒ６） 120ha (R7) 91.7%
テスト相談件数（再掲） 5件 (R2) 集計中(R6) 9件 (R7) －％
""")


def test_inline_row_fixture():
    recs = extract_kpis("fx", ROW_FIXTURE)
    assert [r.indicator for r in recs] == ["テスト面積の維持", "テスト相談件数（再掲）"]
    r = recs[0]
    assert r.actuals[0].year == "R6"  # full-width Ｒ６ normalised
    assert (r.progress, r.project, r.line_start) == ("91.7%", "テスト推進プロジェクト", 6)
    assert recs[1].is_repeat and recs[1].actuals[0].status == "集計中"


TABLE_FIXTURE = _lines("""評価指標（ＫＰＩ）一覧
 プロジェクト名 評価指標（KPI）
基準値
(基準年)

R3 R4 R5 R6
目標値
(目標年)

進捗率

テスト地域の
魅力発信プロジェクト

観光入込客数
1,000万人
(R1)

900万人 950万人
1,274.46万

人
集計中

（7月頃）
1,300万人
(R6)

-％



""")


def test_inline_scattered_table():
    (r,) = extract_kpis("fx", TABLE_FIXTURE)
    assert r.project == "テスト地域の魅力発信プロジェクト"
    assert r.indicator == "観光入込客数"
    assert _actuals(r) == {
        "R3": ("900万人", None),
        "R4": ("950万人", None),
        "R5": ("1,274.46万人", None),
        "R6": (None, "集計中（7月頃）"),
    }
    assert (r.target.value, r.target.year, r.progress) == ("1,300万人", "R6", "-％")


def test_inline_table_row_that_does_not_fit_is_dropped():
    broken = [ln for ln in TABLE_FIXTURE if ln != "(R6)"]  # target year missing
    assert extract_kpis("fx", broken) == []


PROSE_FIXTURE = _lines("""【ＫＰＩ】
○テスト就職率

10.0％（R5） → 20.0％（R11）

○テスト施策 【2030年までにテスト面積を50％にすることを目指す】
○拠点整備 【暮らしに必要なサービスを１か所で複数提供する拠点を整備】
○輸出 【新規輸出１万者】
""")


def test_inline_prose_and_arrow():
    recs = extract_kpis("fx", PROSE_FIXTURE)
    assert [(r.indicator, r.target.value, r.target.year) for r in recs] == [
        ("テスト就職率", "20.0％", "R11"),
        ("テスト面積", "50％", "2030年"),
    ]
    assert recs[0].baseline.value == "10.0％"
    assert recs[1].project == "テスト施策"


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("令和６年度", "R6"),
        ("令和元年度", "R1"),
        ("Ｒ７", "R7"),
        ("（R2）", "R2"),
        ("R 8", "R8"),
        ("2030年", "2030年"),
        ("2027年度", "2027年度"),
        (None, None),
    ],
)
def test_normalise_year(raw, expected):
    assert normalise_year(raw) == expected
