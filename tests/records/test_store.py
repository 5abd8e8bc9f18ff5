"""`RecordStore`: loading the index's ``records/*.json`` back into records, and filtering them.

Uses the records of the project's built index (skipped, with the reason, when there is no usable
index) and small inline records for the filters' exact rules.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.errors import IndexMismatch, IndexNotFound  # noqa: E402
from assistant.records.models import (  # noqa: E402
    Budget,
    Cap,
    KpiRecord,
    KpiValue,
    ProgrammeRecord,
    Rate,
    SourceSpan,
)
from assistant.records.store import RecordStore, kpi_from_dict, programme_from_dict  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.types import split_lines  # noqa: E402

from .conftest import DOCS  # noqa: E402

TUPLE_FIELDS = ("variants", "eligible", "covered_costs", "conditions", "notes")


# -- fixtures -----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def records_dir() -> Path:
    from assistant.backends.local.published import load_index
    from assistant.indexing.freshness import corpus_hashes_on_disk

    settings = Settings()
    try:
        stored = load_index(settings, corpus_hashes_on_disk(settings.corpus_dir))
    except IndexNotFound as exc:
        pytest.skip(f"no index built in {settings.index_dir} (run: assistant index build): {exc}")
    except IndexMismatch as exc:
        pytest.skip(f"the index in {settings.index_dir} is stale (run: assistant index build): {exc}")
    path = stored.path / "records"
    if not (path / "kpis.json").exists():
        pytest.skip(f"the index in {stored.path} has no records/kpis.json (run: assistant index build)")
    return path


@pytest.fixture(scope="module")
def raw(records_dir: Path) -> dict[str, list[dict]]:
    return {
        name: json.loads((records_dir / f"{name}.json").read_text(encoding="utf-8")) for name in ("kpis", "programmes")
    }


@pytest.fixture(scope="module")
def store(records_dir: Path) -> RecordStore:
    return RecordStore.load(records_dir)


def as_json(record) -> dict:
    """What the index build writes for a record (tuples become lists)."""
    return json.loads(json.dumps(record.to_dict(), ensure_ascii=False))


# -- round trip on the index's records --------------------------------------------------------------
def test_load_restores_every_record(store: RecordStore, raw) -> None:
    assert len(raw["kpis"]) > 0 and len(raw["programmes"]) > 0
    assert len(store.kpis()) == len(raw["kpis"])
    assert len(store.programmes()) == len(raw["programmes"])
    assert [as_json(r) for r in store.kpis()] == raw["kpis"]
    assert [as_json(r) for r in store.programmes()] == raw["programmes"]


def test_kpis_are_dataclasses_with_kpi_values_and_tuples(store: RecordStore) -> None:
    kpis = store.kpis()
    for r in kpis:
        assert isinstance(r, KpiRecord)
        assert r.baseline is None or isinstance(r.baseline, KpiValue)
        assert r.target is None or isinstance(r.target, KpiValue)
        assert isinstance(r.actuals, tuple)
        assert all(isinstance(a, KpiValue) for a in r.actuals)
        hash(r)  # frozen and made of tuples: usable as a key
    assert any(r.actuals for r in kpis) and any(r.baseline for r in kpis) and any(r.targets for r in kpis)
    assert all(isinstance(t, KpiValue) for r in kpis for t in r.targets)
    assert all(isinstance(s, SourceSpan) for r in kpis for s in r.sources)
    with pytest.raises(dataclasses.FrozenInstanceError):
        kpis[0].indicator = "x"  # type: ignore[misc]


def test_programmes_are_dataclasses_with_tuples(store: RecordStore) -> None:
    programmes = store.programmes()
    for r in programmes:
        assert isinstance(r, ProgrammeRecord)
        for name in TUPLE_FIELDS:
            value = getattr(r, name)
            assert isinstance(value, tuple), (r.name, name)
            assert all(isinstance(v, str) for v in value)
        assert all(isinstance(b, Budget) for b in r.budgets) and all(isinstance(x, Rate) for x in r.rates)
        assert all(isinstance(c, Cap) for c in r.caps)
        hash(r)
    assert any(r.rates for r in programmes) and any(r.caps for r in programmes) and any(r.budgets for r in programmes)


def test_records_keep_their_source_lines(store: RecordStore, records_dir: Path) -> None:
    """``source_text`` is the document's lines ``line_start..line_end``, verbatim."""
    corpus = Settings().corpus_dir
    lines = {doc: split_lines((Path(corpus) / doc).read_text(encoding="utf-8")) for doc in DOCS.values()}
    for r in [*store.kpis(), *store.programmes()]:
        assert r.doc in lines, r.doc
        assert 1 <= r.line_start <= r.line_end <= len(lines[r.doc])
        assert "\n".join(lines[r.doc][r.line_start - 1 : r.line_end]) == r.source_text, (r.doc, r.line_start)


