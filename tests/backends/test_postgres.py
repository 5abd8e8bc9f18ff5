"""The PostgreSQL + pgvector backend on a real server: parity with the local backend, publication under
load, a streaming replica behind two API processes, and an API process and the replica killed mid-load."""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from assistant.settings import PROJECT_ROOT, Settings

pytestmark = [pytest.mark.postgres, pytest.mark.integration, pytest.mark.slow]

QUERY = {"query": "「新規高卒者管内企業就職率」の進捗率はいくつ？", "top_k": 5}


@pytest.fixture(scope="module")
def items():
    from assistant.evals.sets import load_sets

    # The tune split (the dev sets, our own set and the tune half of the bank); `assistant eval`
    # with ASSISTANT_BACKEND=postgres runs the whole bank.
    found, _ = load_sets(sorted((PROJECT_ROOT / "evals" / "tune").glob("*.jsonl")))
    return found


@pytest.fixture(scope="module")
def engines(pg_settings, local_index_dir):
    from assistant.service import Assistant

    return Assistant.load(Settings(index_dir=local_index_dir)), Assistant.load(pg_settings)


def test_search_parity_and_recall_with_local_backend(engines, items):
    from assistant.evals import metrics as m

    local, pg = engines
    ranks: dict[str, list[int | None]] = {"local": [], "postgres": []}
    same = 0
    for it in items:
        hits = {name: e.search(it.question, 10) for name, e in (("local", local), ("postgres", pg))}
        same += [h.chunk.chunk_id for h in hits["local"]] == [h.chunk.chunk_id for h in hits["postgres"]]
        if it.evidence:
            for name, got in hits.items():
                ranks[name].append(m.first_relevant_rank((h.chunk.text for h in got), it.evidence))
    recall = {name: sum(m.recall_at(r, 5) for r in rs) / len(rs) for name, rs in ranks.items()}
    assert abs(recall["local"] - recall["postgres"]) <= 0.01, recall
    assert recall["postgres"] > 0.8, recall
    assert same >= 0.99 * len(items), f"{same} of {len(items)} top-10 lists identical"


def test_bm25_and_dense_sides_match(engines, items):
    import numpy as np

    local, pg = engines
    for it in items[:40]:
        assert np.allclose(local.bm25.scores(it.question), pg.bm25.scores(it.question), atol=1e-5)
        got = pg.search(it.question, 10, retriever="dense")
        want = local.search(it.question, 10, retriever="dense")
        # pgvector and FAISS sum in different orders: equal scores to 1e-5, near-ties may swap.
        assert np.allclose([h.score for h in got], [h.score for h in want], atol=1e-5)
        assert len({h.chunk.chunk_id for h in got} & {h.chunk.chunk_id for h in want}) >= 9
    doc = local.doc_ids()[1]
    hits = pg.search("補助率", 5, docs=[doc], retriever="dense")
    assert hits and all(h.chunk.doc == doc for h in hits)


def test_large_build_path_reads_stored_terms_and_matches(engines, items, pg_settings, monkeypatch):
    """A build above the preload size (a cache of 300 rows): candidates' rows, token sets and the vector
    search arrive together; the results are the preloaded engine's, and the stored token sets are
    the tokeniser's."""
    from assistant.backends.postgres import passages as pg_passages
    from assistant.service import Assistant
    from assistant.text.tokenizer import tokenize

    local, pg = engines
    stored = pg.passages.term_sets(range(0, len(pg.passages), 7))
    assert stored
    for i, (text, heading) in stored.items():
        c = local.passages.at(i)
        assert (text, heading) == (frozenset(tokenize(c.search_text)), frozenset(tokenize(c.heading)))

    monkeypatch.setattr(pg_passages, "CACHE_ROWS", 300)
    large = Assistant.load(pg_settings)
    assert not large.passages.preloaded
    sample = items[:60]
    want = [[h.chunk.chunk_id for h in pg.search(it.question, 10)] for it in sample]
    calls = []
    fetch = large.passages.db.fetch
    monkeypatch.setattr(large.passages.db, "fetch", lambda *a, **k: calls.append(a[0]) or fetch(*a, **k))
    got = [[h.chunk.chunk_id for h in large.search(it.question, 10)] for it in sample]
    assert got == want
    # Postings are cached per process; passage rows and token sets come with the vector query.
    per_search = len([q for q in calls if "postings" not in q]) / 60
    assert per_search < 2.5, per_search
    # Once a few questions' rows are cached, their searches read no rows: the vector query returns
    # positions only, and the passages of a record a question names are remembered.
    few = items[:3]
    first = [[h.chunk.chunk_id for h in large.search(it.question, 10)] for it in few]
    calls.clear()
    assert [[h.chunk.chunk_id for h in large.search(it.question, 10)] for it in few] == first
    assert len([q for q in calls if "<#>" in q]) == 3
    assert not [q for q in calls if "<#>" not in q], calls


