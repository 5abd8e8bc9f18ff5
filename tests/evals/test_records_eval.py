"""Records scored against gold: matching, each field's rule, the per-split report and the gate's paths."""

from __future__ import annotations

import json

from assistant.evals import gate
from assistant.evals.records_eval import evaluate_records, field_equal, match, name_similarity, words_equal
from assistant.records.models import Budget, Cap, KpiRecord, KpiValue, ProgrammeRecord, Rate, SourceSpan


def kpi(indicator: str, doc: str = "a.txt", **kw) -> KpiRecord:
    base = {
        "record_id": indicator, "doc": doc, "project": None, "indicator": indicator, "unit": None,
        "baseline": None, "actuals": (), "targets": (), "progress": None, "line_start": 1, "line_end": 1,
        "source_text": indicator, "sources": (SourceSpan(doc, 1, 1, indicator),),
    }  # fmt: skip
    return KpiRecord(**{**base, **kw})


def gold_kpi(gid: str, indicator: str, doc: str = "a.txt", **kw) -> dict:
    base = {
        "id": gid, "doc": doc, "indicator": indicator, "project": None, "unit": None, "baseline": None,
        "actuals": [], "targets": [], "progress": None, "evidence": [indicator],
    }  # fmt: skip
    return {**base, **kw}


def test_name_similarity() -> None:
    assert name_similarity("関係人口", "関係人口") == 1.0
    assert name_similarity("「新結合」の支援体制", "関係省庁による「新結合」の支援体制") >= 0.6  # one inside the other
    assert name_similarity("新規高卒者管内企業就職率（再掲）", "新規高卒者管内企業就職率") == 1.0
    assert name_similarity("移住相談件数", "訪日外国人旅行者数") < 0.5


def test_match_is_one_to_one_and_needs_a_shared_document() -> None:
    gold = [
        {"names": ["官民投資"], "docs": ["a.txt"], "targets": [{"value": "50兆円"}]},
        {"names": ["官民投資"], "docs": ["a.txt"], "targets": [{"value": "150兆円"}]},
        {"names": ["関係人口"], "docs": ["b.txt"]},
    ]
    got = [
        {"names": ["官民投資（ＧＸ分野）"], "docs": ["a.txt"], "targets": [{"value": "150兆円"}]},
        {"names": ["官民投資（ＡＩ分野）"], "docs": ["a.txt"], "targets": [{"value": "50兆円"}]},
        {"names": ["関係人口"], "docs": ["c.txt"]},
    ]
    assert match(gold, got) == {0: 1, 1: 0}  # shared figures decide; 関係人口 is in another document


def test_a_merged_record_answers_one_gold_record_per_document_it_cites() -> None:
    gold = [
        {"names": ["二地域居住推進事業"], "docs": ["a.txt"]},
        {"names": ["二地域居住推進事業"], "docs": ["b.txt"]},
        {"names": ["二地域居住推進事業（再掲）"], "docs": ["a.txt"]},
    ]
    got = [{"names": ["二地域居住推進事業"], "docs": ["a.txt", "b.txt"]}]
    # one record citing both documents answers each document's gold record, but only one per document
    assert match(gold, got) == {0: 0, 1: 0}


def test_field_rules() -> None:
    g = {"actuals": [{"year": "R3", "value": "113,600ha"}, {"year": "R6", "value": None, "status": "集計中（7月頃）"}]}
    e = {"actuals": [{"year": "R3", "value": "113,600㏊"}, {"year": "R6", "value": None, "status": "集計中（7月頃）"}]}
    assert field_equal("actuals", g, e)
    assert not field_equal("actuals", g, {"actuals": e["actuals"][:1]})
    assert field_equal(
        "baseline", {"baseline": {"value": "60.9％", "year": "R2"}}, {"baseline": {"value": "60.9%", "year": "(R2)"}}
    )
    assert field_equal("unit", {"unit": "人"}, {"unit": "万人"})  # a magnitude prefix does not count
    assert not field_equal("unit", {"unit": "人"}, {"unit": "件"})
    gb = {"budgets": [{"amount": "20,805百万円", "fiscal_year": "令和6年度", "kind": "当初", "note": "前年度1.01倍"}]}
    eb = {"budgets": [{"amount": "20,805百万円", "fiscal_year": "R6", "kind": "当初", "note": None}]}
    assert field_equal("budgets", gb, eb)
    assert not field_equal("budgets", gb, {"budgets": [{**eb["budgets"][0], "note": "…の内数"}]})
    gr = {"rates": [{"rate": "1/2", "condition": "ポイント①及び②を満たす主体"}]}
    assert field_equal(
        "rates", gr, {"rates": [{"rate": "1/2", "condition": "ポイント①及び②を満たす主体：支援対象経費の1/2"}]}
    )
    assert not field_equal("rates", gr, {"rates": [{"rate": "1/2", "condition": None}]})
    assert field_equal(
        "rates", {"rates": [{"rate": "定額", "condition": None}]}, {"rates": [{"rate": "定額", "condition": "x"}]}
    )


