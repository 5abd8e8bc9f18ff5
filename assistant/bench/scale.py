"""Scale: BM25 + FAISS over synthetic corpora of ``factor`` times the real chunks.

For each factor the synthetic chunks (`assistant.bench.synth`) are indexed with the library's own
code - `BM25Retriever.build` (word + character-bigram fields, tokenisation included), the
benchmark index's built-in embedder (``embed_passages``; the model is reused, not retrained on
the larger corpus) and `assistant.indexing.build._faiss_index` (flat up to ``Settings.faiss_flat_max``
vectors, HNSW above) - saved to a temp folder to measure the size on disk, then queried through
a `HybridRetriever` built as `Assistant` builds it.

Recall@5 on the dev sets uses the evaluation's relevance rule unchanged (`assistant.evals.metrics`:
a chunk is relevant when it contains the evidence, whatever its document), so a synthetic replica
that kept the whole evidence counts (``recall@5``); ``recall@5_originals`` counts only the original
chunks (replicas are pure distractors), a lower bound.
When the size picks HNSW, a flat index over the same vectors is built too, so the recall and
latency cost of the switch are read side by side.
"""

from __future__ import annotations

import gc
import json
import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.bench.inprocess import CANDIDATES, measure_calls
from assistant.bench.synth import is_synthetic, synthesize
from assistant.evals import metrics as m

K = 5


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(t: tuple[float, float]) -> tuple[float, float]:
    return round(time.perf_counter() - t[0], 3), round(time.process_time() - t[1], 3)


def recall_at(hybrid: Any, items: Sequence[Any], k: int = K, depth: int = m.RANK_DEPTH) -> dict[str, Any]:
    """recall@k by the evaluation's rule, and counting original chunks only, over items with evidence."""
    strict: list[int | None] = []
    lenient: list[int | None] = []
    for it in items:
        if not it.evidence:
            continue
        hits = hybrid.retrieve(it.question, depth, None)
        strict.append(
            m.first_relevant_rank((h.chunk.text if not is_synthetic(h.chunk) else "" for h in hits), it.evidence)
        )
        lenient.append(m.first_relevant_rank((h.chunk.text for h in hits), it.evidence))
    n = len(strict)

    def rate(ranks: list[int | None]) -> float | None:
        return round(sum(m.recall_at(r, k) for r in ranks) / n, 4) if n else None

    return {f"recall@{k}": rate(lenient), f"recall@{k}_originals": rate(strict), "n": n}


def ann_overlap(exact, approx, vectors: np.ndarray, k: int = CANDIDATES) -> float | None:
    """Share of the exact top-``k`` neighbours the approximate index also returns (mean over queries)."""
    if len(vectors) == 0:
        return None
    _, e = exact.search(vectors, k)
    _, a = approx.search(vectors, k)
    shares = [len(set(x[x >= 0]) & set(y[y >= 0])) / max(len(x[x >= 0]), 1) for x, y in zip(e, a, strict=True)]
    return round(float(np.mean(shares)), 4)


