"""The background query-log writer: batched commits, nothing lost on a clean stop (in process, and a real
server stopped with SIGTERM); feedback written at once, outside the writer, so a SIGKILL loses none returned."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from assistant.api.log_writer import BufferedStore
from assistant.feedback_log import Store, UnknownAnswer

ROOT = Path(__file__).resolve().parents[2]


def _answer(i: int) -> dict:
    return {"id": f"a{i}", "question": f"質問{i}", "answer": "回答 [1]", "abstained": False, "kind": "general",
            "citations": [{"chunk_id": f"c{i}"}]}  # fmt: skip


def test_rows_from_many_threads_share_commits(tmp_path):
    store = BufferedStore(tmp_path / "log.sqlite3").init()
    try:
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda i: store.log_search(f"検索{i}", ["c1", "c2"], 1.0, "ip:x", 5, None), range(2000)))
        assert store.counts()["searches"] == 2000  # a read waits for the rows queued before it
        assert store.rows == 2000
        assert store.batches < 2000  # grouped: fewer commits than rows
        assert store.recent_searches(1)[0]["hits"] == ["c1", "c2"]
    finally:
        store.close()


def test_rows_arriving_within_the_linger_share_one_commit_and_a_flush_does_not_wait_for_it(tmp_path):
    store = BufferedStore(tmp_path / "log.sqlite3", linger_s=0.5).init()
    try:
        for i in range(20):  # one request after another, well within the writer's linger
            store.log_search(f"検索{i}", ["c1"], 1.0, "ip:x", 5, None)
        assert store.counts()["searches"] == 20  # the read's flush waits for the batch, not longer
        assert store.batches == 1  # one wake-up and one commit for the twenty rows
        t0 = time.perf_counter()
        store.flush()  # nothing queued: a flush alone never lingers
        assert time.perf_counter() - t0 < 0.4
    finally:
        store.close()


def test_feedback_is_committed_before_it_returns_and_errors_reach_the_caller(tmp_path):
    path = tmp_path / "log.sqlite3"
    store = BufferedStore(path).init()
    try:
        store.log_answer(_answer(1), 12.0, "ip:x")
        fid = store.add_feedback("a1", "up", "良い")  # written after the answer's queued row: sees it
        with Store(path) as other:  # another connection (another worker) sees it already
            assert [f["id"] for f in other.feedback("a1")] == [fid]
        rows = store.rows
        store.add_feedback("a1", "down")
        assert store.rows == rows  # not through the writer's queue: written by the caller
        assert store._connect().execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL again for the log
        with pytest.raises(UnknownAnswer):
            store.add_feedback("nope", "down")
        assert store.add_feedback("never-logged", "down", require_answer=False) > fid
        store.log_search("後続", [], 1.0)  # the log goes on after the refused feedback
        assert store.counts() == {"answers": 1, "feedback": 3, "searches": 1}
    finally:
        store.close()


def test_close_commits_everything_queued(tmp_path):
    path = tmp_path / "log.sqlite3"
    store = BufferedStore(path, max_batch=16).init()
    for i in range(3000):
        store.log_answer(_answer(i), 1.0)
    store.close()  # no flush before: close must drain the queue
    with Store(path) as s:
        assert s.counts()["answers"] == 3000
    store.log_search("閉じた後", [], 1.0)  # after close the store writes directly, like a plain Store
    with Store(path) as s:
        assert s.counts()["searches"] == 1


_CHILD = """
import sys
from assistant.api.log_writer import BufferedStore
store = BufferedStore(sys.argv[1]).init()
store.log_answer({"id": "a1", "question": "q", "answer": "x", "abstained": False, "kind": "general", "citations": []})
i = 0
while True:
    for _ in range(20):  # the writer is busy with query-log rows meanwhile
        store.log_search(f"検索{i}", ["c1"], 1.0)
    store.record_feedback("a1", "up", f"#{i}", idempotency_key=f"k{i}")
    print(i, flush=True)  # acknowledged: record_feedback has returned
    i += 1
