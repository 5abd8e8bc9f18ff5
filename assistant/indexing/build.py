"""``assistant index build``: corpus -> chunks, BM25, embeddings, FAISS, records, manifest.

Builds into a fresh directory under ``index/builds/`` and publishes it atomically; an unchanged
corpus with unchanged settings is a no-op.
"""

from __future__ import annotations

import hashlib
import json
import logging
import resource
import shutil
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from assistant.backends.local.published import (
    BUILDS,
    current_build,
    publish,
    read_manifest,
    settings_signature,
    write_json,
)
from assistant.indexing.freshness import file_stat
from assistant.ingest.chunking import chunk_document
from assistant.ingest.loader import Corpus, load_corpus
from assistant.settings import BUILTIN_MODEL, Settings
from assistant.types import Chunk, LoadProblem

log = logging.getLogger(__name__)

_VERSIONED = (
    "bm25s",
    "faiss-cpu",
    "fugashi",
    "unidic-lite",
    "sentence-transformers",
    "torch",
    "numpy",
    "ja-ginza",
    "langchain-core",
)


@dataclass
class BuildReport:
    """What a build did, for the CLI and the benchmarks."""

    built: bool
    build_dir: Path | None
    reason: str
    documents: int = 0
    chunks: int = 0
    changed: list[str] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    size_bytes: int = 0
    peak_rss_mb: float | None = None  # the building process's peak resident memory (ru_maxrss)
    removed_staging: list[str] = field(default_factory=list)  # left behind by interrupted builds

    def to_dict(self) -> dict[str, Any]:
        return {
            "built": self.built,
            "build_dir": str(self.build_dir) if self.build_dir else None,
            "reason": self.reason,
            "documents": self.documents,
            "chunks": self.chunks,
            "changed": self.changed,
            "problems": [{"path": p.path, "reason": p.reason} for p in self.problems],
            "timings_s": self.timings,
            "size_bytes": self.size_bytes,
            "peak_rss_mb": self.peak_rss_mb,
            "removed_staging": self.removed_staging,
        }


def package_versions() -> dict[str, str]:
    out = {}
    for name in _VERSIONED:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return out


def corpus_hashes(corpus: Corpus) -> dict[str, str]:
    return {d.doc_id: d.sha256 for d in corpus.documents}


