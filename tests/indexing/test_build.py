"""A real index on two small real documents: manifest, round trip, incremental builds, compatibility, atomicity."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from assistant.backends.local import published as index_store
from assistant.backends.local.lexical import BM25Retriever
from assistant.backends.local.published import (
    BUILDS,
    CHUNKER_VERSION,
    CURRENT,
    KEEP_BUILDS,
    current_build,
    read_manifest,
)
from assistant.errors import IndexMismatch, IndexNotFound
from assistant.indexing import build as indexing
from assistant.indexing.build import build_index
from assistant.indexing.parts import chunk_corpus
from assistant.ingest.loader import load_corpus
from assistant.service import Assistant
from assistant.settings import BUILTIN_MODEL, Settings
from assistant.text.tokenizer import TOKENIZER_VERSION

pytestmark = pytest.mark.slow

DOC_001 = "001_66b98a4b6793b39c.txt"
DOC_004 = "004_49aeb67bc23e3385.txt"
QUERIES = ["モーダルシフト等推進事業 当初予算額", "国土交通省", "新規高卒者管内企業就職率", "R6の耕作面積", "関係人口"]
ADDED = "\n追記：令和7年度からは除雪ボランティア派遣事業を新たに開始する。\n"


@dataclass
class Site:
    root: Path

    @property
    def corpus(self) -> Path:
        return self.root / "corpus"

    @property
    def index(self) -> Path:
        return self.root / "index"

    def settings(self, **overrides) -> Settings:
        return Settings(**{"corpus_dir": self.corpus, "index_dir": self.index, "adapt_epochs": 1, **overrides})

    def builds(self) -> list[str]:
        return sorted(p.name for p in (self.index / BUILDS).iterdir())


@pytest.fixture(scope="module")
def base(tmp_path_factory, real_corpus_dir: Path):
    """One real build, shared read-only; tests that change things work on a copy (`site`)."""
    site = Site(tmp_path_factory.mktemp("base"))
    site.corpus.mkdir()
    for name in (DOC_001, DOC_004, "manifest.json"):
        shutil.copy2(real_corpus_dir / name, site.corpus / name)
    report = build_index(site.settings(), progress=False)
    return site, report


@pytest.fixture
def site(base, tmp_path: Path) -> Site:
    src, _ = base
    dst = Site(tmp_path / "site")
    shutil.copytree(src.root, dst.root, symlinks=True)
    return dst


def _results(engine: Assistant, retriever: str = "hybrid") -> list[list[tuple[str, float]]]:
    return [[(h.chunk.chunk_id, round(h.score, 5)) for h in engine.search(q, 5, retriever=retriever)] for q in QUERIES]


# -- the build and its manifest --------------------------------------------------------------


def test_build_report(base) -> None:
    site, report = base
    assert report.built is True
    assert report.changed == [DOC_001, DOC_004]
    assert report.documents == 2
    assert report.problems == []
    assert report.build_dir == current_build(site.index)
    assert report.size_bytes > 0
    assert set(report.timings) >= {"chunk_s", "bm25_s", "model_s", "embed_s", "total_s"}


def test_manifest_contents(base) -> None:
    site, report = base
    build = report.build_dir
    m = read_manifest(build)
    assert m["build_id"] == build.name
    # Model and dimension.
    assert m["model"]["name"] == BUILTIN_MODEL
    assert isinstance(m["model"]["dimension"], int) and m["model"]["dimension"] > 0
    # Corpus hashes: sha256 of each file's bytes.
    assert set(m["corpus"]) == {DOC_001, DOC_004}
    for name, entry in m["corpus"].items():
        assert entry["sha256"] == hashlib.sha256((site.corpus / name).read_bytes()).hexdigest()
        assert entry["chunks"] > 10
    assert m["corpus"][DOC_004]["title"] == "道央広域連携地域政策展開方針の推進状況（R6）について（資料2）"
    # Chunker and tokenizer settings.
    s = site.settings()
    assert m["settings"]["chunker"] == {
        "version": CHUNKER_VERSION,
        "size": s.chunk_size,
        "max": s.chunk_max,
        "overlap": s.chunk_overlap,
    }
    assert m["settings"]["tokenizer"] == TOKENIZER_VERSION == m["tokenizer"]
    assert m["settings"]["model"] == BUILTIN_MODEL
    assert m["settings"]["adapt_epochs"] == 1
    # Library versions.
    for package in ("bm25s", "faiss-cpu", "fugashi", "sentence-transformers", "numpy"):
        assert m["versions"].get(package), package
    # Counts agree with the files.
    chunks = [json.loads(line) for line in (build / "chunks.jsonl").read_text(encoding="utf-8").splitlines()]
    assert m["counts"]["chunks"] == len(chunks) == report.chunks == sum(e["chunks"] for e in m["corpus"].values())
    assert m["faiss"]["ntotal"] == len(chunks)
    documents = json.loads((build / "documents.json").read_text(encoding="utf-8"))
    assert [d["doc"] for d in documents] == [DOC_001, DOC_004]
    for rel in ("bm25", "dense.faiss", "embeddings.npy", "model", "records/kpis.json", "records/programmes.json"):
        assert (build / rel).exists(), rel


def test_index_dir_layout(base) -> None:
    site, report = base
    link = site.index / CURRENT
    assert link.is_symlink()
    assert os.readlink(link) == str(Path(BUILDS) / report.build_dir.name)  # relative: the folder can move
    assert site.builds() == [report.build_dir.name]
    assert not list(site.index.glob(".current-*"))


# -- round trip ------------------------------------------------------------------------------


def test_round_trip_chunks_and_bm25_match_an_in_memory_build(base) -> None:
    """What Assistant.load reads back equals what chunking and BM25 make in memory from the same corpus."""
    site, _ = base
    settings = site.settings()
    engine = Assistant.load(settings)
    expected = chunk_corpus(load_corpus(site.corpus), settings)
    assert engine.chunks == expected
    fresh = BM25Retriever.build(expected, settings.bigram_weight)
    for q in QUERIES:
        got = [(h.chunk.chunk_id, round(h.score, 4)) for h in engine.bm25.retrieve(q, 5)]
        want = [(h.chunk.chunk_id, round(h.score, 4)) for h in fresh.retrieve(q, 5)]
        assert got == want, q
    stored = np.load(engine.stored.path / "embeddings.npy")
    assert np.allclose(engine.dense.index.reconstruct_n(0, engine.dense.index.ntotal), stored)


def test_round_trip_search_finds_known_passages_and_is_identical_after_reload(base) -> None:
    site, _ = base
    settings = site.settings()
    first = Assistant.load(settings)
    hits = first.search("モーダルシフト等推進事業 当初予算額", 5)
    assert hits and hits[0].chunk.doc == DOC_001
    assert any("モーダルシフト" in h.chunk.text for h in hits[:3])
    kpi = first.search("新規高卒者管内企業就職率", 5, docs=[DOC_004])
    assert kpi and all(h.chunk.doc == DOC_004 for h in kpi)
    assert any("新規高卒者管内企業就職率" in h.chunk.text for h in kpi)
    ocr = first.search("国土交通省 モーダルシフト", 5, retriever="bm25")
    assert any("国十交诵省" in h.chunk.text for h in ocr)  # the OCR-misspelt passage is found

    before = {r: _results(first, r) for r in ("bm25", "dense", "hybrid")}
    second = Assistant.load(settings)
    assert second.build_id == first.build_id
    assert {r: _results(second, r) for r in ("bm25", "dense", "hybrid")} == before


# -- incremental builds ----------------------------------------------------------------------


def test_unchanged_corpus_is_a_no_op(base) -> None:
    site, report = base
    again = build_index(site.settings(), progress=False)
    assert again.built is False
    assert again.build_dir == report.build_dir
    assert again.chunks == report.chunks
    assert "up to date" in again.reason
    assert site.builds() == [report.build_dir.name]


def test_changing_one_document_reindexes_it(site: Site) -> None:
    settings = site.settings()
    old = current_build(site.index)
    with (site.corpus / DOC_004).open("a", encoding="utf-8") as fh:
        fh.write(ADDED)
    report = build_index(settings, progress=False)
    assert report.built is True
    assert report.changed == [DOC_004]
    assert report.build_dir != old and current_build(site.index) == report.build_dir
    assert read_manifest(report.build_dir)["changed"] == [DOC_004]
    engine = Assistant.load(settings)
    hits = engine.search("除雪ボランティア派遣事業", 3)
    assert hits and hits[0].chunk.doc == DOC_004 and "除雪ボランティア派遣事業" in hits[0].chunk.text
    assert set(site.builds()) == {old.name, report.build_dir.name}  # the previous build is kept
    assert build_index(settings, progress=False).built is False


# -- compatibility ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("override", "mentions"),
    [
        ({"chunk_size": 300}, "chunker"),
        ({"chunk_overlap": 0}, "chunker"),
        ({"model": "intfloat/multilingual-e5-small"}, "model"),
        ({"adapt_epochs": 2}, "adapt_epochs"),
    ],
)
def test_other_settings_raise_index_mismatch(base, override: dict, mentions: str) -> None:
    site, _ = base
    with pytest.raises(IndexMismatch) as err:
        Assistant.load(site.settings(**override))
    message = str(err.value)
    assert "assistant index build" in message
    assert mentions in message


def test_changed_corpus_file_makes_index_stale(site: Site) -> None:
    settings = site.settings()
    Assistant.load(settings)  # fine before the change
    with (site.corpus / DOC_001).open("a", encoding="utf-8") as fh:
        fh.write(ADDED)
    with pytest.raises(IndexMismatch) as err:
        Assistant.load(settings)
    assert DOC_001 in str(err.value) and "assistant index build" in str(err.value)
    assert DOC_004 not in str(err.value)
    assert Assistant.load(settings, check_corpus=False).build_id == current_build(site.index).name


def test_added_or_removed_file_makes_index_stale(site: Site, real_corpus_dir: Path) -> None:
    settings = site.settings()
    shutil.copy2(real_corpus_dir / "003_6b6a8afd27e09b17.txt", site.corpus / "003_6b6a8afd27e09b17.txt")
    with pytest.raises(IndexMismatch, match=r"003_6b6a8afd27e09b17\.txt"):
        Assistant.load(settings)
    (site.corpus / "003_6b6a8afd27e09b17.txt").unlink()
    Assistant.load(settings)
    (site.corpus / DOC_001).unlink()
    with pytest.raises(IndexMismatch, match=re.escape(DOC_001)):
        Assistant.load(settings)


def test_unreadable_extra_file_does_not_make_index_stale(site: Site) -> None:
    (site.corpus / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    Assistant.load(site.settings())  # it is skipped at build time too, so the index still matches


def test_no_index(tmp_path: Path, real_corpus_dir: Path) -> None:
    settings = Settings(corpus_dir=real_corpus_dir, index_dir=tmp_path / "nothing-here")
    with pytest.raises(IndexNotFound, match="assistant index build"):
        Assistant.load(settings)
    (tmp_path / "nothing-here" / BUILDS).mkdir(parents=True)  # an empty index folder is no index either
    with pytest.raises(IndexNotFound, match="assistant index build"):
        Assistant.load(settings)


# -- atomic publication ----------------------------------------------------------------------


def test_current_is_switched_by_os_replace(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def spy(src, dst):
        calls.append((Path(src), Path(dst)))
        return real_replace(src, dst)

    monkeypatch.setattr(index_store.os, "replace", spy)
    old = current_build(site.index)
    report = build_index(site.settings(), progress=False, force=True)
    assert report.built and report.build_dir != old
    assert calls and calls[-1][1] == site.index / CURRENT
    assert calls[-1][0].parent == site.index and calls[-1][0].name.startswith(".current-")
    assert (site.index / CURRENT).is_symlink()
    assert current_build(site.index) == report.build_dir
    assert not list(site.index.glob(".current-*"))


def _raise_after(n: int, real):
    count = {"n": 0}

    def fake(*args, **kwargs):
        count["n"] += 1
        if count["n"] > n:
            raise RuntimeError("simulated failure during the build")
        return real(*args, **kwargs)

    return fake


@pytest.mark.parametrize("failing", ["tokenize", "build_static_model"])
def test_failed_build_leaves_published_build_intact(site: Site, monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    import assistant.embedding
    import assistant.text.tokenizer
    from assistant.backends.local import lexical as bm25_module

    settings = site.settings()
    before_engine = Assistant.load(settings)
    before = _results(before_engine)
    builds_before = site.builds()
    if failing == "tokenize":
        # BM25 tokenises chunk by chunk; fail on the 21st, midway through the build.
        monkeypatch.setattr(bm25_module, "tokenize", _raise_after(20, assistant.text.tokenizer.tokenize))
    else:
        monkeypatch.setattr(
            assistant.embedding, "build_static_model", _raise_after(0, assistant.embedding.build_static_model)
        )
    with pytest.raises(RuntimeError, match="simulated failure"):
        build_index(settings, progress=False, force=True)
    monkeypatch.undo()

    assert site.builds() == builds_before  # nothing new, nothing pruned
    assert not list((site.index / BUILDS).glob(".staging-*"))
    assert not list(site.index.glob(".current-*"))
    assert current_build(site.index).name == before_engine.build_id
    after = Assistant.load(settings)
    assert after.build_id == before_engine.build_id
    assert _results(after) == before
    assert build_index(settings, progress=False).built is False  # still up to date


def test_old_builds_pruned(site: Site) -> None:
    settings = site.settings()
    first = current_build(site.index).name
    made = [build_index(settings, progress=False, force=True).build_dir.name for _ in range(2)]
    assert len(set(made)) == 2 and first not in made
    assert site.builds() == sorted(made)  # the oldest is gone; current and one previous kept
    assert len(site.builds()) == KEEP_BUILDS
    assert current_build(site.index).name == made[-1]
    Assistant.load(settings)


def test_two_builds_in_the_same_second(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    # Builds of a small corpus take about a second; two in the same clock second must not collide.
    class FrozenClock(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2025, 6, 1, 9, 30, 0, tzinfo=tz)

    monkeypatch.setattr(indexing, "datetime", FrozenClock)
    settings = site.settings()
    one = build_index(settings, progress=False, force=True)
    two = build_index(settings, progress=False, force=True)
    assert one.build_dir != two.build_dir
    assert current_build(site.index) == two.build_dir
    Assistant.load(settings)


# -- the CLI on a real index -----------------------------------------------------------------


def test_cli_index_status_and_search(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    import assistant.cli as cli_module

    monkeypatch.setenv("ASSISTANT_ADAPT_EPOCHS", "1")  # the CLI reads the rest of its settings from the environment

    cli_module._register()
    runner = CliRunner()
    where = ["--corpus", str(site.corpus), "--index", str(site.index)]
    status = runner.invoke(cli_module.cli, ["index", "status", "--json", *where])
    assert status.exit_code == 0, status.output
    assert json.loads(status.stdout)["up_to_date"] is True

    search = runner.invoke(cli_module.cli, ["search", "モーダルシフト等推進事業 当初予算額", "--json", *where])
    assert search.exit_code == 0, search.output
    hits = json.loads(search.stdout)["hits"]
    assert hits and hits[0]["doc"] == DOC_001 and hits[0]["rank"] == 1

    with (site.corpus / DOC_004).open("a", encoding="utf-8") as fh:
        fh.write(ADDED)
    stale = runner.invoke(cli_module.cli, ["index", "status", *where])
    assert stale.exit_code == 0
    assert "STALE" in stale.stdout and DOC_004 in stale.stdout
    refused = runner.invoke(cli_module.cli, ["search", "補助率", *where])
    assert refused.exit_code == 2 and "assistant index build" in refused.stderr

    build = runner.invoke(cli_module.cli, ["index", "build", "--quiet", *where])
    assert build.exit_code == 0, build.output
    assert DOC_004 in build.stdout
    assert json.loads(runner.invoke(cli_module.cli, ["index", "status", "--json", *where]).stdout)["up_to_date"] is True
