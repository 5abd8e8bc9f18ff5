"""Start-up fails fast on a missing or stale index; a rebuilt index is switched in without downtime."""

from __future__ import annotations

import json
import shutil
import threading
import time

import pytest
from fastapi.testclient import TestClient

from assistant.api import routes
from assistant.api.app import create_app
from assistant.backends.local.published import current_build, publish
from assistant.errors import IndexMismatch, IndexNotFound
from assistant.settings import PROJECT_ROOT


def test_no_index_fails_at_startup(make_settings):
    app = create_app(make_settings())  # no engine given: the lifespan loads the index
    with pytest.raises(IndexNotFound, match="assistant index build"), TestClient(app):
        pass


def test_stale_settings_fail_at_startup(make_settings, real_index_dir):
    app = create_app(make_settings(index_dir=real_index_dir, chunk_size=300))
    with pytest.raises(IndexMismatch, match="assistant index build"), TestClient(app):
        pass


def test_changed_corpus_fails_at_startup(make_settings, real_index_dir, tmp_path):
    corpus = shutil.copytree(PROJECT_ROOT / "corpus", tmp_path / "corpus")
    with (corpus / "001_66b98a4b6793b39c.txt").open("a", encoding="utf-8") as fh:
        fh.write("\n追記された行\n")
    app = create_app(make_settings(index_dir=real_index_dir, corpus_dir=corpus))
    with pytest.raises(IndexMismatch, match="corpus changed"), TestClient(app):
        pass


def test_startup_loads_the_index(make_settings, real_index_dir):
    app = create_app(make_settings(index_dir=real_index_dir), reload_interval=0)
    with TestClient(app) as client:
        health = client.get("/healthz").json()
        assert health["index"]["build_id"] == current_build(real_index_dir).name
        assert health["index"]["documents"] == 5
        assert client.post("/v1/search", json={"query": "関係人口"}).status_code == 200


@pytest.fixture
def index_copy(real_index_dir, tmp_path):
    """A private copy of the session index (so publishing new builds leaves the shared one alone)."""
    return shutil.copytree(real_index_dir, tmp_path / "index", symlinks=True)


def _republish(index_dir):
    """Publish a copy of the current build under a new name, as a rebuild would."""
    old = current_build(index_dir)
    new = shutil.copytree(old, old.parent / f"{old.name}-r{time.monotonic_ns()}")
    manifest = json.loads((new / "manifest.json").read_text(encoding="utf-8"))
    manifest["build_id"] = new.name  # a real build names its folder after its id
    (new / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    publish(index_dir, new)
    return new.name


def test_rebuilt_index_is_picked_up_without_downtime(make_settings, real_engine, index_copy):
    settings = make_settings(index_dir=index_copy)
    app = create_app(settings, engine=real_engine, reload_interval=0.2)
    statuses: list[int] = []
    stop = threading.Event()
    with TestClient(app) as client:
        old = client.get("/healthz").json()["index"]["build_id"]

        def hammer():
            while not stop.is_set():
                statuses.append(client.post("/v1/search", json={"query": "小さな拠点", "top_k": 3}).status_code)

        workers = [threading.Thread(target=hammer) for _ in range(4)]
        for w in workers:
            w.start()
        try:
            new = _republish(index_copy)
            deadline = time.monotonic() + 60
            while client.get("/healthz").json()["index"]["build_id"] != new:
                assert time.monotonic() < deadline, "the new index was not picked up"
                time.sleep(0.2)
            time.sleep(0.5)  # and keep serving on the new one
        finally:
            stop.set()
            for w in workers:
                w.join()
    assert new != old
    assert statuses and set(statuses) == {200}, f"{len(statuses)} requests, statuses {set(statuses)}"


ADMIN = {"X-API-Key": "adm", "Content-Type": "application/json"}


def test_admin_reload_switches_at_once(make_settings, real_engine, index_copy, monkeypatch):
    # The answer waits for the load up to RELOAD_WAIT_S (else 202, tested below); a loaded CI machine may take
    # longer than the default second, and this test is about the switch, not the load's speed.
    monkeypatch.setattr(routes, "RELOAD_WAIT_S", 60.0)
    settings = make_settings(index_dir=index_copy, api_keys="search-key", admin_keys="adm")
    app = create_app(settings, engine=real_engine, reload_interval=0)
    with TestClient(app) as client:
        assert client.post("/v1/admin/reload", headers={"Content-Type": "application/json"}).status_code == 401
        r = client.post("/v1/admin/reload", headers=ADMIN)
        assert r.json()["reloaded"] is False and r.json()["message"] == "already serving the published index"
        new = _republish(index_copy)
        r = client.post("/v1/admin/reload", headers=ADMIN)
        assert r.status_code == 200
        assert r.json() == {"reloaded": True, "build_id": new, "message": None, "loading": False}
        assert client.get("/healthz").json()["index"]["build_id"] == new
        r = client.post("/v1/search", json={"query": "小さな拠点"}, headers={"X-API-Key": "search-key"})
        assert r.status_code == 200


def test_broken_new_index_keeps_the_old_one(make_settings, real_engine, index_copy):
    app = create_app(make_settings(index_dir=index_copy, admin_keys="adm"), engine=real_engine, reload_interval=0)
    with TestClient(app) as client:
        old = client.get("/healthz").json()["index"]["build_id"]
        new = _republish(index_copy)
        (current_build(index_copy) / "chunks.jsonl").write_text("{broken", encoding="utf-8")
        r = client.post("/v1/admin/reload", headers=ADMIN).json()
        assert r["reloaded"] is False and r["build_id"] == old and new in r["message"]
        assert client.post("/v1/search", json={"query": "小さな拠点"}).status_code == 200
        assert new in app.state.holder.failed  # the watcher does not retry it every second


def test_admin_reload_waits_for_a_reload_in_progress(make_client, fake_engine):
    """A reload already running (the watcher's) is waited for, and reported as a switch."""
    client = make_client(admin_keys="adm")
    holder = client.app.state.holder
    holder._lock.acquire()  # the watcher is loading a new build ...

    def finish():
        time.sleep(0.5)
        holder._engine = type(fake_engine)("fake-build-2")  # ... and switches
        holder._lock.release()

    threading.Thread(target=finish).start()
    r = client.post("/v1/admin/reload", headers=ADMIN)
    assert r.status_code == 200
    assert r.json() == {"reloaded": True, "build_id": "fake-build-2", "message": None, "loading": False}


def test_admin_reload_does_not_block_on_a_slow_load(make_client, fake_engine, tmp_path, monkeypatch):
    """A load that takes seconds: the call answers 202 after a second and the build goes live later."""
    import assistant.service as service

    index_dir = tmp_path / "index"
    (index_dir / "builds" / "slow-build").mkdir(parents=True)
    (index_dir / "current").symlink_to("builds/slow-build")

    def slow_load(settings, check_corpus=True):
        time.sleep(2.5)
        return type(fake_engine)("slow-build")

    monkeypatch.setattr(service.Assistant, "load", staticmethod(slow_load))
    client = make_client(admin_keys="adm", index_dir=index_dir)
    t0 = time.monotonic()
    r = client.post("/v1/admin/reload", headers=ADMIN)
    assert time.monotonic() - t0 < 2.0
    assert r.status_code == 202 and r.json()["loading"] is True and "slow-build" in r.json()["message"]
    assert client.get("/healthz").json()["index"]["build_id"] == "fake-build"  # still the old one, serving
    deadline = time.monotonic() + 10
    while client.get("/healthz").json()["index"]["build_id"] != "slow-build":
        assert time.monotonic() < deadline
        time.sleep(0.1)