def chunk_corpus(corpus: Corpus, settings: Settings) -> list[Chunk]:
    chunks: list[Chunk] = []
    for doc in corpus.documents:
        chunks.extend(chunk_document(doc, settings.chunk_size, settings.chunk_max, settings.chunk_overlap))
    return chunks


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def peak_rss_mb() -> float:
    """This process's peak resident set so far, in MB (Linux reports ru_maxrss in KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def remove_stale_staging(builds: Path) -> list[str]:
    """Delete the staging folders of builds that were interrupted (killed before they could clean up).

    Called with the build lock held, so no live build owns one of them.
    """
    removed = []
    for path in sorted(builds.glob(".staging-*")) if builds.is_dir() else []:
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
        log.warning("removed %s, left behind by an interrupted build", path)
    return removed


def _write_warm(staging: Path, chunks: list[Chunk], documents: list[dict], settings: Settings, bm25, index):
    """Store the warm-up data loading would compute (`assistant.backends.local.warm`); returns the manifest entry.

    The sentence vectors come from the hybrid retriever itself, over the model files as serving
    loads them, so a loaded build ranks exactly as one that computed them at load.
    """
    from assistant.backends.local.assemble import fusion_params, local_hybrid, numbered_docs
    from assistant.backends.local.vectors import DenseRetriever
    from assistant.backends.local.warm import (
        SENTENCES_FILE,
        TERMS_FILE,
        passage_terms,
        write_sentences,
        write_terms,
    )
    from assistant.embedding import load_embedder
    from assistant.retrieval.hybrid import SENTENCE_MAX_PASSAGES

    terms = passage_terms(chunks)
    write_terms(staging / TERMS_FILE, terms)
    dense = None
    # Only the built-in model, on a corpus small enough, has sentence vectors: load no model otherwise
    # (an external model a second time, or a 200 MB table, for nothing).
    if settings.model == BUILTIN_MODEL and len(chunks) <= SENTENCE_MAX_PASSAGES:
        dense = DenseRetriever(index, load_embedder(settings, staging / "model", light=True), chunks)
    hybrid = local_hybrid(bm25, dense, fusion_params(settings), numbered_docs=numbered_docs(documents), terms=terms)
    sentences = hybrid.sentence_vectors()
    if sentences is not None:
        write_sentences(staging / SENTENCES_FILE, *sentences)
    return {"terms": TERMS_FILE, "sentences": SENTENCES_FILE if sentences is not None else None}


def _faiss_index(vectors: np.ndarray, settings: Settings):
    """Exact search for corpora of ordinary size; HNSW above ``faiss_flat_max`` vectors."""
    import faiss

    dim = vectors.shape[1]
    if len(vectors) <= settings.faiss_flat_max:
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = 64
    index.add(vectors)
    return index


def _previous_embeddings(settings: Settings) -> dict[str, np.ndarray]:
    """Embeddings of the published build, reusable by chunk id when the model is an external one."""
    prev = current_build(settings.index_dir)
    if prev is None or settings.model == BUILTIN_MODEL or not (prev / "embeddings.npy").exists():
        return {}
    try:
        manifest = read_manifest(prev)
        if manifest["settings"] != settings_signature(settings):
            return {}
        ids = [json.loads(line)["chunk_id"] for line in (prev / "chunks.jsonl").open(encoding="utf-8")]
        vecs = np.load(prev / "embeddings.npy")
        return dict(zip(ids, vecs, strict=True))
    except (OSError, ValueError, KeyError):
        return {}


@contextmanager
def _build_lock(index_dir: Path):
    """One build at a time per index folder; a second build waits, then finds the index current."""
    import fcntl

    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / ".build.lock").open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def build_index(settings: Settings, *, force: bool = False, progress: bool = True) -> BuildReport:
    """Build (or refresh) the index for ``settings.corpus_dir`` into ``settings.index_dir``."""
    with _build_lock(settings.index_dir):
        return _build(settings, force=force, progress=progress)


def _build(settings: Settings, *, force: bool, progress: bool) -> BuildReport:
    import faiss
    from tqdm.auto import tqdm

    from assistant.backends.local.lexical import BM25Retriever
    from assistant.embedding import build_static_model, load_embedder
    from assistant.records import extract_records
    from assistant.text.tokenizer import TOKENIZER_VERSION

    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    removed = remove_stale_staging(settings.index_dir / BUILDS)
    corpus = load_corpus(settings.corpus_dir, settings.max_file_bytes)
    if not corpus.documents:
        raise FileNotFoundError(f"no readable documents in {settings.corpus_dir}")
    hashes = corpus_hashes(corpus)
    signature = settings_signature(settings)

    prev = current_build(settings.index_dir)
    changed = sorted(hashes)
    if prev is not None and (prev / "manifest.json").exists():
        old = read_manifest(prev)
        old_hashes = {d: v.get("sha256") for d, v in old.get("corpus", {}).items()}
        changed = sorted(d for d in set(hashes) | set(old_hashes) if hashes.get(d) != old_hashes.get(d))
        if not force and not changed and old.get("settings") == signature:
            return BuildReport(
                built=False,
                build_dir=prev,
                reason="index is up to date (corpus and settings unchanged)",
                documents=len(hashes),
                chunks=old.get("counts", {}).get("chunks", 0),
                problems=corpus.problems,
                removed_staging=removed,
            )

    builds = settings.index_dir / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    corpus_digest = hashlib.sha256(json.dumps(hashes, sort_keys=True).encode()).hexdigest()[:8]
    build_id = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{corpus_digest}-{uuid.uuid4().hex[:6]}"
    staging = builds / f".staging-{build_id}"
    staging.mkdir(parents=True)
    try:
        steps = tqdm(total=7, desc="index build", unit="step", disable=not progress)

        steps.set_postfix_str("chunking")
        chunks = chunk_corpus(corpus, settings)
        with (staging / "chunks.jsonl").open("w", encoding="utf-8") as fh:
            for c in chunks:
                fh.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
        counts: dict[str, int] = {}
        for c in chunks:
            counts[c.doc] = counts.get(c.doc, 0) + 1
        documents = [{**d.summary(), "chunks": counts.get(d.doc_id, 0)} for d in corpus.documents]
        write_json(staging / "documents.json", documents)
        timings["chunk_s"] = time.perf_counter() - t0
        steps.update()

        steps.set_postfix_str("records")
        t = time.perf_counter()
        kpis, programmes = [], []
        for doc in corpus.documents:
            k, p = extract_records(doc.doc_id, doc.lines)
            kpis.extend(r.to_dict() for r in k)
            programmes.extend(r.to_dict() for r in p)
        (staging / "records").mkdir()
        write_json(staging / "records" / "kpis.json", kpis)
        write_json(staging / "records" / "programmes.json", programmes)
        timings["records_s"] = time.perf_counter() - t
        steps.update()

        steps.set_postfix_str("BM25")
        t = time.perf_counter()
        bm25 = BM25Retriever.build(chunks)
        bm25.save(staging)
        timings["bm25_s"] = time.perf_counter() - t
        steps.update()

        steps.set_postfix_str("embedding model")
        t = time.perf_counter()
        model_info: dict[str, Any] = {"name": settings.model}
        model_dir = None
        if settings.model == BUILTIN_MODEL:
            model_dir = staging / "model"
            model_info["builtin"] = build_static_model(
                chunks, model_dir, seed=settings.seed, epochs=settings.adapt_epochs, progress=progress
            )
        timings["model_s"] = time.perf_counter() - t
        steps.update()

        steps.set_postfix_str("embeddings")
        t = time.perf_counter()
        embedder = load_embedder(settings, model_dir)
        reuse = _previous_embeddings(settings)
        passages = [f"{c.heading}\n{c.search_text}" for c in chunks]
        todo = [i for i, c in enumerate(chunks) if c.chunk_id not in reuse]
        vectors = np.zeros((len(chunks), embedder.dimension), dtype=np.float32)
        for i, c in enumerate(chunks):
            if c.chunk_id in reuse:
                vectors[i] = reuse[c.chunk_id]
        batch = settings.embed_batch_size
        for s in tqdm(range(0, len(todo), batch), desc="embedding", disable=not progress, leave=False):
            ids = todo[s : s + batch]
            vectors[ids] = embedder.embed_passages([passages[i] for i in ids])
        np.save(staging / "embeddings.npy", vectors)
        index = _faiss_index(vectors, settings)
        faiss.write_index(index, str(staging / "dense.faiss"))
        model_info.update(dimension=embedder.dimension, reused_embeddings=len(chunks) - len(todo))
        timings["embed_s"] = time.perf_counter() - t
        steps.update()

        steps.set_postfix_str("warm-up data")
        t = time.perf_counter()
        del embedder, vectors, reuse  # the passage model is done with: free it before the next step
        warm = _write_warm(staging, chunks, documents, settings, bm25, index)
        timings["warm_s"] = time.perf_counter() - t
        steps.update()

        steps.set_postfix_str("manifest")
        manifest = {
            "build_id": build_id,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "settings": signature,
            "corpus": {
                d.doc_id: {
                    "sha256": d.sha256,
                    **file_stat(settings.corpus_dir / d.doc_id),
                    "title": d.title,
                    "encoding": d.encoding,
                    "chunks": counts.get(d.doc_id, 0),
                }
                for d in corpus.documents
            },
            "changed": changed,
            "problems": [{"path": p.path, "reason": p.reason} for p in corpus.problems],
            "model": model_info,
            "tokenizer": TOKENIZER_VERSION,
            "faiss": {"type": type(index).__name__, "ntotal": int(index.ntotal), "metric": "inner_product"},
            "counts": {
                "documents": len(corpus.documents),
                "chunks": len(chunks),
                "kpis": len(kpis),
                "programmes": len(programmes),
            },
            "versions": package_versions(),
            "warm": warm,
        }
        timings["total_s"] = time.perf_counter() - t0
        manifest["timings_s"] = {k: round(v, 3) for k, v in timings.items()}
        manifest["peak_rss_mb"] = peak_rss_mb()
        write_json(staging / "manifest.json", manifest)
        steps.update()
        steps.close()

        final = builds / build_id
        staging.rename(final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    publish(settings.index_dir, final)
    return BuildReport(
        built=True,
        build_dir=final,
        reason="built"
        if prev is None
        else f"rebuilt ({'changed: ' + ', '.join(changed) if changed else 'settings changed or forced'})",
        documents=len(corpus.documents),
        chunks=len(chunks),
        changed=changed,
        problems=corpus.problems,
        timings={k: round(v, 3) for k, v in timings.items()},
        size_bytes=_dir_size(final),
        peak_rss_mb=manifest["peak_rss_mb"],
        removed_staging=removed,
    )
