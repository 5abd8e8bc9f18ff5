"""Targets (met / missed) and the Markdown rendering of a benchmark report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def _get(report: dict[str, Any], *path: str) -> Any:
    cur: Any = report
    for key in path:
        if not isinstance(cur, dict) or key not in cur:
            return None
        cur = cur[key]
    return cur


@dataclass(frozen=True)
class Target:
    id: str
    what: str
    goal: str
    check: Callable[[dict[str, Any]], tuple[Any, bool | None, str]]  # (value, met, note)


def _le(value: float | None, limit: float) -> bool | None:
    return None if value is None else value <= limit


def _answer_p50(r):
    v = _get(r, "answer", "p50_ms")
    return v, _le(v, 20), ""


def _answer_p95(r):
    v = _get(r, "answer", "p95_ms")
    return v, _le(v, 60), ""


def _search_rps(r):
    res = _get(r, "http", "search", "c8") or {}
    rps, errors = res.get("requests_per_s"), res.get("errors")
    if rps is None:
        return None, None, res.get("failed", "")
    met = rps >= 150 and errors == 0
    return f"{rps} req/s, {errors} errors", met, ""


def _cold(r):
    v = _get(r, "cold_start", "s")
    return v, _le(v, 5), "median of the runs"


def _rss(r):
    v = _get(r, "memory", "rss_mb")
    return v, _le(v, 800), ""


def _scale_p95(r):
    v = _get(r, "scale", "100x", "search", "p95_ms")
    if v is None:
        return None, None, "100x not run" + (" (--quick)" if _get(r, "meta", "quick") else "")
    return (
        v,
        _le(v, 100),
        f"hybrid search over {_get(r, 'scale', '100x', 'chunks')} chunks, {_get(r, 'scale', '100x', 'faiss_type')}",
    )


def _scale_recall(r):
    by = _get(r, "scale", "100x", "by_index")
    if not by:
        return None, None, "100x not run" + (" (--quick)" if _get(r, "meta", "quick") else "")
    kind = _get(r, "scale", "100x", "faiss_type")
    flat = _get(by, "IndexFlatIP", "recall", "recall@5")
    ann = _get(by, kind, "recall", "recall@5")
    if kind == "IndexFlatIP":
        return f"{flat} (flat chosen: no switch)", True, ""
    if flat is None or ann is None:
        return None, None, ""
    delta = round((ann - flat) * 100, 2)
    note = ""
    flat_o = _get(by, "IndexFlatIP", "recall", "recall@5_originals")
    ann_o = _get(by, kind, "recall", "recall@5_originals")
    if flat_o is not None and ann_o is not None:
        note = f"originals only: {ann_o:.4f} vs {flat_o:.4f} ({(ann_o - flat_o) * 100:+.2f} points)"
    return f"{ann:.4f} vs flat {flat:.4f} ({delta:+.2f} points)", delta >= -1.0, note


TARGETS = (
    Target("answer_p50", "in-process engine.answer p50", "<= 20 ms", _answer_p50),
    Target("answer_p95", "in-process engine.answer p95", "<= 60 ms", _answer_p95),
    Target("http_search_c8", "/v1/search throughput at concurrency 8", ">= 150 req/s, no errors", _search_rps),
    Target("cold_start", "API cold start (prebuilt index) to first answer", "<= 5 s", _cold),
    Target("server_rss", "server peak RSS (VmHWM)", "<= 800 MB", _rss),
    Target("scale_100x_p95", "search p95 at 100x the corpus", "<= 100 ms", _scale_p95),
    Target("scale_100x_recall", "recall@5 (dev sets) at 100x, HNSW vs flat", "within 1 point of flat", _scale_recall),
)


def evaluate_targets(report: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for t in TARGETS:
        try:
            value, met, note = t.check(report)
        except Exception as exc:  # noqa: BLE001 - a malformed section must not lose the report
            value, met, note = None, None, f"could not evaluate: {exc}"
        out.append({"id": t.id, "what": t.what, "target": t.goal, "value": value, "met": met, "note": note})
    return out


# -- Markdown --------------------------------------------------------------------------------------
def _f(x: Any, nd: int = 1) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:.{nd}f}"
    return str(x)


def _met(m: bool | None) -> str:
    return {True: "met", False: "**missed**", None: "not measured"}[m]


def _row(cells: list[Any]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _lat_row(name: str, s: dict[str, Any] | None, nd: int = 2) -> str:
    s = s or {}
    return _row(
        [
            name,
            _f(s.get("p50_ms"), nd),
            _f(s.get("p95_ms"), nd),
            _f(s.get("p99_ms"), nd),
            _f(s.get("cpu_p50_ms"), nd),
            _f(s.get("cpu_p95_ms"), nd),
            s.get("n", "–"),
        ]
    )


def markdown(report: dict[str, Any]) -> str:
    meta = report.get("meta", {})
    mach = report.get("machine", {})
    lines: list[str] = []
    add = lines.append
    add("# Benchmarks")
    add("")
    add(f"Command: `{meta.get('command') or 'assistant bench'}`" + (" (quick)" if meta.get("quick") else ""))
    add("")
    add(
        f"Run {meta.get('started_at')} in {meta.get('elapsed_s')} s on {mach.get('cpu')} "
        f"({mach.get('cpus_usable')} usable CPUs of {mach.get('cpu_count')}, {_f(mach.get('mem_total_mb'), 0)} MB RAM), "
        f"Python {mach.get('python')}; questions: {meta.get('questions')} from {', '.join(meta.get('question_sets', []))}."
    )
    la = mach.get("load_avg", {})
    add("")
    add("Load average (1, 5, 15 min) during the run: " + "; ".join(f"{k} {v}" for k, v in la.items() if v) + ".")
    if mach.get("note"):
        add(f"Note: {mach['note']}.")
    add("")

    add("## Targets")
    add("")
    add(_row(["target", "goal", "measured", "status", "note"]))
    add(_row(["---"] * 5))
    for t in report.get("targets", []):
        add(_row([t["what"], t["target"], _f(t["value"], 2), _met(t["met"]), t.get("note") or ""]))
    add("")

    b = report.get("build", {})
    add("## Index build")
    add("")
    if b.get("skipped") and b.get("build_s") is None:
        add(f"Skipped: {b['skipped']}.")
    else:
        if b.get("skipped"):
            add(f"Not a cold build in this run ({b['skipped']}); {b.get('what')}.")
        else:
            add(f"Cold build: {b.get('what')}.")
        add("")
        t = b.get("timings_s", {})
        add(
            _row(
                [
                    "chunks",
                    "documents",
                    "chunk s",
                    "records s",
                    "BM25 s",
                    "model adaptation s",
                    "embed + FAISS s",
                    "build total s",
                    "process wall s",
                    "size on disk",
                ]
            )
        )
        add(_row(["---"] * 10))
        add(
            _row(
                [b.get("chunks"), b.get("documents"), _f(t.get("chunk_s"), 2), _f(t.get("records_s"), 2), _f(t.get("bm25_s"), 2), _f(t.get("model_s"), 2),
                 _f(t.get("embed_s"), 2), _f(t.get("total_s"), 2), _f(b.get("process_wall_s"), 2), f"{_f(b.get('size_mb'), 2)} MB"]
            )
        )  # fmt: skip
    add("")

    cs = report.get("cold_start", {})
    add("## API cold start")
    add("")
    if "skipped" in cs:
        add(f"Skipped: {cs['skipped']}.")
    else:
        add(f"{cs.get('what')}.")
        add("")
        add(_row(["median s", "min s", "max s", "runs", "first answer ms", "engine load in-process s"]))
        add(_row(["---"] * 6))
        add(
            _row(
                [_f(cs.get("s"), 2), _f(cs.get("min_s"), 2), _f(cs.get("max_s"), 2), ", ".join(_f(r["s"], 2) for r in cs.get("runs", [])),
                 ", ".join(_f(r.get("first_answer_ms"), 0) for r in cs.get("runs", [])), _f(cs.get("engine_load_in_process_s"), 2)]
            )
        )  # fmt: skip
    add("")

    s, a = report.get("search", {}), report.get("answer", {})
    add("## In-process latency (ms)")
    add("")
    if "skipped" in s:
        add(f"Skipped: {s['skipped']}.")
    else:
        add(
            f"{s.get('questions')} dev questions x {s.get('repeats')} passes, one thread; wall clock and process CPU time."
        )
        add("")
        add(_row(["call", "p50", "p95", "p99", "CPU p50", "CPU p95", "n"]))
        add(_row(["---"] * 7))
        add(_lat_row("engine.answer", a))
        if a.get("first_pass"):
            add(_lat_row("engine.answer, first pass only", a["first_pass"]))
        add(_lat_row("engine.search (hybrid)", s))
        if s.get("first_pass"):
            add(_lat_row("engine.search, first pass only", s["first_pass"]))
        add(_lat_row("bm25.scores (tokenise + 2 fields)", s.get("bm25_scores")))
        add(_lat_row("raw BM25 words get_scores", s.get("raw_bm25"), 3))
        add(_lat_row("raw BM25 bigrams get_scores", s.get("raw_bm25_bigrams"), 3))
        add(_lat_row("dense.embed (query)", s.get("embed_query"), 3))
        rf = s.get("raw_faiss") or {}
        add(_lat_row(f"raw FAISS search ({rf.get('index_type')}, k={rf.get('k')})", rf, 3))
        add("")
        add(
            f"Pipeline overhead: engine.search p50 is {_f(s.get('overhead_ratio_p50'), 1)}x the raw BM25 + FAISS calls "
            f"({_f(s.get('raw_sum_p50_ms'), 3)} ms; CPU ratio {_f(s.get('overhead_ratio_cpu_p50'), 1)}x); engine.answer p50 is "
            f"{_f(a.get('vs_search_p50'), 1)}x engine.search. Answers abstained: {a.get('abstained')} of {a.get('questions')}; errors: "
            f"search {s.get('errors')}, answer {a.get('errors')}."
        )
    add("")

    h = report.get("http", {})
    add("## HTTP on loopback")
    add("")
    if "skipped" in h:
        add(f"Skipped: {h['skipped']}.")
    else:
        add(
            f"Server: {h.get('server')}. Client: {h.get('client')}; {h.get('duration_s')} s per row (after a few uncounted warm-up requests)."
        )
        add("")
        add(
            _row(
                [
                    "endpoint",
                    "concurrency",
                    "requests",
                    "errors",
                    "req/s",
                    "p50 ms",
                    "p95 ms",
                    "p99 ms",
                    "server CPU ms/req",
                    "CPU-bound req/s",
                ]
            )
        )
        add(_row(["---"] * 10))
        for ep in ("search", "answer"):
            for key, r in (h.get(ep) or {}).items():
                if r.get("failed"):
                    add(
                        _row(
                            [
                                f"/v1/{ep}",
                                key[1:],
                                "–",
                                "failed",
                                "–",
                                "–",
                                "–",
                                "–",
                                "–",
                                r["failed"][:80].replace("|", "/"),
                            ]
                        )
                    )
                    continue
                add(
                    _row(
                        [f"/v1/{ep}", r.get("concurrency"), r.get("requests"), r.get("errors"), _f(r.get("requests_per_s"), 1), _f(r.get("p50_ms"), 1),
                         _f(r.get("p95_ms"), 1), _f(r.get("p99_ms"), 1), _f(r.get("server_cpu_ms_per_request"), 2), _f(r.get("cpu_bound_requests_per_s"), 0)]
                    )
                )  # fmt: skip
        add("")
        add(
            "CPU-bound req/s = 1000 / server CPU ms per request: the single-worker ceiling if the server had a core to itself."
        )
    add("")

    mem = report.get("memory", {})
    add("## Memory")
    add("")
    if mem.get("rss_mb") is None:
        add(f"Server not measured ({mem.get('skipped', '')}).")
    else:
        add(
            _row(
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
        add(_row(["---"] * 7))
        add(
            _row(
                [f"{_f(mem.get(k))} MB" if mem.get(k) is not None else "–"
                 for k in ("rss_mb", "rss_after_start_mb", "vmrss_mb", "rss_anon_mb", "rss_file_mb", "pss_mb")]
                + [_f(mem.get("threads"), 0)]
            )
        )  # fmt: skip
        add("")
        add(
            "File-backed pages are mostly memory-mapped dictionaries (MeCab's unidic-lite, mapped once per tagger); "
            "RSS counts every mapping, PSS counts shared pages once."
        )
    if mem.get("bench_process_peak_mb") is not None:
        add(f"Benchmark process peak RSS (engine + scale indexes) {_f(mem.get('bench_process_peak_mb'))} MB.")
    add("")

    sc = report.get("scale", {})
    add("## Scale (synthetic corpora)")
    add("")
    if "skipped" in sc:
        add(f"Skipped: {sc['skipped']}.")
    else:
        add(
            f"Synthetic chunks: {sc.get('synthetic')}. Embeddings: {sc.get('embedder')}. Relevance: {sc.get('relevance')}."
        )
        add("")
        add(
            _row(
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
        add(_row(["---"] * 14))
        for key in ["1x", *[f"{f}x" for f in sc.get("factors", [])]]:
            e = sc.get(key)
            if not e:
                continue
            bd = e.get("build", {})
            rec = e.get("recall", {})
            add(
                _row(
                    [key, e.get("chunks"), e.get("faiss_type"), _f(bd.get("bm25_s"), 1), _f(bd.get("embed_s"), 1), _f(bd.get("faiss_s"), 1),
                     f"{_f(bd.get('total_s'), 1)} ({_f(bd.get('total_cpu_s'), 1)})" if bd else "–", _f(e.get("size_mb"), 1),
                     _f(e.get("warm_up_s"), 1), _f(e.get("search", {}).get("p50_ms"), 2), _f(e.get("search", {}).get("p95_ms"), 2),
                     _f(e.get("search", {}).get("cpu_p50_ms"), 2), _f(rec.get("recall@5"), 4), _f(rec.get("recall@5_originals"), 4)]
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
                _row(
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
            add(_row(["---"] * 7))
            for kind, v in by.items():
                raw = v.get("raw_faiss") or (e.get("raw_faiss") if kind == e.get("faiss_type") else {}) or {}
                build_s = v.get("build_s", e.get("build", {}).get("faiss_s") if kind == e.get("faiss_type") else None)
                add(
                    _row(
                        [kind, _f(v["recall"].get("recall@5"), 4), _f(v["recall"].get("recall@5_originals"), 4), _f(v["search"].get("p50_ms"), 2),
                         _f(v["search"].get("p95_ms"), 2), _f(raw.get("p50_ms"), 3), _f(build_s, 1)]
                    )
                )  # fmt: skip
            add("")
            hn = e.get("hnsw") or {}
            add(
                f"Recall delta (HNSW - flat): {_f(e.get('recall_delta_points'), 2)} points over {e.get('recall', {}).get('n')} dev questions with evidence; "
                f"HNSW M={hn.get('M')}, efConstruction={hn.get('efConstruction')}, efSearch={hn.get('efSearch')}; "
                f"share of the exact top-40 dense neighbours HNSW returns: {_f(e.get('ann_overlap@40'), 3)}."
            )
            sweep = e.get("hnsw_ef_sweep")
            if sweep:
                add("")
                add(_row(["efSearch", *sweep.keys()]))
                add(_row(["---"] * (len(sweep) + 1)))
                add(_row(["top-40 overlap with flat", *(_f(v.get("ann_overlap@40"), 3) for v in sweep.values())]))
                add(_row(["raw FAISS p50 ms", *(_f(v.get("raw_faiss"), 3) for v in sweep.values())]))
    add("")
    if meta.get("notes"):
        add("## Notes")
        add("")
        lines.extend(f"* {n}" for n in meta["notes"])
        add("")
    return "\n".join(lines)


def write_markdown(report: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown(report), encoding="utf-8")


def write_json(report: dict[str, Any], path: Path) -> None:
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")


def terminal(report: dict[str, Any]) -> str:
    """A short summary: the targets."""
    out = ["targets:"]
    for t in report.get("targets", []):
        out.append(f"  {_met(t['met']).strip('*'):13} {t['what']}: {_f(t['value'], 2)} (goal {t['target']})")
    return "\n".join(out)
