"""``assistant index build``: corpus -> chunks, BM25, embeddings, FAISS, records, manifest.

Builds into a fresh directory under ``index/builds/`` and publishes it atomically; an unchanged
corpus with unchanged settings is a no-op. ``refresh=True`` (used by ``assistant add`` / ``remove``)
loads, chunks, extracts and embeds only new or changed documents (see `assistant.indexing.reuse`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
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
from assistant.indexing.reuse import (
    BY_DOC_FILE,
    CARRIED_FILES,
    REFRESH_MAX_NEW_SHARE,
    Previous,
    Source,
    gather,
    previous,
    previous_embeddings,
)
from assistant.ingest.chunking import chunk_document
from assistant.settings import BUILTIN_MODEL, Settings
from assistant.types import LoadProblem

log = logging.getLogger(__name__)


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


from assistant.indexing.parts import (  # noqa: E402 - split out of this module
    _build_lock,
    _dir_size,
    _faiss_index,
    _write_warm,
    package_versions,
    peak_rss_mb,
    remove_stale_staging,
)

#: Called with each step's name and the share of the build done (the UI's progress bar).
StepHook = Callable[[str, float], None]
STEPS = ("chunking", "records", "BM25", "embedding model", "embeddings", "warm-up data", "manifest")


def build_index(
    settings: Settings,
    *,
    force: bool = False,
    progress: bool = True,
    refresh: bool = False,
    on_step: StepHook | None = None,
) -> BuildReport:
    """Build the index for ``settings.corpus_dir`` into ``settings.index_dir``.

    ``refresh`` takes unchanged documents (and the built-in model) over from the published build.
    """
    from assistant.text.tokenizer import token_cache

    # The build's passes tokenise the same text several times: MeCab runs once per distinct segment.
    with _build_lock(settings.index_dir), token_cache():
        return _build(settings, force=force, progress=progress, refresh=refresh and not force, on_step=on_step)


def _chunk(sources: list[Source], settings: Settings) -> None:
    """Chunks of the documents loaded now (taken-over ones have theirs)."""
    for src in sources:
        if src.document is not None:
            src.chunks = chunk_document(src.document, settings.chunk_size, settings.chunk_max, settings.chunk_overlap)


def _extract(sources: list[Source]) -> None:
    """KPI and programme records of the documents loaded now (taken-over ones have theirs)."""
    from assistant.records import extract_records

    for src in sources:
        if src.document is None:
            continue
        k, p = extract_records(src.doc_id, src.document.lines)
        src.kpis = [r.to_dict() for r in k]
        src.programmes = [r.to_dict() for r in p]


def _corpus_programmes(sources: list[Source], settings: Settings, programmes: list) -> list:
    """The documents' programmes with those recognised over the whole corpus (named policies that recur in prose,
    taken-over documents too), each programme once across documents (`records.corpus_programmes`)."""
    from assistant.ingest.loader import load_document
    from assistant.records import corpus_programmes

    documents = []
    for src in sources:
        doc = src.document or load_document(settings.corpus_dir / src.doc_id, None, settings.max_file_bytes)
        documents.append((src.doc_id, doc.lines))
    return corpus_programmes(documents, programmes)


def _keep_model(settings: Settings, prev: Previous | None, refresh: bool, new: int, total: int) -> bool:
    """A refresh keeps the published built-in model while the new chunks are a small share."""
    return (
        refresh
        and prev is not None
        and settings.model == BUILTIN_MODEL
        and (prev.path / "model").is_dir()
        and new <= REFRESH_MAX_NEW_SHARE * max(total, 1)
    )


def _build(settings: Settings, *, force: bool, progress: bool, refresh: bool, on_step: StepHook | None) -> BuildReport:
    import faiss
    from tqdm.auto import tqdm

    from assistant.backends.local.lexical import BM25Retriever
    from assistant.embedding import build_static_model, load_embedder
    from assistant.records.merge import merge_kpis
    from assistant.records.store import kpi_from_dict, programme_from_dict
    from assistant.text.tokenizer import TOKENIZER_VERSION, cache_stats

    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    removed = remove_stale_staging(settings.index_dir / BUILDS)
    prev_build = previous(settings)
    sources, problems = gather(settings, prev_build, refresh=refresh)
    if not sources:
        raise FileNotFoundError(f"no readable documents in {settings.corpus_dir}")
    hashes = {s.doc_id: s.sha256 for s in sources}
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
                problems=problems,
                removed_staging=removed,
            )

    builds = settings.index_dir / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    corpus_digest = hashlib.sha256(json.dumps(hashes, sort_keys=True).encode()).hexdigest()[:8]
    build_id = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{corpus_digest}-{uuid.uuid4().hex[:6]}"
    staging = builds / f".staging-{build_id}"
    staging.mkdir(parents=True)
    try:
        bar = tqdm(total=len(STEPS), desc="index build", unit="step", disable=not progress)

        class _Steps:
            """The terminal bar and the caller's hook, advanced together."""

            def set_postfix_str(self, name: str) -> None:
                bar.set_postfix_str(name)
                if on_step is not None:
                    on_step(name, STEPS.index(name) / len(STEPS))

            def update(self) -> None:
                bar.update()

            def close(self) -> None:
                bar.close()
                if on_step is not None:
                    on_step("done", 1.0)

        steps = _Steps()

        steps.set_postfix_str("chunking")
        _chunk(sources, settings)
        chunks = [c for src in sources for c in src.chunks]
        with (staging / "chunks.jsonl").open("w", encoding="utf-8") as fh:
            for c in chunks:
                fh.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
        counts = {src.doc_id: len(src.chunks) for src in sources}
        documents = [{**src.summary, "chunks": counts[src.doc_id]} for src in sources]
        write_json(staging / "documents.json", documents)
        timings["chunk_s"] = time.perf_counter() - t0
        steps.update()

        steps.set_postfix_str("records")
        t = time.perf_counter()
        _extract(sources)
        # Each document's readings are kept for a refresh; the index serves them merged across documents
        # (a KPI or a programme two documents carry is one record with both as sources), as extract_all serves them.
        kpis = merge_kpis([kpi_from_dict(r) for src in sources for r in src.kpis])
        programmes = [programme_from_dict(r) for src in sources for r in src.programmes]
        programmes = _corpus_programmes(sources, settings, programmes)
        (staging / "records").mkdir()
        write_json(staging / "records" / "kpis.json", [r.to_dict() for r in kpis])
        write_json(staging / "records" / "programmes.json", [r.to_dict() for r in programmes])
        by_doc = {name: {src.doc_id: getattr(src, name) for src in sources} for name in ("kpis", "programmes")}
        write_json(staging / "records" / BY_DOC_FILE, by_doc)
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
        new_chunks = sum(len(src.chunks) for src in sources if not src.reused)
        keep_model = _keep_model(settings, prev_build, refresh, new_chunks, len(chunks))
        if keep_model:
            assert prev_build is not None
            # The published model reads the new documents' words it knows; a full build re-adapts it.
            model_dir = staging / "model"
            shutil.copytree(prev_build.path / "model", model_dir)
            old_model = prev_build.manifest.get("model", {})
            model_info["builtin"] = old_model.get("builtin")
            model_info["adapted_in"] = old_model.get("adapted_in", prev_build.path.name)
            model_info["documents_since_adaptation"] = sorted(
                set(old_model.get("documents_since_adaptation", [])) | {s.doc_id for s in sources if not s.reused}
            )
        elif settings.model == BUILTIN_MODEL:
            model_dir = staging / "model"
            model_info["builtin"] = build_static_model(
                chunks,
                model_dir,
                seed=settings.seed,
                epochs=settings.adapt_epochs,
                progress=progress,
                max_vocab=settings.model_max_vocab,
            )
            model_info["adapted_in"] = build_id
        timings["model_s"] = time.perf_counter() - t
        steps.update()

        steps.set_postfix_str("embeddings")
        t = time.perf_counter()
        embedder = load_embedder(settings, model_dir, light=keep_model)
        reuse = previous_embeddings(settings, prev_build, model_kept=keep_model)
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
            "corpus": {src.doc_id: {**src.corpus_entry, "chunks": counts[src.doc_id]} for src in sources},
            "changed": changed,
            "refresh": {
                "requested": refresh,
                "reused_documents": sum(src.reused for src in sources),
                "model_kept": keep_model,
            },
            "problems": [{"path": p.path, "reason": p.reason} for p in problems],
            "model": model_info,
            "tokenizer": TOKENIZER_VERSION,
            "faiss": {"type": type(index).__name__, "ntotal": int(index.ntotal), "metric": "inner_product"},
            "counts": {
                "documents": len(sources),
                "chunks": len(chunks),
                "kpis": len(kpis),
                "programmes": len(programmes),
            },
            "versions": package_versions(),
            "warm": warm,
            "token_cache": cache_stats(),  # MeCab segments tokenised (misses) and shared between passes (hits)
        }
        timings["total_s"] = time.perf_counter() - t0
        manifest["timings_s"] = {k: round(v, 3) for k, v in timings.items()}
        manifest["peak_rss_mb"] = peak_rss_mb()
        write_json(staging / "manifest.json", manifest)
        if refresh and prev_build is not None:
            for name in CARRIED_FILES:
                if (prev_build.path / name).is_file():
                    shutil.copy2(prev_build.path / name, staging / name)
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
        documents=len(sources),
        chunks=len(chunks),
        changed=changed,
        problems=problems,
        timings={k: round(v, 3) for k, v in timings.items()},
        size_bytes=_dir_size(final),
        peak_rss_mb=manifest["peak_rss_mb"],
        removed_staging=removed,
    )
