"""In-process latency: engine.search and engine.answer beside the raw BM25 and FAISS calls.

Every call is timed on the wall clock (``perf_counter``) and in process CPU time
(``process_time``); on a shared machine the CPU figures are the steadier of the two. The raw
calls are measured in the same run on pre-tokenised queries (``bm25s.BM25.get_scores``) and
pre-embedded vectors (``faiss.Index.search``), so the pipeline's overhead reads as a ratio.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from assistant.bench.stats import ratio, summarize_ms

CANDIDATES = 40  # what the hybrid retriever asks of each side (FusionParams.candidates)


def timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall ms, CPU ms, result) of one call."""
    c0 = time.process_time()
    t0 = time.perf_counter()
    out = fn()
    t1 = time.perf_counter()
    c1 = time.process_time()
    return (t1 - t0) * 1000, (c1 - c0) * 1000, out


def summarize_calls(wall: Sequence[float], cpu: Sequence[float]) -> dict[str, Any]:
    """Wall-clock and CPU percentiles of a list of timed calls."""
    out = summarize_ms(wall)
    c = summarize_ms(cpu)
    out.update(
        {"cpu_p50_ms": c["p50_ms"], "cpu_p95_ms": c["p95_ms"], "cpu_p99_ms": c["p99_ms"], "cpu_mean_ms": c["mean_ms"]}
    )
    return out


def measure_calls(
    fn: Callable[[Any], Any], inputs: Sequence[Any], repeats: int = 1
) -> tuple[dict[str, Any], list[Any]]:
    """Time ``fn(x)`` for every input, ``repeats`` passes; the summary and the first pass's results.
    Exceptions are counted (``errors``), not raised."""
    wall: list[float] = []
    cpu: list[float] = []
    results: list[Any] = []
    errors = 0
    n_first = 0
    for r in range(repeats):
        if r == 1:
            n_first = len(wall)
        for x in inputs:
            try:
                w, c, out = timed(lambda x=x: fn(x))
            except Exception:  # noqa: BLE001 - a failing query is counted, the run goes on
                errors += 1
                if r == 0:
                    results.append(None)
                continue
            wall.append(w)
            cpu.append(c)
            if r == 0:
                results.append(out)
    summary = summarize_calls(wall, cpu)
    summary["errors"] = errors
    summary["repeats"] = repeats
    if repeats > 1:
        # The first pass alone: what a question costs before any per-passage cache has seen its passages.
        first = summarize_calls(wall[:n_first], cpu[:n_first])
        summary["first_pass"] = {k: first[k] for k in ("n", "p50_ms", "p95_ms", "p99_ms", "cpu_p50_ms", "cpu_p95_ms")}
    return summary, results


def measure_engine(engine: Any, questions: Sequence[str], repeats: int = 1, warmup: int = 5) -> dict[str, Any]:
    """``search`` and ``answer`` sections: the engine's calls and the raw index calls beside them."""
    from assistant.text.tokenizer import char_bigrams, tokenize

    qs = list(questions)
    for q in qs[:warmup]:  # lazy loads (records, tokeniser dictionary) are not query latency
        engine.search(q)
        engine.answer(q)

    search, _ = measure_calls(lambda q: engine.search(q), qs, repeats)

    # Raw BM25: bm25s scoring of pre-tokenised queries (only the tokens in the vocabulary, as the
    # retriever passes them), for the word field and the character-bigram field.
    bm25 = engine.bm25
    words = [[t for t in tokenize(q) if t in bm25.model.vocab_dict] for q in qs]
    raw_words, _ = measure_calls(lambda toks: bm25.model.get_scores(toks), [w for w in words if w], repeats)
    raw: dict[str, Any] = {"raw_bm25": raw_words}
    if getattr(bm25, "bigrams", None) is not None:
        grams = [[t for t in char_bigrams(q) if t in bm25.bigrams.vocab_dict] for q in qs]
        raw["raw_bm25_bigrams"], _ = measure_calls(
            lambda toks: bm25.bigrams.get_scores(toks), [g for g in grams if g], repeats
        )
    raw["bm25_scores"], _ = measure_calls(
        lambda q: bm25.compute_scores(q, tokenize(q)), qs, repeats
    )  # tokenising + both fields

    dense = engine.dense
    if dense is not None:
        raw["embed_query"], vecs = measure_calls(lambda q: dense.embed(q), qs, repeats)
        vecs = [np.ascontiguousarray(v.reshape(1, -1), dtype=np.float32) for v in vecs if v is not None]
        k = min(CANDIDATES, dense.index.ntotal)
        raw["raw_faiss"], _ = measure_calls(lambda v: dense.index.search(v, k), vecs, repeats)
        raw["raw_faiss"]["index_type"] = type(dense.index).__name__
        raw["raw_faiss"]["ntotal"] = int(dense.index.ntotal)
        raw["raw_faiss"]["k"] = k

    raw_sum = sum(raw[key]["p50_ms"] or 0.0 for key in ("raw_bm25", "raw_bm25_bigrams", "raw_faiss") if key in raw)
    raw_sum_cpu = sum(
        raw[key]["cpu_p50_ms"] or 0.0 for key in ("raw_bm25", "raw_bm25_bigrams", "raw_faiss") if key in raw
    )
    search.update(raw)
    search["raw_sum_p50_ms"] = round(raw_sum, 3)
    search["overhead_ratio_p50"] = ratio(search["p50_ms"], raw_sum)
    search["overhead_ratio_cpu_p50"] = ratio(search["cpu_p50_ms"], raw_sum_cpu)
    search["questions"] = len(qs)

    answer, answers = measure_calls(lambda q: engine.answer(q), qs, repeats)
    answer["questions"] = len(qs)
    answer["abstained"] = sum(1 for a in answers if a is not None and a.abstained)
    answer["vs_search_p50"] = ratio(answer["p50_ms"], search["p50_ms"])
    answer["vs_raw_sum_p50"] = ratio(answer["p50_ms"], raw_sum)
    return {"search": search, "answer": answer}