"""


def test_sigkill_loses_no_feedback_that_was_returned(tmp_path):
    db = tmp_path / "log.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(db)], env=env, stdout=subprocess.PIPE, text=True)
    acked: list[str] = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            acked.append(f"#{line.strip()}")
            if len(acked) >= 300:
                break
        proc.send_signal(signal.SIGKILL)
        acked += [f"#{line.strip()}" for line in proc.stdout]  # printed before the kill landed
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    with Store(db) as s:
        stored = {f["comment"] for f in s.feedback("a1")}
        searches = s.counts()["searches"]
    assert set(acked) <= stored  # every acknowledged feedback is on disk
    # Query-log rows may be lost on a crash, at most one batch (256 rows by default): back-pressure.
    assert searches >= 20 * len(acked) - 256


# -- a real server, stopped with SIGTERM -------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.integration
def test_nothing_is_lost_on_a_clean_stop(real_index_dir, tmp_path):
    port, db = _free_port(), tmp_path / "q.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(HF_HUB_OFFLINE="1", ASSISTANT_INDEX_DIR=str(real_index_dir), ASSISTANT_DB_PATH=str(db),
               ASSISTANT_RATE_LIMIT_PER_MINUTE="0", PYTHONPATH=str(ROOT))  # fmt: skip
    log = tmp_path / "serve.log"
    cmd = [sys.executable, "-m", "assistant", "serve", "--port", str(port), "--workers", "2", "--log-level", "warning"]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    n = 120
    try:
        deadline = time.monotonic() + 240
        while True:
            assert proc.poll() is None, log.read_text(errors="replace")[-3000:]
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
            time.sleep(0.3)
        with httpx.Client(base_url=base, timeout=60) as client:
            answer_id = client.post("/v1/answer", json={"question": "補助率は？"}).json()["id"]
            time.sleep(0.5)  # the other worker reads the answer row from the file

            def send(i: int) -> tuple[int, int]:
                fb = client.post("/v1/feedback", json={"answer_id": answer_id, "rating": "up", "comment": f"#{i}"})
                se = client.post("/v1/search", json={"query": f"補助率 {i}", "top_k": 1})
                return fb.status_code, se.status_code

            with ThreadPoolExecutor(8) as pool:
                statuses = list(pool.map(send, range(n)))
        assert set(statuses) == {(201, 200)}
    finally:
        proc.send_signal(signal.SIGTERM)  # at once: search rows may still be queued in the workers
        proc.wait(timeout=60)
    assert proc.returncode in (0, -signal.SIGTERM), log.read_text(errors="replace")[-3000:]
    with Store(db) as s:
        counts = s.counts()
        comments = {f["comment"] for f in s.feedback(answer_id)}
    assert counts == {"answers": 1, "feedback": n, "searches": n}
    assert comments == {f"#{i}" for i in range(n)}


def test_a_failing_row_is_undone_alone_and_its_batch_commits(tmp_path):
    store = BufferedStore(tmp_path / "log.sqlite3", linger_s=0.5).init()
    try:
        store.log_search("前", ["c1"], 1.0)
        store.log_search(None, ["c2"], 1.0)  # NOT NULL query: this row fails (logged), without a savepoint
        store.log_search("後", ["c3"], 1.0)
        assert [r["query"] for r in store.recent_searches(5)] == ["後", "前"]
        assert store.batches == 1 and store.rows == 3  # one commit for the batch, the bad row left out
        store.log_search("次", [], 1.0)  # the writer goes on
        assert store.counts()["searches"] == 3
    finally:
        store.close()


def test_a_batchs_rows_share_statements_in_order_and_a_relogged_answer_keeps_its_last_values(tmp_path):
    store = BufferedStore(tmp_path / "log.sqlite3", linger_s=0.5).init()
    statements: list[str] = []
    store._connect().set_trace_callback(statements.append)
    try:
        for i in range(37):
            store.log_search(f"検索{i}", [f"c{i}"], float(i), "ip:x", 5, ["doc.txt"] if i % 2 else None)
        store.log_answer(_answer(1), 5.0)
        store.log_answer({**_answer(1), "answer": "改めた回答"}, 6.0)  # the same id again in the same batch
        store.log_answer(_answer(2), 7.0)
        assert store.counts() == {"answers": 2, "feedback": 0, "searches": 37}
        assert store.batches == 1
        inserts = [s for s in statements if s.lstrip().startswith("INSERT")]
        assert len(inserts) == 5  # searches 32 + 4 + 1 rows, answers 2 + 1 rows
        searches = store.recent_searches(37)
        assert [r["query"] for r in reversed(searches)] == [f"検索{i}" for i in range(37)]  # ids in queue order
        assert searches[0]["hits"] == ["c36"] and searches[0]["latency_ms"] == 36.0
        assert searches[0]["docs"] is None and searches[1]["docs"] == ["doc.txt"]
        row = store.get_answer("a1")
        assert row["answer"] == "改めた回答" and row["latency_ms"] == 6.0 and row["citations"] == ["c1"]
    finally:
        store.close()
