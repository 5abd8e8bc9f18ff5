"""A bounded, self-stopping HTTP load generator (asyncio), meant to run in its own process.

``concurrency`` workers, each with a keep-alive connection of its own (like as many independent
callers), post JSON bodies in a loop until
``requests`` have been sent or ``duration_s`` has passed, whichever comes first; the whole run is
cancelled after ``hard_timeout_s`` no matter what (requests then in flight count as errors).
Every non-2xx response and every transport failure is an error, counted by kind.

Two clients: ``raw`` (default; `assistant.bench.rawhttp`: prebuilt request bytes on an asyncio
Protocol: 0.12-0.35 ms of CPU per request here, httpx 1.1-1.9 ms) and ``httpx`` (an ``httpx.AsyncClient`` per
worker, the bench's client before). The run reports the generator's own CPU time per measured
request (``client_cpu_ms_per_request``), because it shares the machine with the server.

Run it beside (never inside) the server::

    python -m assistant.bench.load --url http://127.0.0.1:8000 --endpoint search \
        --queries questions.json --concurrency 8 --duration 10 --requests 5000 [--client httpx]

It prints one JSON object (see `LoadResult.to_dict`) on stdout and exits 0, or 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.bench.stats import summarize_ms

#: endpoint name -> (path, JSON field holding the text, fixed extra fields)
ENDPOINTS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "search": ("/v1/search", "query", {"top_k": 5}),
    "answer": ("/v1/answer", "question", {}),
}


CLIENTS = ("raw", "httpx")

#: sends request number i on one worker's connection; returns (HTTP status, response body bytes)
Sender = Callable[[int], Awaitable[tuple[int, int]]]


@dataclass
class LoadResult:
    """What a load run measured (latencies of successful requests only)."""

    url: str
    concurrency: int
    client: str = "raw"
    sent: int = 0
    ok: int = 0
    errors: int = 0
    error_kinds: Counter = field(default_factory=Counter)
    status_counts: Counter = field(default_factory=Counter)
    latencies_ms: list[float] = field(default_factory=list)
    response_bytes: int = 0
    duration_s: float = 0.0
    cpu_s: float = 0.0  # this process's CPU time over the measured run (warm-up excluded)
    stopped_by: str = ""  # "requests", "duration" or "hard_timeout"
    warmup: int = 0
    watched_cpu_s: dict[str, float] = field(default_factory=dict)  # watched process trees, measured run only

    def to_dict(self) -> dict[str, Any]:
        d = self.duration_s or float("nan")
        return {
            "url": self.url,
            "concurrency": self.concurrency,
            "client": self.client,
            "requests": self.sent,
            "ok": self.ok,
            "errors": self.errors,
            "error_kinds": dict(self.error_kinds),
            "status_counts": {str(k): v for k, v in sorted(self.status_counts.items())},
            "response_bytes": self.response_bytes,
            "duration_s": round(self.duration_s, 3),
            "requests_per_s": round(self.ok / d, 2) if self.duration_s > 0 else None,
            "client_cpu_ms_per_request": round(self.cpu_s * 1000 / self.sent, 3) if self.sent else None,
            "stopped_by": self.stopped_by,
            "warmup_requests": self.warmup,
            **({"watched_cpu_s": self.watched_cpu_s} if self.watched_cpu_s else {}),
            **summarize_ms(self.latencies_ms),
        }


async def _raw_senders(
    stack: contextlib.AsyncExitStack, url: str, bodies: list[dict[str, Any]], n: int, timeout_s: float, headers
) -> list[Sender]:
    from assistant.bench.rawhttp import RawConnection, build_post, split_url

    host, port, path = split_url(url)
    requests = [build_post(host, port, path, b, headers) for b in bodies]  # built once, sent many times
    senders: list[Sender] = []
    for _ in range(n):
        conn = RawConnection(host, port, timeout_s)
        stack.callback(conn.close)

        async def send(i: int, conn: RawConnection = conn) -> tuple[int, int]:
            status, body = await conn.request(requests[i % len(requests)])
            return status, len(body)

        senders.append(send)
    return senders


async def _httpx_senders(
    stack: contextlib.AsyncExitStack, url: str, bodies: list[dict[str, Any]], n: int, timeout_s: float, headers
) -> list[Sender]:
    import httpx

    # One client per worker, not one shared pool: httpcore's pool scans every connection and queued
    # request on each event, so at concurrency 32 the client spent 2-4.6 ms of CPU per request (on the
    # cores the server needs) and requests waited in its queue: p95 was 3x the mean for any server.
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    timeout = httpx.Timeout(timeout_s)
    senders: list[Sender] = []
    for _ in range(n):
        client = await stack.enter_async_context(httpx.AsyncClient(limits=limits, timeout=timeout, headers=headers))

        async def send(i: int, client: httpx.AsyncClient = client) -> tuple[int, int]:
            resp = await client.post(url, json=bodies[i % len(bodies)])
            return resp.status_code, len(resp.content)

        senders.append(send)
    return senders


async def run_load(
    url: str,
    bodies: list[dict[str, Any]],
    *,
    concurrency: int = 1,
    requests: int | None = None,
    duration_s: float | None = None,
    hard_timeout_s: float = 60.0,
    request_timeout_s: float = 30.0,
    warmup: int = 0,
    headers: dict[str, str] | None = None,
    client: str = "raw",
    watch: dict[str, int] | None = None,
) -> LoadResult:
    """Post ``bodies`` (cycled) to ``url`` from ``concurrency`` workers; see the module docstring.

    At least one of ``requests`` and ``duration_s`` must bound the run. ``watch`` names processes
    (name -> pid; each with its direct children) whose CPU time over the measured run, warm-up
    excluded, is reported as ``watched_cpu_s``.
    """
    if not bodies:
        raise ValueError("no request bodies")
    if concurrency < 1:
        raise ValueError("concurrency must be >= 1")
    if requests is None and duration_s is None:
        raise ValueError("give requests or duration_s (or both) to bound the run")
    if client not in CLIENTS:
        raise ValueError(f"client must be one of {CLIENTS}")
    result = LoadResult(url=url, concurrency=concurrency, client=client, warmup=warmup)
    make = _raw_senders if client == "raw" else _httpx_senders
    async with contextlib.AsyncExitStack() as stack:
        senders = await make(stack, url, bodies, concurrency, request_timeout_s, headers)
        # Warm-up requests (connections, lazy loads on the server) are not counted.
        for i in range(warmup):
            with contextlib.suppress(Exception):  # warm-up failures show up in the measured run
                await asyncio.wait_for(senders[i % concurrency](i), hard_timeout_s)

        next_i = 0
        watched0 = _tree_cpu(watch)
        cpu0 = time.process_time()
        start = time.perf_counter()
        deadline = start + duration_s if duration_s is not None else None
        stop_reason: list[str] = []

        def take() -> int | None:
            nonlocal next_i
            if requests is not None and next_i >= requests:
                stop_reason.append("requests")
                return None
            if deadline is not None and time.perf_counter() >= deadline:
                stop_reason.append("duration")
                return None
            i = next_i
            next_i += 1
            return i

        async def worker(send: Sender) -> None:
            while (i := take()) is not None:
                result.sent += 1
                t0 = time.perf_counter()
                try:
                    status, size = await send(i)
                except asyncio.CancelledError:
                    result.errors += 1
                    result.error_kinds["cancelled_at_hard_timeout"] += 1
                    raise
                except Exception as exc:  # noqa: BLE001 - every failure is counted, none ends the run
                    result.errors += 1
                    result.error_kinds[type(exc).__name__] += 1
                    continue
                ms = (time.perf_counter() - t0) * 1000
                result.status_counts[status] += 1
                result.response_bytes += size
                if 200 <= status < 300:
                    result.ok += 1
                    result.latencies_ms.append(ms)
                else:
                    result.errors += 1
                    result.error_kinds[f"http_{status}"] += 1

        tasks = [asyncio.create_task(worker(send)) for send in senders]
        remaining = max(hard_timeout_s - (time.perf_counter() - start), 0.0)
        done, pending = await asyncio.wait(tasks, timeout=remaining)
        if pending:
            stop_reason.insert(0, "hard_timeout")
            for t in pending:
                t.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        for t in done:
            exc = t.exception()
            if exc is not None:  # pragma: no cover - worker() catches everything but cancellation
                result.errors += 1
                result.error_kinds[f"worker_{type(exc).__name__}"] += 1
        result.duration_s = time.perf_counter() - start
        result.cpu_s = time.process_time() - cpu0
        watched1 = _tree_cpu(watch)
        result.watched_cpu_s = {k: round(watched1[k] - v, 3) for k, v in watched0.items() if k in watched1}
        result.stopped_by = stop_reason[0] if stop_reason else "requests"
    return result


def _tree_cpu(watch: dict[str, int] | None) -> dict[str, float]:
    """CPU seconds so far of each watched process and its direct children (those still readable)."""
    from assistant.bench.http_run import tree_cpu_s

    got = {name: tree_cpu_s(pid) for name, pid in (watch or {}).items()}
    return {name: s for name, s in got.items() if s is not None}


def make_bodies(
    texts: list[str], endpoint: str | None = None, field_name: str | None = None, extra: dict | None = None
) -> list[dict]:
    """JSON bodies for ``endpoint`` (``search`` / ``answer``) or for a custom ``field_name``."""
    if endpoint is not None:
        _, field_name, fixed = ENDPOINTS[endpoint]
        extra = {**fixed, **(extra or {})}
    if not field_name:
        raise ValueError("give an endpoint or a field name")
    return [{field_name: t, **(extra or {})} for t in texts]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m assistant.bench.load", description=__doc__.split("\n\n")[0])
    p.add_argument("--url", required=True, help="Base URL, e.g. http://127.0.0.1:8000")
    p.add_argument("--endpoint", choices=sorted(ENDPOINTS), help="search or answer (sets --path and --field)")
    p.add_argument("--path", help="Request path (default: from --endpoint)")
    p.add_argument("--field", help="JSON field for the text (default: from --endpoint)")
    p.add_argument("--extra", default="{}", help="JSON object merged into every body")
    p.add_argument("--queries", required=True, help="JSON file: a list of strings")
    p.add_argument("--concurrency", type=int, default=1)
    p.add_argument("--requests", type=int, default=None, help="Stop after this many requests")
    p.add_argument("--duration", type=float, default=None, help="Stop after this many seconds")
    p.add_argument("--hard-timeout", type=float, default=60.0, help="Cancel everything after this many seconds")
    p.add_argument("--request-timeout", type=float, default=30.0)
    p.add_argument("--warmup", type=int, default=0, help="Uncounted requests before the run")
    p.add_argument("--api-key", default=None, help="X-API-Key header, when the server wants one")
    p.add_argument("--client", choices=CLIENTS, default="raw", help="raw (default, light) or httpx")
    p.add_argument(
        "--watch",
        action="append",
        default=[],
        metavar="NAME=PID",
        help="Report this process's CPU time (with its direct children) over the measured run; repeatable",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.requests is None and args.duration is None:
        print("error: give --requests or --duration (or both)", file=sys.stderr)
        return 2
    if args.endpoint is None and not (args.path and args.field):
        print("error: give --endpoint, or --path and --field", file=sys.stderr)
        return 2
    texts = json.loads(Path(args.queries).read_text(encoding="utf-8"))
    if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
        print("error: --queries must hold a non-empty JSON list of strings", file=sys.stderr)
        return 2
    path = args.path or ENDPOINTS[args.endpoint][0]
    extra = json.loads(args.extra)
    bodies = make_bodies(texts, None if args.field else args.endpoint, args.field, extra)
    headers = {"X-API-Key": args.api_key} if args.api_key else None
    result = asyncio.run(
        run_load(
            args.url.rstrip("/") + path,
            bodies,
            concurrency=args.concurrency,
            requests=args.requests,
            duration_s=args.duration,
            hard_timeout_s=args.hard_timeout,
            request_timeout_s=args.request_timeout,
            warmup=args.warmup,
            headers=headers,
            client=args.client,
            watch={name: int(pid) for name, _, pid in (w.partition("=") for w in args.watch)},
        )
    )
    print(json.dumps(result.to_dict(), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
