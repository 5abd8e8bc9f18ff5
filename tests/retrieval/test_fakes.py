"""A second backend needs only the interfaces: the hybrid retriever and the answerer over small in-memory fakes."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from assistant.answer import Answerer
from assistant.records.models import KpiRecord, KpiValue, RecordMatch
from assistant.retrieval import HybridRetriever
from assistant.text.normalize import normalize
from assistant.text.tokenizer import tokenize
from assistant.types import Chunk

DOC = "900_fake.txt"
LINES = [
    "■移住支援金",  # 1
    "東京圏から移住した世帯に支給します。",  # 2
    "支給額は1世帯あたり上限100万円です。",  # 3
    "■空き家改修補助",  # 4
    "空き家の改修費用の1/2を補助します。",  # 5
    "補助の上限は50万円です。",  # 6
    "■評価指標",  # 7
    "移住者数 基準値120人(R2) 実績値150人(R5) 目標値200人(R7)",  # 8
]


def _chunk(i: int, heading: str, start: int, end: int) -> Chunk:
    text = "\n".join(LINES[start - 1 : end])
    return Chunk(f"c{i}", DOC, "架空の町の移住施策", heading, start, end, text, normalize(text))


CHUNKS = [_chunk(0, "■移住支援金", 1, 3), _chunk(1, "■空き家改修補助", 4, 6), _chunk(2, "■評価指標", 7, 8)]


class FakePassages:
    """Passages, PassageLookup and DocumentCatalog over a list (what a database backend gives by query)."""

    def __len__(self) -> int:
        return len(CHUNKS)

    def at(self, position: int) -> Chunk:
        return CHUNKS[position]

    def position(self, chunk_id: str) -> int | None:
        return next((i for i, c in enumerate(CHUNKS) if c.chunk_id == chunk_id), None)

    def in_lines(self, doc: str, line_start: int, line_end: int) -> list[int]:
        return [
            i for i, c in enumerate(CHUNKS) if c.doc == doc and c.line_start <= line_end and c.line_end >= line_start
        ]

    def documents(self) -> list[dict]:
        return [{"doc": DOC, "title": "架空の町の移住施策", "date": "2026-01", "line_numbers": False}]

    def document(self, doc_id: str) -> dict | None:
        return self.documents()[0] if doc_id == DOC else None


class FakeLexical:
    """LexicalScorer and TermStatistics: shared-token counts weighted by IDF, scaled by the best."""

    def __init__(self) -> None:
        self.tokens = [set(tokenize(f"{c.heading} {c.search_text}")) for c in CHUNKS]
        self.calls: list[str] = []

    def idf(self) -> dict[str, float]:
        df: dict[str, int] = {}
        for toks in self.tokens:
            for t in toks:
                df[t] = df.get(t, 0) + 1
        return {t: math.log(1 + (len(CHUNKS) - d + 0.5) / (d + 0.5)) for t, d in df.items()}

    def _all(self, tokens: Sequence[str]) -> list[float]:
        idf = self.idf()
        raw = [sum(idf.get(t, 0.0) for t in set(tokens) & toks) for toks in self.tokens]
        best = max(raw) or 1.0
        return [r / best for r in raw]

    def top(self, query: str, tokens: Sequence[str], k: int, docs: Sequence[str] | None) -> dict[int, float]:
        self.calls.append("top")
        scores = self._all(tokens)
        ranked = sorted((i for i, s in enumerate(scores) if s > 0), key=lambda i: -scores[i])[:k]
        return {i: scores[i] for i in ranked if not docs or CHUNKS[i].doc in docs}

    def score(self, query: str, tokens: Sequence[str], positions: Sequence[int]) -> dict[int, float]:
        self.calls.append("score")
        scores = self._all(tokens)
        return {i: scores[i] for i in positions}


class FakeVectors:
    """VectorIndex: always proposes the KPI passage, as a semantic neighbour the words miss."""

    def search_vector(self, vector: np.ndarray, k: int, docs: Sequence[str] | None = None):
        if docs and CHUNKS[2].doc not in docs:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        return np.array([2]), np.array([0.5], dtype=np.float32)


class FakeEmbedder:
    builtin = False

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.ones((len(texts), 4), dtype=np.float32) / 2


class FakeRecords:
    """RecordMatcher with one KPI record, named when the question says 移住者数."""

    record = KpiRecord(
        record_id="k1", doc=DOC, project="評価指標", indicator="移住者数", unit=None,
        baseline=KpiValue("R2", "120人", None), actuals=(KpiValue("R5", "150人", None),),
        targets=(KpiValue("R7", "200人", None),), progress=None, line_start=8, line_end=8, source_text=LINES[7],
    )  # fmt: skip

    def match_kpi(self, question, docs=None, idf=None):
        return [RecordMatch(self.record, 1.0, 2)] if "移住者数" in question else []

    def match_programme(self, question, docs=None, idf=None):
        return []


def _hybrid(lexical: FakeLexical) -> HybridRetriever:
    passages = FakePassages()
    return HybridRetriever(passages, passages, lexical, lexical, vectors=FakeVectors(), embedder=FakeEmbedder())


def test_hybrid_ranks_over_fake_parts() -> None:
    lexical = FakeLexical()
    hits = _hybrid(lexical).retrieve("空き家の改修の補助率は？", k=3)
    assert hits[0].chunk.chunk_id == "c1"
    # The dense-only candidate got its lexical score through `score`, not from an array of every passage.
    assert "score" in lexical.calls and {h.chunk.chunk_id for h in hits} >= {"c1", "c2"}


def test_document_filter_is_passed_to_the_backend() -> None:
    assert _hybrid(FakeLexical()).retrieve("補助率", k=3, docs=["999_other.txt"]) == []


def _answerer() -> Answerer:
    lexical = FakeLexical()
    hybrid = _hybrid(lexical)
    passages = FakePassages()
    return Answerer(hybrid, passages, passages, passages, FakeRecords(), idf=hybrid.idf, top_k=3)


def test_answerer_reads_values_from_fake_passages() -> None:
    answer = _answerer().answer("空き家改修補助で上限はいくら？")
    assert not answer.abstained
    assert "50万円" in answer.answer.split("（")[0]
    assert answer.citations[0].doc == DOC and answer.citations[0].date == "2026-01"
    assert "50万円" in answer.citations[0].quote


def test_answerer_reads_records_from_a_fake_record_source() -> None:
    answer = _answerer().answer("移住者数の目標値は？")
    assert answer.source == "records"
    assert answer.answer.startswith("移住者数の目標値は200人(R7)です")
    assert answer.citations[0].quote_line_start == 8


def test_answerer_abstains_when_the_fake_documents_are_silent() -> None:
    answer = _answerer().answer("空き家改修補助の申請期限はいつですか？")
    assert answer.abstained
