"""Fixtures for the API tests: a small fake engine (fast, deterministic) and ONE real index.

The real index is built once per test session into a temporary folder from the project corpus
(``real_index_dir``); ``real_engine`` loads it once. Tests that need it are skipped with a reason
only while the modules the index build imports are still missing (work in progress elsewhere).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.api.app import create_app  # noqa: E402
from assistant.errors import UnknownDocument  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.types import Answer, Chunk, Citation, Hit  # noqa: E402

# -- a fake engine -------------------------------------------------------------------------------
DOC_A = "000_a.txt"
DOC_B = "001_b.txt"


@dataclass(frozen=True)
class FakeRecord:
    record_id: str
    doc: str
    project: str | None
    indicator: str
    line_start: int
    line_end: int
    source_text: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class FakeEngine:
    """Implements what the API uses of `assistant.service.Assistant`, over four chunks."""

    def __init__(self, build_id: str = "fake-build"):
        self.build_id = build_id
        self.calls = 0
        self.boom = False  # set to make search/answer raise (a "bug")
        self._chunks = [
            Chunk(
                f"{DOC_A}#0",
                DOC_A,
                "国土形成計画",
                "概要",
                1,
                3,
                "第三次国土形成計画の概要。\n地域生活圏の形成。\n",
                "第三次国土形成計画の概要 地域生活圏の形成",
            ),
            Chunk(
                f"{DOC_A}#1",
                DOC_A,
                "国土形成計画",
                "KPI",
                4,
                6,
                "新規高卒者管内企業就職率\n目標 45%\n進捗率 80%\n",
                "新規高卒者管内企業就職率 目標 45% 進捗率 80%",
            ),
            Chunk(
                f"{DOC_B}#0",
                DOC_B,
                "小さな拠点",
                "拠点",
                1,
                2,
                "小さな拠点の形成数は1,500か所。\n",
                "小さな拠点の形成数は1,500か所",
            ),
            Chunk(
                f"{DOC_B}#1",
                DOC_B,
                "小さな拠点",
                "関係人口",
                3,
                5,
                "関係人口の創出・拡大。\n補助率は2分の1。\n",
                "関係人口の創出 拡大 補助率は2分の1",
            ),
        ]
        self._kpis = [
            FakeRecord(
                "k1",
                DOC_A,
                "若者の地元定着",
                "新規高卒者管内企業就職率",
                4,
                6,
                "新規高卒者管内企業就職率\n目標 45%\n進捗率 80%",
            ),
            FakeRecord("k2", DOC_B, "拠点", "小さな拠点の形成数", 1, 1, "小さな拠点の形成数は1,500か所。"),
        ]
        self._programmes = [
            FakeRecord("p1", DOC_B, None, "関係人口創出事業", 3, 4, "関係人口の創出・拡大。\n補助率は2分の1。")
        ]

    # metadata
    def documents(self) -> list[dict[str, Any]]:
        return [
            {
                "doc": DOC_A,
                "title": "国土形成計画",
                "publisher": "国土交通省",
                "date": "2026-04",
                "kind": "slides",
                "chunks": 2,
            },
            {
                "doc": DOC_B,
                "title": "小さな拠点",
                "publisher": "国土交通省",
                "date": None,
                "kind": "slides",
                "chunks": 2,
            },
        ]

    def doc_ids(self) -> list[str]:
        return [DOC_A, DOC_B]

    def document(self, doc: str) -> dict[str, Any] | None:
        return next((d for d in self.documents() if d["doc"] == doc), None)

    def manifest_summary(self) -> dict[str, Any]:
        return {"build_id": self.build_id, "documents": 2, "chunks": len(self._chunks), "model": "fake"}

    def check_docs(self, docs: Sequence[str] | None) -> list[str] | None:
        if not docs:
            return None
        unknown = [d for d in docs if d not in self.doc_ids()]
        if unknown:
            raise UnknownDocument(unknown, self.doc_ids())
        return list(dict.fromkeys(docs))

    # retrieval and answers
    def search(self, query: str, top_k: int | None = None, docs: Sequence[str] | None = None) -> list[Hit]:
        self.calls += 1
        if self.boom:
            raise RuntimeError("simulated bug")
        docs = self.check_docs(docs)
        scored = []
        for c in self._chunks:
            if docs and c.doc not in docs:
                continue
            score = sum(ch in c.search_text for ch in set(query)) / max(len(set(query)), 1)
            scored.append((score, c))
        scored.sort(key=lambda t: -t[0])
        return [Hit(chunk=c, score=s, rank=i) for i, (s, c) in enumerate(scored[: top_k or 5], start=1)]

    def answer(self, question: str, history=None, docs=None, top_k=None) -> Answer:
        hits = self.search(question, top_k or 3, docs)
        best = hits[0] if hits else None
        cite = (
            [
                Citation(
                    1,
                    best.chunk.chunk_id,
                    best.chunk.doc,
                    best.chunk.title,
                    "2026-04",
                    best.chunk.text,
                    best.chunk.text.splitlines()[0],
                    best.chunk.line_start,
                    best.chunk.line_end,
                )
            ]
            if best
            else []
        )
        abstain = "宇宙" in question or not best or best.score < 0.2
        return Answer(
            id=uuid.uuid4().hex,
            question=question,
            answer="資料には該当する記載が見つかりませんでした。" if abstain else f"{cite[0].quote} [1]",
            abstained=abstain,
            abstained_by="evidence" if abstain else None,
            kind="kpi" if "率" in question else "general",
            citations=[] if abstain else cite,
            related=cite if abstain else [],
        )

    def kpis(self, doc=None, project=None, q=None, year=None) -> list[FakeRecord]:
        return [
            r
            for r in self._kpis
            if (doc is None or r.doc == doc)
            and (project is None or r.project == project)
            and (q is None or q in r.indicator)
        ]

    def programmes(self, doc=None, q=None, rate=None, eligible=None, budget_year=None) -> list[FakeRecord]:
        return [r for r in self._programmes if (doc is None or r.doc == doc) and (q is None or q in r.indicator)]


@pytest.fixture
def make_settings(tmp_path):
    """Settings isolated in tmp_path (no index, own database), rate limit off unless overridden."""

    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "index_dir": tmp_path / "no-index",
            "db_path": tmp_path / "var" / "log.sqlite3",
            "rate_limit_per_minute": 0,
            "api_keys": None,
            "admin_keys": None,
            "cors_origins": "",
        }
        values.update(overrides)
        return Settings(**values)

    return make


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def make_client(make_settings, fake_engine):
    """``make_client(engine=None, **settings)`` -> a started TestClient (closed after the test)."""
    clients: list[TestClient] = []

    def make(engine: Any = None, raise_server_exceptions: bool = True, **overrides: Any) -> TestClient:
        app = create_app(make_settings(**overrides), engine=engine or fake_engine, reload_interval=0)
        client = TestClient(app, raise_server_exceptions=raise_server_exceptions)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.__exit__(None, None, None)


@pytest.fixture
def client(make_client) -> TestClient:
    """A client on the fake engine with default limits off and no keys."""
    return make_client()


# -- the real index ------------------------------------------------------------------------------
def pytest_collection_modifyitems(config, items):
    """Tests on the real index build it (about a minute): mark them ``slow`` for ``make test-fast``."""
    for item in items:
        if "real_index_dir" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def real_index_dir(tmp_path_factory) -> Path:
    """ONE index built from the project corpus for the whole session (under a minute)."""
    index_dir = tmp_path_factory.mktemp("api-index") / "index"
    from assistant.indexing.build import build_index

    build_index(Settings(index_dir=index_dir), progress=False)
    return index_dir


@pytest.fixture(scope="session")
def real_engine(real_index_dir):
    from assistant.service import Assistant

    engine = Assistant.load(Settings(index_dir=real_index_dir))
    engine.answerer  # noqa: B018 - load the answerer and records now, once
    engine.records  # noqa: B018
    return engine


@pytest.fixture
def real_client(make_settings, real_engine, real_index_dir) -> TestClient:
    app = create_app(make_settings(index_dir=real_index_dir), engine=real_engine, reload_interval=0)
    with TestClient(app) as c:
        yield c
