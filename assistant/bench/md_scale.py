"""The report's resource sections in Markdown: server memory and the synthetic-corpus scale runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assistant.bench.md_cells import add_heading, add_skipped, cell, table_row


def memory_section(report: dict[str, Any], add: Callable[[str], None]) -> None:
    """The server's memory: peak and resident set, anonymous and file-backed pages."""
    mem = report.get("memory", {})
    add_heading(add, "Memory")
    if mem.get("rss_mb") is None:
        add(f"Server not measured ({mem.get('skipped', '')}).")
    else:
        add(
            table_row(
                [
                    "peak RSS (VmHWM)",
                    "RSS after start",
                    "RSS after load",
                    "of which anonymous",
                    "of which file-backed",
                    "PSS after load",
                    "threads",
                ]
            )
        )
        add(table_row(["---"] * 7))
        add(
            table_row(
                [f"{cell(mem.get(k))} MB" if mem.get(k) is not None else "–"
                 for k in ("rss_mb", "rss_after_start_mb", "vmrss_mb", "rss_anon_mb", "rss_file_mb", "pss_mb")]
                + [cell(mem.get("threads"), 0)]
            )
        )  # fmt: skip
        add("")
        add(
            "File-backed pages are mostly memory-mapped dictionaries (MeCab's unidic-lite, mapped once per tagger); "
            "RSS counts every mapping, PSS counts shared pages once."
        )
    workers = mem.get("workers") or []
    if workers:
        add("")
        add(f"Worker processes ({len(workers)}): {mem.get('workers_what')}.")
        add("")
        add(table_row(["worker", "RSS", "anonymous", "file-backed", "PSS"]))
        add(table_row(["---"] * 5))
        for i, w in enumerate(workers, start=1):
            add(table_row([i] + [f"{cell(w.get(k))} MB" if w.get(k) is not None else "–"
                                 for k in ("VmRSS", "RssAnon", "RssFile", "Pss")]))  # fmt: skip
    if mem.get("reference_rss_mb") is not None:
        add("")
        add(f"Reference server RSS: {cell(mem.get('reference_rss_mb'))} MB.")
    if mem.get("bench_process_peak_mb") is not None:
        add(f"Benchmark process peak RSS (engine + scale indexes) {cell(mem.get('bench_process_peak_mb'))} MB.")
    add("")


def scale_section(report: dict[str, Any], add: Callable[[str], None]) -> None:
    """Scale: build, size, latency and recall over the synthetic corpora; flat vs HNSW."""
    sc = report.get("scale", {})
    add_heading(add, "Scale (synthetic corpora)")
    if not add_skipped(add, sc):
        add(
            f"Synthetic chunks: {sc.get('synthetic')}. Embeddings: {sc.get('embedder')}. Relevance: {sc.get('relevance')}."
        )
        add("")
        add(
            table_row(
                [
                    "corpus",
                    "chunks",
                    "FAISS",
                    "BM25 build s",
                    "embed s",
                    "FAISS build s",
                    "build total s (CPU s)",
                    "size MB",
                    "warm-up s",
                    "search p50 ms",
                    "search p95 ms",
                    "search CPU p50 ms",
                    "recall@5",
                    "recall@5 originals only",
                ]
            )
        )
        add(table_row(["---"] * 14))
        for key in ["1x", *[f"{f}x" for f in sc.get("factors", [])]]:
            e = sc.get(key)
            if not e:
                continue
            bd = e.get("build", {})
            rec = e.get("recall", {})
            add(
                table_row(
                    [key, e.get("chunks"), e.get("faiss_type"), cell(bd.get("bm25_s"), 1), cell(bd.get("embed_s"), 1), cell(bd.get("faiss_s"), 1),
                     f"{cell(bd.get('total_s'), 1)} ({cell(bd.get('total_cpu_s'), 1)})" if bd else "–", cell(e.get("size_mb"), 1),
                     cell(e.get("warm_up_s"), 1), cell(e.get("search", {}).get("p50_ms"), 2), cell(e.get("search", {}).get("p95_ms"), 2),
                     cell(e.get("search", {}).get("cpu_p50_ms"), 2), cell(rec.get("recall@5"), 4), cell(rec.get("recall@5_originals"), 4)]
                )
            )  # fmt: skip
        add("")
        add(
            "The 1x row is the benchmark index itself (build figures above). Warm-up = `HybridRetriever.warm_up` (tokenising every chunk), which `Assistant.load` runs at start-up."
        )
        for key in [f"{f}x" for f in sc.get("factors", [])]:
            e = sc.get(key) or {}
            by = e.get("by_index") or {}
            if len(by) < 2:
                continue
            add("")
            add(f"### Flat vs HNSW at {key} ({e.get('chunks')} chunks)")
            add("")
            add(
                table_row(
                    [
                        "FAISS index",
                        "recall@5",
                        "recall@5 originals only",
                        "search p50 ms",
                        "search p95 ms",
                        "raw FAISS p50 ms",
                        "FAISS build s",
                    ]
                )
            )
            add(table_row(["---"] * 7))
            for kind, v in by.items():
                raw = v.get("raw_faiss") or (e.get("raw_faiss") if kind == e.get("faiss_type") else {}) or {}
                build_s = v.get("build_s", e.get("build", {}).get("faiss_s") if kind == e.get("faiss_type") else None)
                add(
                    table_row(
                        [kind, cell(v["recall"].get("recall@5"), 4), cell(v["recall"].get("recall@5_originals"), 4), cell(v["search"].get("p50_ms"), 2),
                         cell(v["search"].get("p95_ms"), 2), cell(raw.get("p50_ms"), 3), cell(build_s, 1)]
                    )
                )  # fmt: skip
            add("")
            hn = e.get("hnsw") or {}
            add(
                f"Recall delta (HNSW - flat): {cell(e.get('recall_delta_points'), 2)} points over {e.get('recall', {}).get('n')} dev questions with evidence; "
                f"HNSW M={hn.get('M')}, efConstruction={hn.get('efConstruction')}, efSearch={hn.get('efSearch')}; "
                f"share of the exact top-40 dense neighbours HNSW returns: {cell(e.get('ann_overlap@40'), 3)}."
            )
            sweep = e.get("hnsw_ef_sweep")
            if sweep:
                add("")
                add(table_row(["efSearch", *sweep.keys()]))
                add(table_row(["---"] * (len(sweep) + 1)))
                add(
                    table_row(["top-40 overlap with flat", *(cell(v.get("ann_overlap@40"), 3) for v in sweep.values())])
                )
                add(table_row(["raw FAISS p50 ms", *(cell(v.get("raw_faiss"), 3) for v in sweep.values())]))
    add("")
