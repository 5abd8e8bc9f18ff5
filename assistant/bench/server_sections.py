"""The sections measured against a real ``assistant serve`` process: cold start, HTTP load and memory."""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from assistant.bench.http_run import CLIENT_WHAT, http_run
from assistant.bench.machine import load_avg
from assistant.bench.options import ENDPOINTS, BenchOptions
from assistant.bench.reference import WHAT, BaselineProcess, ratios


def _http_rows(opts: BenchOptions, server, reference: BaselineProcess | None, queries_file: Path, log) -> dict:
    """Every endpoint x concurrency row against our server, each followed by the same row against
    the reference (so both see the same machine load), and our figures as ratios to it."""
    workers = opts.workers or "one per core (default)"
    http: dict[str, Any] = {
        "server": f"assistant serve (workers: {workers}; uvicorn, default log level, query log on, rate limit off)"
        + (f", server code from {opts.server_src}" if opts.server_src else ""),
        "client": f"python -m assistant.bench.load --client {opts.client} ({CLIENT_WHAT[opts.client]}, a keep-alive "
        "connection per worker) in its own process, same machine",
        "client_name": opts.client,
        "duration_s": opts.http_duration_s,
    }
    ref: dict[str, Any] = {"what": WHAT}
    targets = [("ours", server, http)] + ([("reference", reference, ref)] if reference is not None else [])
    for endpoint in ENDPOINTS:
        for c in opts.concurrency:
            for name, srv, out in targets:
                log(f"HTTP {endpoint} concurrency {c} for {opts.http_duration_s} s ({name})")
                res = http_run(
                    srv.base_url, endpoint, c, queries_file,
                    duration_s=opts.http_duration_s or 2.0, max_requests=opts.http_max_requests or 2000,
                    warmup=max(2, min(c, 8)), server_pid=srv.pid, client=opts.client,
                )  # fmt: skip
                out.setdefault(endpoint, {})[f"c{c}"] = res
                log(f"  {res.get('requests_per_s')} req/s, p50 {res.get('p50_ms')} ms, errors {res.get('errors')}")
    if reference is not None:
        http["reference"] = ref
        http["ratios"] = ratios(http, ref)
    return http


def server_sections(
    opts: BenchOptions, report: dict, work: Path, index_dir: Path, queries_file: Path, loads: dict, log
) -> None:
    from assistant.backends.local.published import current_build
    from assistant.bench.server import ServerProcess

    runs: list[dict[str, Any]] = []
    server = None
    reference: BaselineProcess | None = None
    n_runs = opts.cold_start_runs if "cold_start" not in opts.skip else 1
    loads["before_cold_start"] = load_avg()
    try:
        for i in range(n_runs or 1):
            if server is not None:
                server.stop()
            server = ServerProcess(
                index_dir, work / f"query_log_{i}.sqlite3", work / f"server_{i}.log",
                serve_args=["--workers", str(opts.workers)] if opts.workers else None,
                env_extra={"PYTHONPATH": str(opts.server_src)} if opts.server_src else None,
            )  # fmt: skip
            log(f"server cold start {i + 1}/{n_runs}")
            s = server.start()
            runs.append(
                {
                    "s": round(s, 3),
                    "first_answer_ms": server.first_answer_ms,
                    "rss_after_start_mb": server.memory().get("VmRSS"),
                }
            )
        assert server is not None
        if "cold_start" not in opts.skip:
            secs = [r["s"] for r in runs]
            report["cold_start"] = {
                "s": round(statistics.median(secs), 3),
                "min_s": min(secs),
                "max_s": max(secs),
                "runs": runs,
                "what": "Popen(`assistant serve` on a free loopback port, prebuilt index) -> first 200 on POST "
                "/v1/answer, polled every 50 ms; OS page cache warm",
            }
        start_mem = server.memory()
        if "http" not in opts.skip:
            loads["before_http"] = load_avg()
            if "reference" not in opts.skip:
                log("starting the reference server (FastAPI + bm25s over the same chunks)")
                reference = BaselineProcess(current_build(index_dir) / "chunks.jsonl", work / "reference.log").start()
            report["http"] = _http_rows(opts, server, reference, queries_file, log)
        mem = server.memory()
        report["memory"] = {
            "rss_mb": mem.get("VmHWM"),
            "vmrss_mb": mem.get("VmRSS"),
            "rss_after_start_mb": start_mem.get("VmRSS"),
            "rss_anon_mb": mem.get("RssAnon"),
            "rss_file_mb": mem.get("RssFile"),
            "pss_mb": mem.get("Pss"),
            "threads": mem.get("Threads"),
            "what": "server process VmHWM (peak resident set) from /proc/<pid>/status after the HTTP load",
            "workers": server.worker_memory(),
            "workers_what": "each uvicorn worker process after the HTTP load (VmRSS, RssAnon, RssFile, Pss): "
            "the index files are memory-mapped, so their pages count in each worker's RssFile but once in Pss",
        }
        if reference is not None:
            report["memory"]["reference_rss_mb"] = reference.memory().get("VmRSS")
    finally:
        if reference is not None:
            reference.stop()
        if server is not None:
            code = server.stop()
            if code not in (0, -15, None):
                log(f"server exited with {code}: {server.log_tail(500)}")