def test_written_and_loaded_again_is_equal(store: RecordStore, tmp_path: Path) -> None:
    for name, records in (("kpis", store.kpis()), ("programmes", store.programmes())):
        (tmp_path / f"{name}.json").write_text(
            json.dumps([r.to_dict() for r in records], ensure_ascii=False), encoding="utf-8"
        )
    again = RecordStore.load(tmp_path)
    assert again.kpis() == store.kpis()
    assert again.programmes() == store.programmes()


def test_missing_files_give_an_empty_store(tmp_path: Path) -> None:
    empty = RecordStore.load(tmp_path)
    assert empty.kpis() == [] and empty.programmes() == []
    assert empty.match_kpi("空き家バンク成約件数の進捗率は？") == []
    (tmp_path / "kpis.json").write_text("[]", encoding="utf-8")
    assert RecordStore.load(tmp_path).kpis() == []


# -- filters on the index's records -------------------------------------------------------------------
def test_kpis_filter_by_doc(store: RecordStore) -> None:
    doc = DOCS["004"]
    got = store.kpis(doc=doc)
    assert got and all(doc in r.docs for r in got)
    assert got == [r for r in store.kpis() if doc in r.docs]  # order kept
    assert any(r.doc != doc for r in got)  # a KPI 003 and 004 both carry counts for 004 too
    assert store.kpis(doc="no_such_doc.txt") == []


def test_kpis_filter_by_project_substring(store: RecordStore) -> None:
    project = next(r.project for r in store.kpis() if r.project and len(r.project) > 6)
    part = project[2:-2]
    got = store.kpis(project=part)
    assert got and all(part in r.project for r in got)
    assert {r.record_id for r in store.kpis() if r.project == project} <= {r.record_id for r in got}
    assert all(r.project for r in got)  # records without a project never match a project filter


def test_kpis_filter_by_q(store: RecordStore) -> None:
    got = store.kpis(q="移住相談件数")
    assert got
    for r in got:
        assert "移住相談件数" in r.indicator or "移住相談件数" in (r.project or "") or "移住相談件数" in r.source_text
    named = [r for r in store.kpis() if "移住相談件数" in r.indicator]
    assert named and all(r in got for r in named)
    assert store.kpis(q="存在しない指標名ですよ") == []


def test_kpis_filters_combine(store: RecordStore) -> None:
    both = store.kpis(doc=DOCS["004"], q="移住相談件数")
    assert both == [r for r in store.kpis(q="移住相談件数") if r.doc == DOCS["004"]]
    assert store.kpis(doc=DOCS["000"], q="移住相談件数") == []


def test_programmes_filter_by_doc_and_q(store: RecordStore) -> None:
    got = store.programmes(q="モーダルシフト")
    assert [r.name for r in got if r.name == "モーダルシフト等推進事業"]
    # a subsidy item of the programme is found by its variant 「モーダルシフト等推進事業（計画策定経費補助）」
    # (a record read in several documents is found by any of its sources' text)
    assert all("モーダルシフト" in " ".join([r.name, *r.variants, *(s.text for s in r.sources)]) for r in got)
    assert store.programmes(doc=DOCS["001"], q="モーダルシフト") == [r for r in got if DOCS["001"] in r.docs]
    assert store.programmes(doc=DOCS["004"], q="モーダルシフト等推進事業") == []
    by_doc = store.programmes(doc=DOCS["000"])
    assert by_doc and all(DOCS["000"] in r.docs for r in by_doc)


# -- inline records: the filters' rules ---------------------------------------------------------------
def _kpi(indicator: str, project: str | None, doc: str = "a.txt", source: str = "", **kw) -> KpiRecord:
    data = {
        "record_id": indicator,
        "doc": doc,
        "project": project,
        "indicator": indicator,
        "unit": "件",
        "baseline": {"year": "R2", "value": "10件", "status": None, "label": None},
        "actuals": [{"year": "R6", "value": None, "status": "集計中", "label": None}],
        "targets": [],
        "progress": None,
        "status": "集計中",
        "line_start": 1,
        "line_end": 1,
        "source_text": source or indicator,
        "sources": [{"doc": doc, "line_start": 1, "line_end": 1, "text": source or indicator}],
        "variants": [],
    }
    return kpi_from_dict({**data, **kw})


