"""``assistant bench --backend postgres``: the PostgreSQL backend at 1x, 10x and 100x the corpus.

For each factor: the synthetic corpus (`assistant.bench.synth`; 1x is the published local build
itself) is embedded with the build's own model, written to a throw-away PostgreSQL + pgvector
(`testserver`; or ``ASSISTANT_DATABASE_URL`` with ``--database-url``) and published; ``assistant
serve`` with ``ASSISTANT_BACKEND=postgres`` is started on loopback and loaded with /v1/search and
/v1/answer at concurrency 8 and 32 (`assistant.bench.load` in its own process). recall@5 on the dev
sets is measured in process on the database build and, beside it, on the local backend built from
the same chunks and vectors (bm25s + FAISS, as `assistant.bench.scale`).
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

FACTORS = (1, 10, 100)
CONCURRENCY = (8, 32)
TARGET_SEARCH_P95_MS = 50.0  # at 100x, over HTTP, concurrency 8
TARGET_BUILD_S = 600.0  # at 100x


def _documents(base: list[dict[str, Any]], chunks) -> list[dict[str, Any]]:
    """The base documents plus one entry per synthetic document (as a build would record them)."""
    known = {d["doc"] for d in base}
    out = list(base)
    for c in chunks:
        if c.doc not in known:
            known.add(c.doc)
            out.append({"doc": c.doc, "title": c.title, "line_numbers": False, "chunks": None})
    return out


def _embed(embedder, texts: list[str]) -> np.ndarray:
    """Passage vectors; the built-in model's tokenising runs in worker processes (the bulk of the time)."""
    from assistant.backends.postgres.lexical import tokenize_all

    if getattr(embedder, "builtin", False):
        vectors = embedder.embed_passage_tokens(tokenize_all(texts))
        if vectors is not None:
            return vectors
    return np.vstack([embedder.embed_passages(texts[s : s + 256]) for s in range(0, len(texts), 256)])


def _local_recall(chunks, documents, vectors: np.ndarray, base_engine, settings, items) -> dict[str, Any]:
    """recall@5 of the local backend over the same chunks, vectors, documents and records."""
    from assistant.backends.local.assemble import fusion_params, local_hybrid
    from assistant.backends.local.lexical import BM25Retriever
    from assistant.backends.local.passages import LocalPassages
    from assistant.backends.local.vectors import DenseRetriever
    from assistant.bench.scale import recall_at
    from assistant.indexing.build import _faiss_index

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    bm25 = BM25Retriever.build(chunks, settings.bigram_weight)
    dense = DenseRetriever(_faiss_index(vectors, settings), base_engine.dense.embedder, chunks)
    # The fusion weights the local service would use on this build (fitted, from the build folder),
    # as the database build does: with the defaults here the two sides differed by weights alone
    # (10x: 0.875 vs 0.850, with identical top 5 under the same weights).
    params = fusion_params(settings, base_engine.stored.path)
    hybrid = local_hybrid(
        bm25,
        dense,
        params,
        passages=LocalPassages(chunks, documents),
        numbered_docs=frozenset(d["doc"] for d in documents if d.get("line_numbers")),
        record_hint=base_engine._kpi_lines,  # as `Assistant` wires it (the same records)
    )
    return recall_at(hybrid, items)


