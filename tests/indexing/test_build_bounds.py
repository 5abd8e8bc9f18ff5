"""Builds stay bounded and quick to load: stored warm-up data, size limit, adaptation cap, staging cleanup, peak memory."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant.backends.local.published import BUILDS, read_manifest
from assistant.embedding.adapt import AdaptConfig, ChunkTokens, epoch_pairs
from assistant.indexing.build import build_index
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.text import tokenizer

DOC_001 = "001_66b98a4b6793b39c.txt"
QUERIES = ["モーダルシフト等推進事業 当初予算額", "小さな拠点の形成数", "関係人口", "R6の予算"]


@pytest.fixture(scope="module")
def built(tmp_path_factory, real_corpus_dir: Path):
    """One small real build (one document, one adaptation epoch), with a leftover staging folder and a huge file."""
    root = tmp_path_factory.mktemp("bounds")
    corpus, index = root / "corpus", root / "index"
    corpus.mkdir()
    shutil.copy2(real_corpus_dir / DOC_001, corpus / DOC_001)
    (corpus / "huge.txt").write_text("大きな文書の一行。\n" * 200_000, encoding="utf-8")  # about 5.6 MB
    leftover = index / BUILDS / ".staging-20250101T000000-dead-beef"
    (leftover / "model").mkdir(parents=True)
    (leftover / "chunks.jsonl").write_text("{}", encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=index, adapt_epochs=1, max_file_bytes=1_000_000)
    return settings, build_index(settings, progress=False)


@pytest.mark.slow
def test_staging_of_an_interrupted_build_is_removed(built):
    settings, report = built
    assert report.removed_staging == [".staging-20250101T000000-dead-beef"]
    assert not any(p.name.startswith(".staging-") for p in (settings.index_dir / BUILDS).iterdir())


@pytest.mark.slow
def test_oversized_file_is_skipped_by_name(built):
    _, report = built
    assert report.documents == 1
    (problem,) = report.problems
    assert problem.path == "huge.txt" and "over the limit of 1,000,000 bytes" in problem.reason
    assert read_manifest(report.build_dir)["problems"][0]["path"] == "huge.txt"


@pytest.mark.slow
def test_peak_memory_is_reported(built):
    _, report = built
    assert report.peak_rss_mb is not None and report.peak_rss_mb > 50
    assert read_manifest(report.build_dir)["peak_rss_mb"] == report.peak_rss_mb
    assert report.to_dict()["peak_rss_mb"] == report.peak_rss_mb


@pytest.mark.slow
def test_load_reads_warm_up_data_and_never_takes_the_shared_tagger(built, monkeypatch):
    """The files are listed in the manifest; loading uses them and its own tagger, and ranks as computing would."""
    settings, report = built
    warm = read_manifest(report.build_dir)["warm"]
    assert warm == {"terms": "terms.jsonl", "sentences": "sentences.npz", "analysis": "analysis.jsonl"}
    assert all((report.build_dir / name).is_file() for name in warm.values())

    def shared_tagger():
        raise AssertionError("loading used the tagger requests share")

    monkeypatch.setattr(tokenizer, "_tagger", shared_tagger)
    loaded = Assistant.load(settings)
    monkeypatch.undo()
    assert loaded.hybrid._tokens and len(loaded.hybrid._tokens) == len(loaded.chunks)

    # Without the files the same engine computes the same data: the same rankings, the same vectors.
    bare = Assistant(settings, loaded.stored, loaded.bm25, loaded.dense)
    bare.hybrid.warm_up()
    assert dict(bare.hybrid.idf) == dict(loaded.hybrid.idf)
    for a, b in zip(bare.hybrid.sentence_vectors(), loaded.hybrid.sentence_vectors(), strict=True):
        assert np.array_equal(a, b)
    for q in QUERIES:
        assert [(h.chunk.chunk_id, h.score) for h in bare.search(q, 10)] == [
            (h.chunk.chunk_id, h.score) for h in loaded.search(q, 10)
        ]


def _chunk_tokens(n: int) -> list[ChunkTokens]:
    rng = random.Random(3)
    words = [f"語{i}" for i in range(300)]
    return [
        ChunkTokens(
            heading=[f"見出し{i % 40}"],
            segments=[[rng.choice(words) for _ in range(rng.randint(4, 20))] for _ in range(rng.randint(1, 6))],
            keys=frozenset({("text", i)}),
        )
        for i in range(n)
    ]


def test_adaptation_pairs_are_capped_to_a_sample():
    chunks = _chunk_tokens(3000)
    uncapped = epoch_pairs(chunks, AdaptConfig(max_pairs=10**9), random.Random(5))
    assert len(uncapped) > 5000
    capped = epoch_pairs(chunks, AdaptConfig(max_pairs=5000), random.Random(5))
    assert len(capped) == 5000 and all(p in uncapped for p in capped[:50])


def test_a_corpus_under_the_cap_gets_exactly_the_pairs_it_always_got():
    """Below the cap nothing is drawn: same pairs, and the random stream continues as before."""
    chunks = _chunk_tokens(300)
    rng_a, rng_b = random.Random(9), random.Random(9)
    assert epoch_pairs(chunks, AdaptConfig(max_pairs=10**9), rng_a) == epoch_pairs(chunks, AdaptConfig(), rng_b)
    assert rng_a.random() == rng_b.random()
    assert AdaptConfig().max_pairs == 20_000