def _programme(name: str, **kw) -> ProgrammeRecord:
    data = {
        "record_id": name,
        "doc": "a.txt",
        "name": name,
        "variants": [],
        "ministry": None,
        "budgets": [{"amount": "12百万円", "fiscal_year": "令和8年度", "kind": "当初", "note": None}],
        "rates": [{"rate": "1/2以内", "condition": "計画策定"}],
        "caps": [],
        "eligible": ["市町村"],
        "covered_costs": [],
        "conditions": [],
        "period": None,
        "summary": None,
        "line_start": 3,
        "line_end": 4,
        "source_text": f"{name}\n補助率1/2以内",
    }
    return programme_from_dict({**data, **kw})


def test_from_dict_restores_nested_values() -> None:
    r = _kpi("ＫＰＩ件数", "人材 創出プロジェクト", targets=[{"year": "R7", "value": "20件", "status": None}])
    assert r.baseline == KpiValue("R2", "10件", None)
    assert r.targets == (KpiValue("R7", "20件", None),) and r.target == r.targets[0]
    assert r.actuals == (KpiValue("R6", None, "集計中"),) and r.status == "集計中"
    assert r.sources == (SourceSpan("a.txt", 1, 1, "ＫＰＩ件数"),)
    p = _programme("テスト事業")
    assert p.rates == (Rate("1/2以内", "計画策定"),) and p.caps == () and p.notes == () and p.sources == ()
    assert p.budgets == (Budget("12百万円", "令和8年度", "当初"),)
    assert programme_from_dict(json.loads(json.dumps(p.to_dict()))) == p


def test_records_of_another_format_are_refused() -> None:
    old = {k: v for k, v in _kpi("x", None).to_dict().items() if k not in ("targets", "unit")}
    with pytest.raises(IndexMismatch, match="assistant index build"):
        kpi_from_dict({**old, "target": None})
    with pytest.raises(IndexMismatch):
        programme_from_dict({**_programme("y").to_dict(), "budget": "1円"})


def test_filters_ignore_width_case_and_whitespace() -> None:
    store = RecordStore(
        [
            _kpi("ＫＰＩ件数", "人材 創出プロジェクト"),
            _kpi("移住者数", None, doc="b.txt", source="移住者数 100人 (R2)"),
        ],
        [],
    )
    assert [r.indicator for r in store.kpis(q="kpi件数")] == ["ＫＰＩ件数"]  # NFKC and case-insensitive
    assert [r.indicator for r in store.kpis(project="人材創出")] == ["ＫＰＩ件数"]  # whitespace ignored
    assert store.kpis(project="移住") == []  # None project never matches
    assert [r.indicator for r in store.kpis(q="100人")] == ["移住者数"]  # source text counts
    assert [r.indicator for r in store.kpis(doc="b.txt")] == ["移住者数"]
    assert store.kpis(doc="a.txt", q="移住") == []


def test_year_rate_eligible_and_budget_year_filters() -> None:
    store = RecordStore(
        [
            _kpi("A指標", None, targets=[{"year": "2030年", "value": "50%", "status": None}]),
            _kpi("B指標", None, baseline=None, actuals=[{"year": "R3", "value": "1件", "status": None}]),
        ],
        [
            _programme("A事業"),
            _programme("B事業", rates=[{"rate": "定額", "condition": None}], eligible=["民間事業者等"], budgets=[]),
        ],
    )
    assert [r.indicator for r in store.kpis(year="令和6年度")] == ["A指標"]  # its pending R6 actual
    assert [r.indicator for r in store.kpis(year="R3")] == ["B指標"]
    assert [r.indicator for r in store.kpis(year="2030年")] == ["A指標"]
    assert [r.name for r in store.programmes(rate="1/2")] == ["A事業"]
    assert [r.name for r in store.programmes(rate="定額")] == ["B事業"]
    assert [r.name for r in store.programmes(eligible="民間")] == ["B事業"]
    assert [r.name for r in store.programmes(budget_year="R8")] == ["A事業"]  # 令和8年度 reads as R8
    assert store.programmes(budget_year="R7") == []