def run_factor(
    engine: Any,
    settings: Any,
    items: Sequence[Any],
    factor: int,
    work_dir: Path,
    *,
    repeats: int = 1,
    seed: int = 13,
    log: Callable[[str], None] = lambda s: None,
) -> dict[str, Any]:
    """Build, size, latency and recall at ``factor`` x the engine's chunks."""
    import faiss

    from assistant.backends.local.assemble import local_hybrid
    from assistant.backends.local.lexical import BM25Retriever
    from assistant.backends.local.vectors import DenseRetriever
    from assistant.indexing.build import _faiss_index
    from assistant.retrieval import FusionParams
    from assistant.text.tokenizer import tokenize

    questions = [it.question for it in items]
    out: dict[str, Any] = {"factor": factor}
    t = _clock()
    chunks = synthesize(engine.chunks, factor, seed=seed)
    out["chunks"] = len(chunks)
    out["original_chunks"] = len(engine.chunks)
    build: dict[str, Any] = {}
    build["synth_s"], _ = _since(t)

    log(f"scale {factor}x: BM25 over {len(chunks)} chunks")
    t = _clock()
    bm25s_log = logging.getLogger("bm25s")  # bm25s sets DEBUG on its own logger
    level = bm25s_log.level
    bm25s_log.setLevel(logging.WARNING)
    try:
        bm25 = BM25Retriever.build(chunks, settings.bigram_weight)
    finally:
        bm25s_log.setLevel(level)
    build["bm25_s"], build["bm25_cpu_s"] = _since(t)

    log(f"scale {factor}x: embedding {len(chunks)} passages (reused built-in model)")
    embedder = engine.dense.embedder
    t = _clock()
    passages = [f"{c.heading}\n{c.search_text}" for c in chunks]
    vectors = np.zeros((len(chunks), embedder.dimension), dtype=np.float32)
    batch = settings.embed_batch_size
    for s in range(0, len(passages), batch):
        vectors[s : s + batch] = embedder.embed_passages(passages[s : s + batch])
    build["embed_s"], build["embed_cpu_s"] = _since(t)
    del passages

    log(f"scale {factor}x: FAISS index")
    t = _clock()
    index = _faiss_index(vectors, settings)
    build["faiss_s"], build["faiss_cpu_s"] = _since(t)
    kind = type(index).__name__
    out["faiss_type"] = kind
    out["faiss_flat_max"] = settings.faiss_flat_max
    build["total_s"] = round(build["bm25_s"] + build["embed_s"] + build["faiss_s"], 3)
    build["total_cpu_s"] = round(build["bm25_cpu_s"] + build["embed_cpu_s"] + build["faiss_cpu_s"], 3)
    out["build"] = build

    # On disk, in the index layout (the parts that grow with the corpus).
    folder = work_dir / f"scale_{factor}x"
    folder.mkdir(parents=True, exist_ok=True)
    t = _clock()
    bm25.save(folder)
    faiss.write_index(index, str(folder / "dense.faiss"))
    np.save(folder / "embeddings.npy", vectors)
    with (folder / "chunks.jsonl").open("w", encoding="utf-8") as fh:
        for c in chunks:
            fh.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
    out["save_s"], _ = _since(t)
    parts = {
        "bm25": _dir_size(folder / "bm25")
        + (_dir_size(folder / "bm25_bigram") if (folder / "bm25_bigram").exists() else 0),
        "dense.faiss": (folder / "dense.faiss").stat().st_size,
        "embeddings.npy": (folder / "embeddings.npy").stat().st_size,
        "chunks.jsonl": (folder / "chunks.jsonl").stat().st_size,
    }
    out["size_bytes"] = sum(parts.values())
    out["size_mb"] = round(out["size_bytes"] / 1e6, 1)
    out["size_parts_mb"] = {k: round(v / 1e6, 2) for k, v in parts.items()}

    dense = DenseRetriever(index, embedder, chunks)
    params = FusionParams(bm25_weight=settings.bm25_weight, dense_weight=settings.dense_weight)
    hybrid = local_hybrid(bm25, dense, params)
    log(f"scale {factor}x: hybrid warm-up (tokenising {len(chunks)} chunks, as Assistant.load does)")
    t = _clock()
    hybrid.warm_up()
    out["warm_up_s"], out["warm_up_cpu_s"] = _since(t)

    log(f"scale {factor}x: latency and recall with {kind}")
    for q in questions[:3]:
        hybrid.retrieve(q, settings.top_k)
    out["search"], _ = measure_calls(lambda q: hybrid.retrieve(q, settings.top_k), questions, repeats)
    qvecs = np.vstack([dense.embed(q) for q in questions]).astype(np.float32)
    k = min(CANDIDATES, index.ntotal)
    out["raw_faiss"], _ = measure_calls(lambda v: index.search(v.reshape(1, -1), k), list(qvecs), repeats)
    words = [[t for t in tokenize(q) if t in bm25.model.vocab_dict] for q in questions]
    out["raw_bm25"], _ = measure_calls(lambda toks: bm25.model.get_scores(toks), [w for w in words if w], repeats)
    by_index: dict[str, Any] = {kind: {"recall": recall_at(hybrid, items), "search": out["search"]}}

    if kind != "IndexFlatIP":
        log(f"scale {factor}x: flat index for comparison")
        t = _clock()
        flat = faiss.IndexFlatIP(vectors.shape[1])
        flat.add(vectors)
        flat_build_s, _ = _since(t)
        dense.index = flat
        for q in questions[:3]:
            hybrid.retrieve(q, settings.top_k)
        flat_search, _ = measure_calls(lambda q: hybrid.retrieve(q, settings.top_k), questions, repeats)
        flat_raw, _ = measure_calls(lambda v: flat.search(v.reshape(1, -1), k), list(qvecs), repeats)
        by_index["IndexFlatIP"] = {
            "recall": recall_at(hybrid, items),
            "search": flat_search,
            "raw_faiss": flat_raw,
            "build_s": flat_build_s,
        }
        out["ann_overlap@40"] = ann_overlap(flat, index, qvecs, k)
        if hasattr(index, "hnsw"):
            out["hnsw"] = {
                "M": int(index.hnsw.nb_neighbors(1)),
                "efConstruction": int(index.hnsw.efConstruction),
                "efSearch": int(index.hnsw.efSearch),
            }
            sweep = {}
            for ef in (16, 32, 64, 128, 256):
                index.hnsw.efSearch = ef
                sweep[str(ef)] = {
                    "ann_overlap@40": ann_overlap(flat, index, qvecs, k),
                    "raw_faiss": measure_calls(lambda v: index.search(v.reshape(1, -1), k), list(qvecs), 1)[0][
                        "p50_ms"
                    ],
                }
            index.hnsw.efSearch = out["hnsw"]["efSearch"]
            out["hnsw_ef_sweep"] = sweep
        dense.index = index
        flat_recall = by_index["IndexFlatIP"]["recall"][f"recall@{K}"]
        ann_recall = by_index[kind]["recall"][f"recall@{K}"]
        if flat_recall is not None and ann_recall is not None:
            out["recall_delta_points"] = round((ann_recall - flat_recall) * 100, 2)
    out["by_index"] = by_index
    out["recall"] = by_index[kind]["recall"]
    return out


