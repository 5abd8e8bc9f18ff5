"""The sections measured against a real ``assistant serve`` process: cold start, HTTP load and memory."""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from assistant.bench.http_run import http_run
from assistant.bench.machine import load_avg
from assistant.bench.options import ENDPOINTS, BenchOptions


def server_sections(
    opts: BenchOptions, report: dict, work: Path, index_dir: Path, queries_file: Path, loads: dict, log
) -> None:
    from assistant.bench.server import ServerProcess

    runs: list[dict[str, Any]] = []
    server = None
    n_runs = opts.cold_start_runs if "cold_start" not in opts.skip else 1
    loads["before_cold_start"] = load_avg()
    try:
        for i in range(n_runs or 1):
            if server is not None:
                server.stop()
            server = ServerProcess(index_dir, work / f"query_log_{i}.sqlite3", work / f"server_{i}.log")
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
            http: dict[str, Any] = {
                "server": "assistant serve (1 worker, uvicorn, default log level, query log on, rate limit off)",
                "client": "python -m assistant.bench.load (asyncio + httpx) in its own process, same machine",
                "duration_s": opts.http_duration_s,
            }
            for endpoint in ENDPOINTS:
                http[endpoint] = {}
                for c in opts.concurrency:
                    log(f"HTTP {endpoint} concurrency {c} for {opts.http_duration_s} s")
                    res = http_run(
                        server.base_url, endpoint, c, queries_file,
                        duration_s=opts.http_duration_s or 2.0, max_requests=opts.http_max_requests or 2000,
                        warmup=max(2, min(c, 8)), server_pid=server.pid,
                    )  # fmt: skip
                    http[endpoint][f"c{c}"] = res
                    log(f"  {res.get('requests_per_s')} req/s, p50 {res.get('p50_ms')} ms, errors {res.get('errors')}")
            report["http"] = http
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
        }
    finally:
        if server is not None:
            code = server.stop()
            if code not in (0, -15, None):
                log(f"server exited with {code}: {server.log_tail(500)}")