def test_answer_accuracy_parity_on_a_sample(engines, items):
    from assistant.evals.runner import evaluate

    local, pg = engines
    sample = items[::12]
    acc = {}
    for name, engine in (("local", local), ("postgres", pg)):
        acc[name] = evaluate(engine, sample, [], answers=True, corpus_dir=engine.settings.corpus_dir)["summary"][
            "answers"
        ]
    assert abs(acc["local"]["accuracy"] - acc["postgres"]["accuracy"]) <= 0.01, acc
    for it in sample[:10]:
        assert pg.answer(it.question).answer == local.answer(it.question).answer


def test_records_documents_and_query_log(engines, pg_settings):
    from assistant.holder import query_log

    local, pg = engines
    assert pg.documents() == local.documents()
    assert [r.indicator for r in pg.kpis()] == [r.indicator for r in local.kpis()]
    assert len(pg.programmes(q="事業")) == len(local.programmes(q="事業"))
    store = query_log(pg_settings).init()
    answer = pg.answer(QUERY["query"])
    store.log_answer(answer, 3.5, "test")
    assert store.add_feedback(answer.id, "up", "ok") > 0
    assert store.get_answer(answer.id)["feedback"][0]["rating"] == "up"
    store.add_feedback("never-logged", "down", require_answer=False)
    assert store.get_answer("never-logged")["stub"] is True
    store.log_search("補助率", pg.search("補助率", 3), 2.0, "test", 3)  # queued for the writer thread
    assert store.recent_searches(1)[0]["query"] == "補助率"  # a read waits for the rows queued before it
    store.close()


def test_query_log_keeps_the_reason_and_reads_it_by_outcome(engines, pg_settings):
    """Why an answer was withheld is stored, replaced on a re-log, and read back by outcome and in the newest 👎."""
    from datetime import UTC, datetime, timedelta

    from assistant.holder import query_log

    _, pg = engines
    store = query_log(pg_settings).init()
    withheld = pg.answer("宇宙開発の予算は？")
    assert withheld.abstained and withheld.abstained_by
    before = {c.outcome: c for c in store.outcomes()}
    store.log_answer(withheld, 2.0, "test")
    store.add_feedback(withheld.id, "down", "資料にあるはず")
    assert store.get_answer(withheld.id)["abstained_by"] == withheld.abstained_by
    after = {c.outcome: c for c in store.outcomes()}
    was, now = before[withheld.abstained_by], after[withheld.abstained_by]
    assert (now.answers - was.answers, now.down - was.down) == (1, 1)
    newest = store.rated_down(1)[0]
    assert (newest.answer_id, newest.abstained_by, newest.comment) == (
        withheld.id,
        withheld.abstained_by,
        "資料にあるはず",
    )
    # From a bound on: an hour ago counts the row, an hour ahead none; a naive bound is UTC, not the server's zone.
    ahead = datetime.now(UTC) + timedelta(hours=1)
    assert {c.outcome: c.answers for c in store.outcomes(ahead)} == dict.fromkeys(after, 0)
    assert store.rated_down(5, ahead) == [] and store.rated_down(5, ahead.replace(tzinfo=None)) == []
    an_hour_ago = (datetime.now(UTC) - timedelta(hours=1)).replace(tzinfo=None)
    assert {c.outcome: c for c in store.outcomes(an_hour_ago)}[withheld.abstained_by].answers >= 1
    # Logged again as answered (a retry of the same id): the reason goes.
    store.log_answer(replace(withheld, abstained=False, abstained_by=None), 2.0, "test")
    assert store.get_answer(withheld.id)["abstained_by"] is None
    store.close()