def test_word_lists() -> None:
    assert words_equal(["地方公共団体、民間事業者等"], ["地方公共団体", "民間事業者等"])
    assert words_equal(["定住促進や交流促進に係る事業"], ["定住促進や交流促進に係る事業を支援するもの。"])
    assert not words_equal(["都道府県、市区町村、民間事業者等"], ["都道府県"])  # 市区町村 missing
    assert not words_equal(["都道府県"], ["都道府県", "大学"])  # an applicant the gold does not name
    assert not words_equal([], ["何か"]) and words_equal([], [])
    assert words_equal(["Ｒ７年度"], ["R7"], years=True)


def test_report_per_split_kind_and_document() -> None:
    gold = {
        "tune": {
            "kpis": [
                gold_kpi("k1", "移住相談件数", targets=[{"value": "687件", "year": "R7", "label": None}], unit="件"),
                gold_kpi("k2", "見つからない指標"),
            ],
            "programmes": [],
        },
        "test": {
            "kpis": [gold_kpi("k3", "関係人口", doc="b.txt", targets=[{"value": "２倍", "year": None}])],
            "programmes": [],
        },
    }
    records = [
        kpi("移住相談件数", targets=(KpiValue("R7", "687件", None),), unit="件"),
        kpi("関係人口", doc="b.txt", targets=(KpiValue(None, "3倍", None),)),
    ]
    prog = ProgrammeRecord(
        "p",
        "a.txt",
        "テスト事業",
        (),
        None,
        (Budget("1百万円", "R6", "当初"),),
        (Rate("1/2"),),
        (Cap("上限1万円"),),
        (),
        (),
        (),
        None,
        None,
        1,
        1,
        "テスト事業",
    )
    rep = evaluate_records(gold, records, [prog])
    tune, test = rep["tune"]["kpi"], rep["test"]["kpi"]
    assert (tune["n"], tune["found"], tune["field_accuracy"]) == (2, 0.5, 1.0)
    assert (test["found"], test["fields"]["targets"], test["fields"]["project"]) == (1.0, 0.0, 1.0)
    assert test["by_doc"]["b.txt"]["n"] == 1
    assert [w["id"] for w in rep["tune_wrong"]["kpi"]] == ["k2"]  # only the tune split is listed
    assert rep["extracted"]["programme"] == {"n": 1, "matching_no_gold": 1}
    report = {"records": rep}
    checks = [
        {"path": ["records", "test", "kpi", "found"], "bound": "min", "limit": 0.95},
        {"path": ["records", "tune", "kpi", "field_accuracy"], "bound": "min", "limit": 0.92},
        {"path": ["records", "test", "kpi", "typo"], "bound": "min", "limit": 0.5},
    ]
    result = gate.check(report, checks)
    assert [c["status"] for c in result["checks"]] == ["pass", "pass", "fail"]


def test_each_gold_set_is_matched_on_its_own(tmp_path) -> None:
    """Two writing rounds may both write one KPI: one extracted record then finds both, per set."""
    from assistant.evals.records_gold import load_gold

    same = gold_kpi("k1", "移住相談件数", targets=[{"value": "687件", "year": "R7", "label": None}])
    (tmp_path / "kpis_tune.jsonl").write_text(json.dumps(same, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "kpis_tune_v2.jsonl").write_text(json.dumps(same, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "kpis_tune_v2_notes.txt").write_text("not gold", encoding="utf-8")
    gold = load_gold(tmp_path)
    assert [r["gold_set"] for r in gold["tune"]["kpis"]] == ["v1", "v2"]
    rep = evaluate_records(gold, [kpi("移住相談件数", targets=(KpiValue("R7", "687件", None),))], [])
    fig = rep["tune"]["kpi"]
    assert (fig["n"], fig["found"], fig["field_accuracy"]) == (2, 1.0, 1.0)
    assert {k: v["found"] for k, v in fig["by_set"].items()} == {"v1": 1.0, "v2": 1.0}
    assert rep["extracted"]["kpi"]["matching_no_gold"] == 0
