"""/v1/kpis and /v1/programmes: the full records, every filter, and ?format=csv (UTF-8 with BOM for Excel).

The engine serves real record dataclasses from a `RecordStore` (the store's filters, not a fake's).
"""

from __future__ import annotations

import csv
import io

import pytest

from assistant.records.models import Budget, Cap, KpiRecord, KpiValue, ProgrammeRecord, Rate, SourceSpan
from assistant.records.store import RecordStore

DOC_A, DOC_B = "000_a.txt", "001_b.txt"  # the fake engine's documents


def _kpi(rid: str, doc: str, indicator: str, **kw) -> KpiRecord:
    text = f"{indicator} 60.9％（R2） 53.0％（R6） 63.9％（R6） 82.9％"
    base = {
        "record_id": rid, "doc": doc, "project": "若者の地元定着プロジェクト", "indicator": indicator, "unit": "％",
        "baseline": KpiValue("R2", "60.9％", None), "actuals": (KpiValue("R6", "53.0％", None),),
        "targets": (KpiValue("R6", "63.9％", None),), "progress": "82.9％", "line_start": 4, "line_end": 4,
        "source_text": text, "sources": (SourceSpan(doc, 4, 4, text),),
    }  # fmt: skip
    return KpiRecord(**{**base, **kw})


def _programme(rid: str, name: str, **kw) -> ProgrammeRecord:
    base = {
        "record_id": rid, "doc": DOC_B, "name": name, "variants": (), "ministry": "国土交通省",
        "budgets": (Budget("40.6百万円", "令和6年度", "当初"),), "rates": (Rate("1/2以内", "運行経費補助"),),
        "caps": (Cap("上限500万円", "運行経費補助"),), "eligible": ("市町村", "民間事業者等"),
        "covered_costs": ("運行経費",), "conditions": (), "period": None, "summary": None,
        "line_start": 3, "line_end": 4, "source_text": name, "sources": (SourceSpan(DOC_B, 3, 4, name),),
    }  # fmt: skip
    return ProgrammeRecord(**{**base, **kw})


def _store() -> RecordStore:
    return RecordStore(
        [
            _kpi("k1", DOC_A, "新規高卒者管内企業就職率"),
            _kpi(
                "k2",
                DOC_B,
                "=危ない指標",
                baseline=None,
                actuals=(),
                targets=(KpiValue("2030年", "50%", None),),
                progress="-％",
                project=None,
            ),
        ],
        [
            _programme("p1", "モーダルシフト等推進事業"),
            _programme("p2", "空き家対策総合支援事業", rates=(Rate("定額"),), eligible=("都道府県",), budgets=()),
        ],
    )


@pytest.fixture
def records_client(make_client, fake_engine):
    """The fake engine with real records (and the store's own filters) behind /v1/kpis and /v1/programmes."""
    store = _store()
    fake_engine.kpis = store.kpis
    fake_engine.programmes = store.programmes
    return make_client(engine=fake_engine)


def test_full_records_in_json(records_client):
    body = records_client.get("/v1/kpis").json()
    assert body["count"] == 2
    k = body["kpis"][0]
    assert k["targets"] == [{"year": "R6", "value": "63.9％", "status": None, "label": None}]
    assert k["actuals"][0]["year"] == "R6" and k["unit"] == "％" and k["sources"][0]["line_start"] == 4
    p = records_client.get("/v1/programmes", params={"q": "モーダル"}).json()["programmes"][0]
    assert p["budgets"][0] == {"amount": "40.6百万円", "fiscal_year": "令和6年度", "kind": "当初", "note": None}
    assert p["rates"] == [{"rate": "1/2以内", "condition": "運行経費補助"}]


def test_filters(records_client):
    def names(path, key, field, **params):
        return [r[field] for r in records_client.get(path, params=params).json()[key]]

    assert names("/v1/kpis", "kpis", "record_id", year="R6") == ["k1"]
    assert names("/v1/kpis", "kpis", "record_id", year="令和6年度") == ["k1"]
    assert names("/v1/kpis", "kpis", "record_id", year="2030年") == ["k2"]
    assert names("/v1/kpis", "kpis", "record_id", doc=DOC_B) == ["k2"]
    assert names("/v1/programmes", "programmes", "record_id", rate="1/2") == ["p1"]
    assert names("/v1/programmes", "programmes", "record_id", rate="定額") == ["p2"]
    assert names("/v1/programmes", "programmes", "record_id", eligible="都道府県") == ["p2"]
    assert names("/v1/programmes", "programmes", "record_id", budget_year="R6") == ["p1"]
    assert names("/v1/programmes", "programmes", "record_id", budget_year="R7") == []


def test_kpis_as_csv(records_client):
    r = records_client.get("/v1/kpis", params={"format": "csv"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.headers["content-disposition"] == 'attachment; filename="kpis.csv"'
    assert r.content.startswith("\ufeff".encode())  # the BOM Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["文書", "プロジェクト", "評価指標"] and "実績 R6" in rows[0]
    assert rows[1][rows[0].index("実績 R6")] == "53.0％" and rows[1][rows[0].index("目標値")] == "63.9％(R6)"
    assert rows[2][2] == "'=危ない指標"  # a formula-looking cell is not run by the spreadsheet
    assert rows[2][rows[0].index("進捗率")] == "-％"  # a dash is a value, not a formula
    assert r.content.count(b"\r\n") == 3


def test_programmes_as_csv_with_filters(records_client):
    r = records_client.get("/v1/programmes", params={"format": "csv", "rate": "1/2"})
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][1] == "モーダルシフト等推進事業"
    assert rows[1][rows[0].index("補助率")] == "1/2以内（運行経費補助）"
    assert rows[1][rows[0].index("予算")] == "40.6百万円 令和6年度当初"


def test_bad_format_and_filters_are_422(records_client):
    assert records_client.get("/v1/kpis", params={"format": "xlsx"}).status_code == 422
    assert records_client.get("/v1/kpis", params={"year": ""}).status_code == 422
    assert records_client.get("/v1/programmes", params={"rate": "x" * 51}).status_code == 422
    assert records_client.get("/v1/programmes", params={"year": "R6"}).status_code == 422  # not a programme filter