def test_an_older_shared_schema_is_migrated_without_blocking_readers(pg_server):
    """A schema from before the reason column gains it, rows kept; a start takes no lock behind an open reader.

    A connection that has read answers many times still reads them after another process adds a column.
    """
    import psycopg
    from psycopg.conninfo import make_conninfo

    from assistant.backends.postgres.schema import SHARED, ensure_shared
    from assistant.holder import query_log

    with psycopg.connect(pg_server.url, autocommit=True) as admin:
        for name in ("older_release", "no_log_yet"):
            admin.execute(f"DROP DATABASE IF EXISTS {name}")
            admin.execute(f"CREATE DATABASE {name}")
        admin.execute("ALTER DATABASE older_release SET timezone TO 'Asia/Tokyo'")  # times must still read as UTC
    url = make_conninfo(pg_server.url, dbname="older_release")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"""CREATE SCHEMA {SHARED};
            CREATE TABLE {SHARED}.answers (id text PRIMARY KEY, time timestamptz NOT NULL DEFAULT now(), question text,
                answer text, abstained boolean, kind text, source text, citations jsonb NOT NULL DEFAULT '[]',
                latency_ms double precision, client text, stub boolean NOT NULL DEFAULT false);
            CREATE TABLE {SHARED}.feedback (id bigserial PRIMARY KEY, time timestamptz NOT NULL DEFAULT now(),
                answer_id text NOT NULL REFERENCES {SHARED}.answers(id) ON DELETE CASCADE, rating text NOT NULL,
                comment text);
            INSERT INTO {SHARED}.answers (id, question, answer, abstained) VALUES ('old', '補助率は？', '…', true);
            INSERT INTO {SHARED}.feedback (answer_id, rating, comment) VALUES ('old', 'down', '古い記録');""")
        ensure_shared(conn)  # what every process runs on start
        reader = psycopg.connect(url)  # a long report: an open transaction that has read the query log
        reader.execute(f"SELECT count(*) FROM {SHARED}.answers").fetchone()
        conn.execute("SET lock_timeout = '2s'")
        ensure_shared(conn)  # the next start: the column is there, so no lock to wait for behind the reader
        reader.close()
    empty = query_log(Settings(backend="postgres", database_url=make_conninfo(pg_server.url, dbname="no_log_yet")))
    assert all(c.answers == 0 for c in empty.outcomes()) and empty.rated_down() == []  # no API process set it up yet
    store = query_log(Settings(backend="postgres", database_url=url))
    assert {c.outcome: c.answers for c in store.outcomes()}["unrecorded"] == 1
    (down,) = store.rated_down()
    assert down.comment == "古い記録" and down.time.endswith("+00:00"), down.time
    for _ in range(30):  # psycopg prepares a statement run five times on a connection (the pool rotates them)
        assert store.get_answer("old")["question"] == "補助率は？"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"ALTER TABLE {SHARED}.answers ADD COLUMN a_later_column text")
    assert store.get_answer("old")["abstained_by"] is None
    store.close()


# -- real API processes --------------------------------------------------------------------------
def _serve(tmp_path: Path, name: str, settings: Settings, read_url: str | None = None):
    from assistant.bench.server import ServerProcess

    env = {
        "ASSISTANT_BACKEND": "postgres",
        "ASSISTANT_DATABASE_URL": settings.database_url,
        "ASSISTANT_DATABASE_READ_URL": read_url or "",
    }
    # One worker, as in every test server not about workers: the test waits for the server to serve the new
    # build before pruning the old one with no grace period, and a second worker may not have switched yet.
    server = ServerProcess(
        settings.index_dir,
        tmp_path / f"{name}.sqlite3",
        tmp_path / f"{name}.log",
        env_extra=env,
        serve_args=["--workers", "1"],
    )
    server.start()
    return server


