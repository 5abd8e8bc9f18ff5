"""The report's latency sections in Markdown: in-process calls and HTTP on loopback."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assistant.bench.md_cells import add_heading, add_skipped, cell, latency_row, table_row


def inprocess_section(report: dict[str, Any], add: Callable[[str], None]) -> None:
    """In-process latency: engine calls next to the raw BM25 and FAISS calls."""
    s, a = report.get("search", {}), report.get("answer", {})
    add_heading(add, "In-process latency (ms)")
    if not add_skipped(add, s):
        add(
            f"{s.get('questions')} dev questions x {s.get('repeats')} passes, one thread; wall clock and process CPU time."
        )
        add("")
        add(table_row(["call", "p50", "p95", "p99", "CPU p50", "CPU p95", "n"]))
        add(table_row(["---"] * 7))
        add(latency_row("engine.answer", a))
        if a.get("first_pass"):
            add(latency_row("engine.answer, first pass only", a["first_pass"]))
        if isinstance(report.get("follow_up"), dict) and "p50_ms" in report["follow_up"]:
            add(latency_row("engine.answer, follow-up turns (with history)", report["follow_up"]))
        add(latency_row("engine.search (hybrid)", s))
        if s.get("first_pass"):
            add(latency_row("engine.search, first pass only", s["first_pass"]))
        add(latency_row("bm25.scores (tokenise + 2 fields)", s.get("bm25_scores")))
        add(latency_row("raw BM25 words get_scores", s.get("raw_bm25"), 3))
        add(latency_row("raw BM25 bigrams get_scores", s.get("raw_bm25_bigrams"), 3))
        add(latency_row("dense.embed (query)", s.get("embed_query"), 3))
        rf = s.get("raw_faiss") or {}
        add(latency_row(f"raw FAISS search ({rf.get('index_type')}, k={rf.get('k')})", rf, 3))
        add("")
        add(
            f"Pipeline overhead: engine.search p50 is {cell(s.get('overhead_ratio_p50'), 1)}x the raw BM25 + FAISS calls "
            f"({cell(s.get('raw_sum_p50_ms'), 3)} ms; CPU ratio {cell(s.get('overhead_ratio_cpu_p50'), 1)}x); engine.answer p50 is "
            f"{cell(a.get('vs_search_p50'), 1)}x engine.search. Answers abstained: {a.get('abstained')} of {a.get('questions')}; errors: "
            f"search {s.get('errors')}, answer {a.get('errors')}."
        )
    add("")


def http_section(report: dict[str, Any], add: Callable[[str], None]) -> None:
    """HTTP on loopback: throughput, latency and server CPU per endpoint and concurrency."""
    h = report.get("http", {})
    add_heading(add, "HTTP on loopback")
    if not add_skipped(add, h):
        add(
            f"Server: {h.get('server')}. Client: {h.get('client')}; {h.get('duration_s')} s per row (after a few uncounted warm-up requests)."
        )
        add("")
        add(
            table_row(
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
                    "client CPU ms/req",
                    "CPU s per worker",
                ]
            )
        )
        add(table_row(["---"] * 12))
        for ep in ("search", "answer"):
            for key, r in (h.get(ep) or {}).items():
                if r.get("failed"):
                    add(
                        table_row(
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
                                "–",
                                "–",
                            ]
                        )
                    )
                    continue
                add(
                    table_row(
                        [f"/v1/{ep}", r.get("concurrency"), r.get("requests"), r.get("errors"), cell(r.get("requests_per_s"), 1), cell(r.get("p50_ms"), 1),
                         cell(r.get("p95_ms"), 1), cell(r.get("p99_ms"), 1), cell(r.get("server_cpu_ms_per_request"), 2), cell(r.get("cpu_bound_requests_per_s"), 0),
                         cell(r.get("client_cpu_ms_per_request"), 2), _per_worker(r.get("worker_cpu_s"))]
                    )
                )  # fmt: skip
        add("")
        add(
            "CPU-bound req/s = 1000 / server CPU ms per request (all worker processes): the ceiling if the server had a "
            "core to itself. Client CPU ms/req: the load generator's own CPU per measured request, on the same cores. "
            "CPU s per worker: each worker process's CPU over the measured run (uneven when connections land on one)."
        )
        add("")
        reference_table(h, add)
    add("")


def _per_worker(seconds: list[float | None] | None) -> str:
    return " / ".join(cell(s, 1) for s in seconds) if seconds else "–"


def reference_table(h: dict[str, Any], add: Callable[[str], None]) -> None:
    """The reference server's rows, measured right after ours, and our figures as ratios to them."""
    ref, ratios = h.get("reference"), h.get("ratios") or {}
    if not ref:
        return
    add(f"Reference: {ref.get('what')}. Each of its rows ran right after ours at the same endpoint and concurrency.")
    add("")
    add(table_row(["endpoint", "concurrency", "reference req/s", "reference p50 ms", "reference p95 ms", "errors",
                   "ours / reference req/s", "p50 ratio", "p95 ratio"]))  # fmt: skip
    add(table_row(["---"] * 9))
    for ep in ("search", "answer"):
        for key, r in (ref.get(ep) or {}).items():
            q = (ratios.get(ep) or {}).get(key) or {}
            add(table_row([f"/v1/{ep}", key[1:], cell(r.get("requests_per_s"), 1), cell(r.get("p50_ms"), 1),
                           cell(r.get("p95_ms"), 1), r.get("errors"), cell(q.get("throughput"), 2),
                           cell(q.get("p50"), 2), cell(q.get("p95"), 2)]))  # fmt: skip
    add("")
    add("A throughput ratio above 1 (latency ratios below 1) means ours is faster than the reference.")
