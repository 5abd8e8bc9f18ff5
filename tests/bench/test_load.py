"""The load generator counts errors and stops by itself (requests, duration or hard timeout)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.bench.load import ENDPOINTS, make_bodies, run_load

BODIES = [{"q": "補助率は？"}, {"q": "就職率の進捗率は？"}]


def test_counts_every_request_and_error(tiny_server: str) -> None:
    res = asyncio.run(run_load(f"{tiny_server}/flaky", BODIES, concurrency=4, requests=30))
    assert res.sent == 30
    assert res.ok + res.errors == 30
    assert res.errors == 10  # every third request fails
    assert res.error_kinds == {"http_500": 10}
    assert res.status_counts == {200: 20, 500: 10}
    assert res.stopped_by == "requests"
    d = res.to_dict()
    assert d["requests"] == 30 and d["errors"] == 10 and d["ok"] == 20
    assert d["n"] == 20  # latencies of successful requests only
    for key in ("p50_ms", "p95_ms", "p99_ms", "requests_per_s", "duration_s"):
        assert d[key] is not None and d[key] >= 0


@pytest.mark.parametrize("client", ["raw", "httpx"])
def test_each_worker_keeps_a_connection_of_its_own(tiny_server: str, client: str) -> None:
    """Like independent callers: as many keep-alive connections as workers (no shared pool to queue in)."""
    import httpx

    before = set(httpx.get(f"{tiny_server}/peers").json())
    asyncio.run(run_load(f"{tiny_server}/peer", BODIES, concurrency=4, requests=40, client=client))
    peers = {k: v for k, v in httpx.get(f"{tiny_server}/peers").json().items() if k not in before}
    assert len(peers) == 4 and sum(peers.values()) == 40
    assert all(n > 1 for n in peers.values())


def test_stops_after_duration(tiny_server: str) -> None:
    res = asyncio.run(run_load(f"{tiny_server}/ok", BODIES, concurrency=2, duration_s=0.3))
    assert res.stopped_by == "duration"
    assert res.sent > 0
    assert res.errors == 0 and res.ok == res.sent


@pytest.mark.parametrize("client", ["raw", "httpx"])
def test_hard_timeout_cancels_and_counts_in_flight(tiny_server: str, client: str) -> None:
    res = asyncio.run(
        run_load(
            f"{tiny_server}/slow",
            BODIES,
            concurrency=3,
            duration_s=60,
            hard_timeout_s=0.5,
            request_timeout_s=60,
            client=client,
        )
    )
    assert res.stopped_by == "hard_timeout"
    assert res.sent == 3  # one request in flight per worker, none finished
    assert res.ok == 0
    assert res.errors == 3
    assert res.error_kinds == {"cancelled_at_hard_timeout": 3}


@pytest.mark.parametrize("client", ["raw", "httpx"])
def test_transport_errors_are_counted(closed_port_url: str, client: str) -> None:
    res = asyncio.run(
        run_load(f"{closed_port_url}/ok", BODIES, concurrency=2, requests=6, request_timeout_s=5, client=client)
    )
    assert res.sent == 6 and res.errors == 6 and res.ok == 0
    assert sum(res.error_kinds.values()) == 6
    assert res.to_dict()["p50_ms"] is None


def test_the_run_must_be_bounded() -> None:
    with pytest.raises(ValueError):
        asyncio.run(run_load("http://127.0.0.1:9/x", BODIES))
    with pytest.raises(ValueError):
        asyncio.run(run_load("http://127.0.0.1:9/x", [], requests=1))
    with pytest.raises(ValueError):
        asyncio.run(run_load("http://127.0.0.1:9/x", BODIES, requests=1, client="curl"))


def test_make_bodies() -> None:
    assert make_bodies(["a"], "search") == [{"query": "a", "top_k": 5}]
    assert make_bodies(["a"], "answer") == [{"question": "a"}]
    assert make_bodies(["a"], field_name="q", extra={"x": 1}) == [{"q": "a", "x": 1}]
    assert set(ENDPOINTS) == {"search", "answer"}


def _run_cli(args: list[str]) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    # The timeout only guards the test run; the generator stops by itself well before it.
    return subprocess.run(
        [sys.executable, "-m", "assistant.bench.load", *args], capture_output=True, text=True, timeout=120, env=env
    )


def test_module_runs_as_a_separate_process(tiny_server: str, tmp_path: Path) -> None:
    queries = tmp_path / "q.json"
    queries.write_text(json.dumps(["補助率は？", "就職率は？"], ensure_ascii=False), encoding="utf-8")
    proc = _run_cli(
        [
            "--url",
            tiny_server,
            "--path",
            "/flaky",
            "--field",
            "q",
            "--queries",
            str(queries),
            "--requests",
            "9",
            "--concurrency",
            "3",
        ]
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["requests"] == 9 and out["errors"] == 3 and out["ok"] == 6
    assert out["concurrency"] == 3 and out["stopped_by"] == "requests"

    proc = _run_cli(
        [
            "--url",
            tiny_server,
            "--endpoint",
            "search",
            "--queries",
            str(queries),
            "--duration",
            "0.3",
            "--concurrency",
            "2",
            "--warmup",
            "2",
        ]
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["stopped_by"] == "duration" and out["errors"] == 0 and out["requests"] > 0
    assert out["warmup_requests"] == 2


def test_module_refuses_an_unbounded_run(tmp_path: Path) -> None:
    queries = tmp_path / "q.json"
    queries.write_text('["a"]', encoding="utf-8")
    proc = _run_cli(["--url", "http://127.0.0.1:9", "--endpoint", "search", "--queries", str(queries)])
    assert proc.returncode == 2
    assert "--requests or --duration" in proc.stderr


def test_http_run_reports_server_cpu_and_throughput(tiny_server: str, tmp_path: Path) -> None:
    from assistant.bench.http_run import http_run

    queries = tmp_path / "q.json"
    queries.write_text('["補助率は？"]', encoding="utf-8")
    res = http_run(
        tiny_server, "answer", 2, queries, duration_s=0.3, max_requests=50, warmup=2, server_pid=os.getpid(),
        db_pid=os.getpid(),  # any process: the database's CPU is read the same way
    )  # fmt: skip
    assert "failed" not in res, res
    for key in (
        "requests",
        "errors",
        "requests_per_s",
        "p50_ms",
        "p95_ms",
        "p99_ms",
        "server_cpu_ms_per_request",
        "db_cpu_ms_per_request",
        "client_cpu_s",
        "client_cpu_ms_per_request",
    ):
        assert key in res
    assert res["errors"] == 0 and res["concurrency"] == 2 and res["client"] == "raw"


def test_watched_cpu_covers_the_measured_run(tiny_server: str) -> None:
    res = asyncio.run(
        run_load(f"{tiny_server}/ok", BODIES, concurrency=2, requests=10, warmup=4, watch={"me": os.getpid()})
    )
    d = res.to_dict()
    assert set(d["watched_cpu_s"]) == {"me"} and d["watched_cpu_s"]["me"] >= 0
    assert "watched_cpu_s" not in asyncio.run(run_load(f"{tiny_server}/ok", BODIES, requests=2)).to_dict()


def test_http_run_keeps_the_warm_up_apart(tiny_server: str, tmp_path: Path) -> None:
    from assistant.bench.http_run import http_run

    queries = tmp_path / "q.json"
    queries.write_text('["補助率は？"]', encoding="utf-8")
    res = http_run(tiny_server, "search", 2, queries, duration_s=0.3, max_requests=20, warmup=6, server_pid=os.getpid())
    assert "failed" not in res, res
    assert res["server_cpu_ms_per_request"] is not None
    assert res["server_cpu_ms_per_request_with_warmup"] is not None
    assert res["server_cpu_s"] == pytest.approx(res["server_cpu_ms_per_request"] * res["requests"] / 1000, abs=0.01)