def run_scale(
    engine: Any,
    settings: Any,
    items: Sequence[Any],
    factors: Sequence[int],
    work_dir: Path,
    *,
    repeats: int = 1,
    log: Callable[[str], None] = lambda s: None,
) -> dict[str, Any]:
    """The ``scale`` section: the 1x baseline (the engine itself) and one entry per factor."""
    out: dict[str, Any] = {
        "factors": list(factors),
        "base_chunks": len(engine.chunks),
        "embedder": "the benchmark index's built-in model, reused (not retrained on the synthetic corpus)",
        "synthetic": "originals kept; replicas = half own + half donor sentences, shuffled, digits permuted, synthetic doc id",
        "relevance": "recall@5: the evaluation's rule unchanged (a replica holding the whole evidence counts); "
        "recall@5_originals: only original chunks count (lower bound)",
        "dev_items_with_evidence": sum(1 for it in items if it.evidence),
    }
    base = {"chunks": len(engine.chunks), "faiss_type": type(engine.dense.index).__name__}
    base["recall"] = recall_at(engine.hybrid, items)
    base["search"], _ = measure_calls(
        lambda q: engine.hybrid.retrieve(q, settings.top_k), [it.question for it in items], repeats
    )
    out["1x"] = base
    for f in factors:
        out[f"{f}x"] = run_factor(engine, settings, items, f, work_dir, repeats=repeats, log=log)
        gc.collect()  # the factor's indexes are garbage now
    return out