def run_factor(
    factor: int,
    base_engine,
    base_dir: Path,
    database_url: str,
    items,
    questions_file: Path,
    work: Path,
    opts,
    log,
    db_pid: int | None = None,
) -> dict[str, Any]:
    from assistant.backends.postgres.db import Database
    from assistant.backends.postgres.publication import prune, publish
    from assistant.backends.postgres.writer import build_files, write_build
    from assistant.bench.http_run import http_run
    from assistant.bench.machine import load_avg
    from assistant.bench.scale import recall_at
    from assistant.bench.server import ServerProcess
    from assistant.bench.synth import synthesize
    from assistant.service import Assistant
    from assistant.settings import Settings

    settings = Settings(backend="postgres", database_url=database_url)
    out: dict[str, Any] = {"factor": factor}
    manifest = json.loads((base_dir / "manifest.json").read_text(encoding="utf-8"))
    build_id = f"bench{factor}x-{datetime.now(UTC):%H%M%S}"
    embedder = base_engine.dense.embedder
    t0 = time.perf_counter()
    if factor == 1:
        chunks = list(base_engine.chunks)
        vectors = np.load(base_dir / "embeddings.npy")
        embed_s = 0.0
    else:
        chunks = synthesize(base_engine.chunks, factor)
        log(f"{factor}x: embedding {len(chunks)} passages")
        t = time.perf_counter()
        vectors = _embed(embedder, [f"{c.heading}\n{c.search_text}" for c in chunks])
        embed_s = time.perf_counter() - t
    out["chunks"] = len(chunks)

    def records(name: str) -> list[dict[str, Any]]:
        path = base_dir / "records" / name
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []

    log(f"{factor}x: writing the build to PostgreSQL")
    db = Database(database_url)
    try:
        t = time.perf_counter()
        manifest = {**manifest, "build_id": build_id, "counts": {**manifest.get("counts", {}), "chunks": len(chunks)}}
        documents = _documents(base_engine.documents(), chunks)
        timings = write_build(
            db, build_id, chunks, documents, vectors, manifest,
            kpis=records("kpis.json"), programmes=records("programmes.json"), files=build_files(base_dir),
        )  # fmt: skip
        write_s = time.perf_counter() - t
        publish(db, build_id)
        prune(db, keep=1, grace_s=0)
        size = db.write(
            lambda c: c.execute(
                "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relkind IN ('r', 'm')",
                (f"build_{build_id.lower().replace('-', '_')}",),
            ).fetchone()[0]
        )
    finally:
        db.close()
    out["build"] = {
        "embed_s": round(embed_s, 1),
        "write_s": round(write_s, 1),
        "total_s": round(time.perf_counter() - t0, 1),
        "timings_s": timings,
        "size_mb": round(float(size or 0) / 1e6, 1),
    }
    log(f"{factor}x: build {out['build']['total_s']} s (embed {embed_s:.0f} s, write {write_s:.0f} s)")

    log(f"{factor}x: recall@5 (postgres in process, then local from the same chunks and vectors)")
    pg_engine = Assistant.load(settings)
    out["recall_postgres"] = recall_at(pg_engine.hybrid, items)
    out["load_avg_before_http"] = load_avg()
    out["recall_local"] = _local_recall(chunks, documents, vectors, base_engine, Settings(), items)
    del pg_engine

    env = {"ASSISTANT_BACKEND": "postgres", "ASSISTANT_DATABASE_URL": database_url, "ASSISTANT_LOG_LEVEL": "warning"}
    serve_args = ["--workers", str(opts["workers"]), "--log-level", "warning"]
    server = ServerProcess(
        work, work / "unused.sqlite3", work / f"server_{factor}x.log", env_extra=env, serve_args=serve_args
    )
    t = time.perf_counter()
    server.start()
    out["cold_start_s"] = round(time.perf_counter() - t, 2)
    http: dict[str, Any] = {}
    n_questions = len(json.loads(questions_file.read_text(encoding="utf-8")))
    clients = opts.get("clients") or ("raw",)
    try:
        for endpoint in ("search", "answer"):
            for i, c in enumerate(CONCURRENCY):
                # The first row of an endpoint warms up with every question once (uncounted): the
                # re-ranker tokenises a passage the first time it is a candidate, and the steady
                # state is what a long-running process serves.
                # With several workers, each keeps its own caches and the load's connections stick to
                # one worker each: the warm-up sends n x c requests, request i on connection i % c with
                # question i % n, which covers every (connection, question) pair when n and c are
                # coprime (the dev sets' 135 and 8), so every worker has seen every question.
                # With several clients, each row runs once per client, back to back (same build, same
                # warm server); the first client's row keeps the plain key.
                for j, client in enumerate(clients):
                    warmup = max(8, c) if i > 0 or j > 0 else n_questions * (c if opts["workers"] > 1 else 1)
                    log(
                        f"{factor}x: HTTP {endpoint} c={c} client {client} for {opts['duration']} s "
                        f"(after {warmup} warm-up requests)"
                    )
                    res = http_run(
                        server.base_url, endpoint, c, questions_file, duration_s=opts["duration"],
                        max_requests=100000, warmup=warmup, server_pid=server.pid, db_pid=db_pid, client=client,
                    )  # fmt: skip
                    res["load_avg_after"] = load_avg()
                    http[f"{endpoint}_c{c}" + (f"_{client}" if j else "")] = res
                    log(
                        f"   p50 {res.get('p50_ms')} p95 {res.get('p95_ms')} ms, {res.get('requests_per_s')} req/s, "
                        f"errors {res.get('errors')}, CPU ms/req API {res.get('server_cpu_ms_per_request')} "
                        f"DB {res.get('db_cpu_ms_per_request')} client {res.get('client_cpu_ms_per_request')}"
                    )
    finally:
        server.stop()
    out["http"] = http
    return out