class Load:
    """Threads posting searches to ``urls`` in turn until stopped; every outcome counted per URL."""

    def __init__(self, urls: list[str], threads: int = 4):
        self.urls = urls
        self.outcomes: dict[str, Counter] = {u: Counter() for u in urls}
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(threads)]

    def _run(self, i: int) -> None:
        with httpx.Client(timeout=30) as client:
            n = i
            deadline = time.monotonic() + 120  # bounded whatever happens
            while not self._stop.is_set() and time.monotonic() < deadline:
                url = self.urls[n % len(self.urls)]
                n += 1
                try:
                    outcome: str | int = client.post(f"{url}/v1/search", json=QUERY).status_code
                except httpx.TransportError as exc:
                    outcome = type(exc).__name__
                with self._lock:
                    self.outcomes[url][outcome] += 1

    def __enter__(self) -> Load:
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=60)

    def total(self, url: str) -> int:
        return sum(self.outcomes[url].values())


def _build_id(url: str) -> str:
    return httpx.get(f"{url}/healthz", timeout=10).json()["index"]["build_id"]


def test_publication_under_load_fails_no_request(pg_settings, tmp_path):
    from assistant.backends.local.published import current_build
    from assistant.backends.postgres.assemble import database
    from assistant.backends.postgres.publication import prune, publish, published_build
    from assistant.backends.postgres.writer import upload_local_build

    db = database(pg_settings)
    server = _serve(tmp_path, "api", pg_settings)
    try:
        old = _build_id(server.base_url)
        assert old == published_build(db)
        with Load([server.base_url]) as load:
            new = f"{old}-r{time.monotonic_ns() % 10**6}"
            upload_local_build(db, current_build(pg_settings.index_dir), build_id=new)  # beside the old one
            time.sleep(0.5)
            assert _build_id(server.base_url) == old  # written, not published: nothing changes
            publish(db, new)
            deadline = time.monotonic() + 30
            while _build_id(server.base_url) != new and time.monotonic() < deadline:
                time.sleep(0.2)
            assert _build_id(server.base_url) == new, server.log_tail()
            assert old in prune(db, keep=1, grace_s=0)  # the old build's schema is dropped while serving
            time.sleep(1.0)
        outcomes = load.outcomes[server.base_url]
        assert set(outcomes) == {200}, outcomes
        assert outcomes[200] > 20
    finally:
        server.stop()


def test_replica_two_api_processes_and_failures(pg_server, pg_settings, tmp_path):
    import psycopg

    replica = pg_server.add_replica()
    apis = []
    try:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(2) as pool:  # both start at once
            apis = list(pool.map(lambda i: _serve(tmp_path, f"api{i}", pg_settings, read_url=replica.url), (1, 2)))

        def replica_reads() -> int:
            with psycopg.connect(replica.url, autocommit=True) as conn:
                return conn.execute(
                    "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"
                ).fetchone()[0]

        before = replica_reads()
        survivor = apis[1].base_url
        with Load([a.base_url for a in apis], threads=6) as load:
            from assistant.backends.postgres.db import wait_until

            # The searches are read on the replica (polled: a loaded machine serves few per second).
            assert wait_until(lambda: replica_reads() > before + 20, timeout=30, step=0.5)
            apis[0].proc.kill()  # one API process dies mid-load
            time.sleep(1.5)
            seen = load.total(survivor)
            replica.kill()  # then the replica dies mid-load
            time.sleep(3.0)
            assert load.total(survivor) > seen + 10  # the survivor kept serving, from the primary
            answer = httpx.post(f"{survivor}/v1/answer", json={"question": QUERY["query"]}, timeout=30).json()
            feedback = httpx.post(
                f"{survivor}/v1/feedback", json={"answer_id": answer["id"], "rating": "up"}, timeout=30
            )
            assert feedback.status_code == 201
        assert set(load.outcomes[survivor]) == {200}, load.outcomes
        dead = load.outcomes[apis[0].base_url]
        assert not any(isinstance(k, int) and k >= 500 for k in dead), dead
    finally:
        for a in apis:
            a.stop()
        replica.stop("immediate")
