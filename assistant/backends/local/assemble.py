"""The hybrid retriever over the local backend's parts (used by the service, the scale bench and tests)."""

from __future__ import annotations

from assistant.backends.local.lexical import BM25Retriever
from assistant.backends.local.passages import ChunkTermStatistics, LocalPassages
from assistant.backends.local.vectors import DenseRetriever
from assistant.retrieval.hybrid import FusionParams, HybridRetriever, RecordHint


def local_hybrid(
    bm25: BM25Retriever,
    dense: DenseRetriever | None,
    params: FusionParams | None = None,
    *,
    passages: LocalPassages | None = None,
    numbered_docs: frozenset[str] = frozenset(),
    record_hint: RecordHint | None = None,
) -> HybridRetriever:
    """BM25 + FAISS fused by `HybridRetriever`, with passages and term statistics from the same chunks."""
    passages = passages if passages is not None else LocalPassages(bm25.chunks)
    return HybridRetriever(
        passages,
        passages,
        bm25,
        ChunkTermStatistics(passages.chunks),
        vectors=dense,
        embedder=dense.embedder if dense is not None else None,
        params=params,
        numbered_docs=numbered_docs,
        record_hint=record_hint,
    )