def run_pg_bench(opts: dict[str, Any], log: Callable[[str], None]) -> dict[str, Any]:
    """The whole run; ``opts``: factors, duration, workers, database_url (None: a throw-away server), sets."""
    from assistant.backends.local.published import current_build
    from assistant.backends.postgres.testserver import TestServer
    from assistant.bench.machine import load_avg, machine_info
    from assistant.bench.questions import default_dev_sets, load_items
    from assistant.service import Assistant
    from assistant.settings import Settings

    base_settings = Settings(backend="local")
    base_dir = current_build(base_settings.index_dir)
    if base_dir is None:
        raise FileNotFoundError("build the local index first: assistant index build")
    items = load_items(opts.get("sets") or default_dev_sets())
    work = Path(tempfile.mkdtemp(prefix="assistant-pgbench-"))
    questions_file = work / "questions.json"
    questions_file.write_text(json.dumps([it.question for it in items], ensure_ascii=False), encoding="utf-8")
    report: dict[str, Any] = {
        "meta": {
            "command": opts.get("command"),
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "questions": len(items),
            "duration_s": opts["duration"],
            "workers": opts["workers"],
            "clients": list(opts.get("clients") or ("raw",)),
        },
        "machine": machine_info(),
    }
    server = None
    url = opts.get("database_url")
    try:
        if not url:
            server = TestServer().start()
            url = server.url
            report["meta"]["server"] = "throw-away PostgreSQL 16 + pgvector on loopback (testserver, fsync off)"
        base_engine = Assistant.load(base_settings)
        report["factors"] = {}
        for f in opts["factors"]:
            report["factors"][f"{f}x"] = run_factor(
                f, base_engine, base_dir, url, items, questions_file, work, opts, log,
                db_pid=server.primary.pid() if server is not None else None,
            )  # fmt: skip
            if opts.get("partial"):  # what is measured so far survives an interrupted run
                partial = Path(opts["partial"])
                partial.parent.mkdir(parents=True, exist_ok=True)
                partial.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
    report["machine"]["load_avg"]["end"] = load_avg()
    return report


def _row_table(report: dict[str, Any]) -> list[str]:
    """Every HTTP row with its client and the CPU per request of API, database and load generator."""
    out = [
        "| corpus | row | client | p50 / p95 ms | req/s | errors | CPU ms/req API / DB / client | load avg after |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, f in report.get("factors", {}).items():
        for key, r in f["http"].items():
            cpu = " / ".join(
                str(r.get(k))
                for k in ("server_cpu_ms_per_request", "db_cpu_ms_per_request", "client_cpu_ms_per_request")
            )
            out.append(
                f"| {name} | {key} | {r.get('client', 'httpx')} | {r.get('p50_ms')} / {r.get('p95_ms')} | "
                f"{r.get('requests_per_s')} | {r.get('errors')} | {cpu} | {(r.get('load_avg_after') or [None])[0]} |"
            )
    return out


def markdown(report: dict[str, Any]) -> str:
    """The report as Markdown tables."""
    lines = [
        "# PostgreSQL backend benchmark",
        "",
        f"Command: `{report['meta'].get('command')}`; {report['meta']['questions']} dev questions; "
        f"{report['meta']['duration_s']} s per HTTP row; API workers: {report['meta']['workers']}; load client(s): "
        f"{', '.join(report['meta'].get('clients') or ['httpx'])} (`assistant.bench.load`, same machine; the summary "
        "uses the first).",
        "",
        "| corpus | chunks | build s (embed + write) | DB size MB | recall@5 postgres | recall@5 local | "
        "search p50/p95 c8 | search p50/p95 c32 | answer p50/p95 c8 | answer p50/p95 c32 | errors |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, f in report.get("factors", {}).items():
        h = f["http"]

        def cell(key: str, h=h) -> str:
            r = h.get(key, {})
            return f"{r.get('p50_ms')} / {r.get('p95_ms')} ms ({r.get('requests_per_s')} req/s)"

        errors = sum((r.get("errors") or 0) for r in h.values())
        b = f["build"]
        lines.append(
            f"| {name} | {f['chunks']} | {b['total_s']} ({b['embed_s']} + {b['write_s']}) | {b['size_mb']} | "
            f"{f['recall_postgres']['recall@5']} | {f['recall_local']['recall@5']} | {cell('search_c8')} | "
            f"{cell('search_c32')} | {cell('answer_c8')} | {cell('answer_c32')} | {errors} |"
        )
    lines += ["", *_row_table(report)]
    top = report.get("factors", {}).get("100x")
    if top:
        p95 = top["http"].get("search_c8", {}).get("p95_ms")
        lines += [
            "",
            f"Targets at 100x: search p95 over HTTP at concurrency 8 <= {TARGET_SEARCH_P95_MS:.0f} ms: {p95} ms "
            f"({'met' if p95 is not None and p95 <= TARGET_SEARCH_P95_MS else 'missed'}); build <= "
            f"{TARGET_BUILD_S:.0f} s: {top['build']['total_s']} s "
            f"({'met' if top['build']['total_s'] <= TARGET_BUILD_S else 'missed'}).",
        ]
    return "\n".join(lines) + "\n"
