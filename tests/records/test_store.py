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
from assistant.records.models import KpiRecord, KpiValue, ProgrammeRecord  # noqa: E402
from assistant.records.store import RecordStore, kpi_from_dict, programme_from_dict  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.types import split_lines  # noqa: E402

from .conftest import DOCS  # noqa: E402

TUPLE_FIELDS = ("rates", "caps", "eligible", "coverage", "conditions", "notes")


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
    assert any(r.actuals for r in kpis) and any(r.baseline for r in kpis) and any(r.target for r in kpis)
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
        hash(r)
    assert any(r.rates for r in programmes) and any(r.caps for r in programmes)


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
    assert empty.match_kpi("新規高卒者管内企業就職率の進捗率は？") == []
    (tmp_path / "kpis.json").write_text("[]", encoding="utf-8")
    assert RecordStore.load(tmp_path).kpis() == []


# -- filters on the index's records -------------------------------------------------------------------
def test_kpis_filter_by_doc(store: RecordStore) -> None:
    doc = DOCS["004"]
    got = store.kpis(doc=doc)
    assert got and all(r.doc == doc for r in got)
    assert got == [r for r in store.kpis() if r.doc == doc]  # order kept
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
    assert all("モーダルシフト" in r.name or "モーダルシフト" in r.source_text for r in got)
    assert store.programmes(doc=DOCS["001"], q="モーダルシフト") == [r for r in got if r.doc == DOCS["001"]]
    assert store.programmes(doc=DOCS["004"], q="モーダルシフト等推進事業") == []
    by_doc = store.programmes(doc=DOCS["000"])
    assert by_doc and all(r.doc == DOCS["000"] for r in by_doc)


# -- inline records: the filters' rules ---------------------------------------------------------------
def _kpi(indicator: str, project: str | None, doc: str = "a.txt", source: str = "") -> KpiRecord:
    return kpi_from_dict(
        {
            "record_id": indicator,
            "doc": doc,
            "project": project,
            "indicator": indicator,
            "baseline": {"year": "R2", "value": "10件", "status": None},
            "actuals": [{"year": "R6", "value": None, "status": "集計中"}],
            "target": None,
            "progress": None,
            "status": "集計中",
            "line_start": 1,
            "line_end": 1,
            "source_text": source or indicator,
        }
    )


def test_from_dict_restores_nested_values() -> None:
    r = _kpi("ＫＰＩ件数", "人材 創出プロジェクト")
    assert r.baseline == KpiValue("R2", "10件", None)
    assert r.target is None
    assert r.actuals == (KpiValue("R6", None, "集計中"),)
    p = programme_from_dict(
        {
            "record_id": "p",
            "doc": "a.txt",
            "name": "テスト事業",
            "budget": None,
            "budget_year": None,
            "rates": ["1/2以内"],
            "caps": [],
            "eligible": ["市町村"],
            "coverage": [],
            "conditions": [],
            "ministry": None,
            "line_start": 3,
            "line_end": 4,
            "source_text": "テスト事業\n補助率1/2以内",
        }
    )
    assert p.rates == ("1/2以内",) and p.caps == () and p.notes == ()  # notes defaults when absent


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
