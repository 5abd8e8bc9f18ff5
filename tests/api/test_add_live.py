"""``assistant add`` of a PDF while a real API server (uvicorn on loopback) is answering: the new content is
answerable within one index refresh, and no request fails while the index changes under it."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest
import sample_files as sf
from live import VENV_BIN, free_port, running, server_env, uvicorn_cmd

from assistant.indexing.build import build_index
from assistant.settings import Settings

pytestmark = [pytest.mark.integration, pytest.mark.slow]

DOCS = ("001_66b98a4b6793b39c.txt", "004_49aeb67bc23e3385.txt")
NEW = "snow_energy.pdf"
QUESTION = "雪氷冷熱エネルギー活用実証事業の補助率は？"


def _new_pdf(path: Path) -> Path:
    """A two-page PDF whose second page holds a programme table nobody has indexed yet."""
    from reportlab.lib.pagesizes import A4

    c = sf._canvas(path, A4, title="雪氷冷熱エネルギーの活用について", author="北海道空知総合振興局")
    c.setFont(sf.GOTHIC, 18)
    c.drawString(50, 780, "雪氷冷熱エネルギーの活用について")
    c.setFont(sf.MIN, 11)
    c.drawString(50, 750, "令和7年4月 北海道空知総合振興局")
    c.drawString(50, 720, "冬の雪を夏まで貯蔵し、農産物の低温貯蔵やデータセンターの冷房に活用する。")
    c.showPage()
    c.setFont(sf.GOTHIC, 14)
    c.drawString(50, 780, "支援制度")
    header = ["事業名", "予算額（百万円）", "補助率", "上限", "補助対象"]
    row = ["雪氷冷熱エネルギー活用実証事業", "85", "2/3以内", "3,000万円", "市町村、民間事業者"]
    sf._table(c, [header, row], 50, 760, [160, 80, 60, 70, 120])
    c.showPage()
    c.save()
    return path


def test_add_a_pdf_to_a_running_server(tmp_path: Path, real_corpus_dir: Path, capsys) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    for name in (*DOCS, "manifest.json"):
        shutil.copy2(real_corpus_dir / name, corpus / name)
    build_index(Settings(corpus_dir=corpus, index_dir=index, adapt_epochs=1), progress=False)
    env = server_env(index, tmp_path / "log.sqlite3", ASSISTANT_CORPUS_DIR=str(corpus), ASSISTANT_ADAPT_EPOCHS="1")
    pdf = _new_pdf(tmp_path / NEW)
    port = free_port()
    statuses: list[int] = []
    stop = threading.Event()
    with (
        running(uvicorn_cmd(port), env, port, tmp_path / "uvicorn.log") as base,
        httpx.Client(base_url=base, timeout=60) as http,
    ):
        before = http.post("/v1/search", json={"query": "雪氷冷熱エネルギー活用実証事業", "top_k": 3}).json()
        assert all(h["doc"] != NEW for h in before["hits"])

        def hammer() -> None:
            deadline = time.monotonic() + 240  # bounded in time and count
            with httpx.Client(base_url=base, timeout=60) as client:
                while not stop.is_set() and time.monotonic() < deadline and len(statuses) < 5000:
                    r = client.post("/v1/answer", json={"question": "「新規高卒者管内企業就職率」の進捗率はいくつ？"})
                    statuses.append(r.status_code)
                    r = client.post("/v1/search", json={"query": "補助率", "top_k": 5})
                    statuses.append(r.status_code)

        workers = [threading.Thread(target=hammer) for _ in range(2)]
        for w in workers:
            w.start()
        try:
            t0 = time.monotonic()
            add = subprocess.run(
                [str(VENV_BIN / "assistant"), "add", "--json", "--no-calibrate", str(pdf)],
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            added_s = time.monotonic() - t0
            assert add.returncode == 0, add.stderr[-3000:]
            report = json.loads(add.stdout)
            assert report["added"] == [NEW] and report["build"]["changed"] == [NEW]
            # Answerable after the server's next look at index/current (every 5 s): one refresh.
            while True:
                body = http.post("/v1/answer", json={"question": QUESTION}).json()
                if body.get("citations") and body["citations"][0]["doc"] == NEW:
                    break
                assert time.monotonic() - t0 < added_s + 30, f"not answerable: {body}"  # 5 s checks + a load
                time.sleep(0.25)
            visible_s = time.monotonic() - t0
        finally:
            stop.set()
            for w in workers:
                w.join()
        assert "2/3以内" in body["answer"], body["answer"]
        assert body["citations"][0]["page"] == 2
        hits = http.post("/v1/search", json={"query": "雪氷冷熱エネルギー", "top_k": 3}).json()["hits"]
        assert hits[0]["doc"] == NEW and hits[0]["page"] in (1, 2)
        docs = {d["doc"]: d for d in http.get("/v1/documents").json()["documents"]}
        assert docs[NEW]["title"] == "雪氷冷熱エネルギーの活用について" and docs[NEW]["format"] == "pdf"
    assert statuses and set(statuses) == {200}, f"{len(statuses)} requests, statuses {sorted(set(statuses))}"
    with capsys.disabled():
        print(
            f"\nassistant add {NEW}: command {added_s:.1f}s (index refresh {report['build']['timings_s']['total_s']}s), "
            f"answerable after {visible_s:.1f}s; {len(statuses)} requests during it, all 200"
        )
