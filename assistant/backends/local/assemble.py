"""The hybrid retriever over the local backend's parts (used by the service, the scale bench and tests)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.backends.local.lexical import BM25Retriever
from assistant.backends.local.passages import ChunkTermStatistics, LocalPassages
from assistant.backends.local.vectors import DenseRetriever
from assistant.backends.local.warm import PassageTerms
from assistant.retrieval.fusion_model import fitted_weights, with_weights
from assistant.retrieval.hybrid import FusionParams, HybridRetriever, RecordHint
from assistant.retrieval.query_adapter import LinearAdapter
from assistant.settings import Settings


def numbered_docs(documents: Sequence[dict[str, Any]]) -> frozenset[str]:
    """Documents whose lines start with PDF line numbers (their sentence units differ)."""
    return frozenset(d["doc"] for d in documents if d.get("line_numbers"))


def fusion_params(settings: Settings, build_dir: Path | None = None) -> FusionParams:
    """The fusion weights fitted for the build (``fusion.json``), else the settings' (the rest are defaults)."""
    params = FusionParams(bm25_weight=settings.bm25_weight, dense_weight=settings.dense_weight)
    fitted = fitted_weights(build_dir) if settings.use_fitted_fusion else None
    return with_weights(params, fitted) if fitted is not None else params


def attach_query_adapter(hybrid: HybridRetriever, dense: Any, settings: Settings, build_dir: Path | None) -> None:
    """Give the hybrid retriever (and the local dense one) the build's query adapter, when it has one and it is on."""
    embedder = getattr(dense, "embedder", None)
    dimension = getattr(embedder, "dimension", None) if settings.use_query_adapter else None
    adapter = LinearAdapter.load(build_dir, dimension)
    hybrid.query_adapter = adapter
    if hasattr(dense, "query_adapter"):  # the local or the database dense retriever
        dense.query_adapter = adapter


def local_hybrid(
    bm25: BM25Retriever,
    dense: DenseRetriever | None,
    params: FusionParams | None = None,
    *,
    passages: LocalPassages | None = None,
    numbered_docs: frozenset[str] = frozenset(),
    record_hint: RecordHint | None = None,
    terms: list[PassageTerms] | None = None,
    sentences: tuple[np.ndarray, np.ndarray] | None = None,
) -> HybridRetriever:
    """BM25 + FAISS fused by `HybridRetriever`, with passages and term statistics from the same chunks.

    ``terms`` and ``sentences`` are the build's stored warm-up data (`assistant.backends.local.warm`);
    without them the retriever computes the same on warm-up.
    """
    passages = passages if passages is not None else LocalPassages(bm25.chunks)
    hybrid = HybridRetriever(
        passages,
        passages,
        bm25,
        ChunkTermStatistics(passages.chunks, [t for t, _ in terms] if terms is not None else None),
        vectors=dense,
        embedder=dense.embedder if dense is not None else None,
        params=params,
        numbered_docs=numbered_docs,
        record_hint=record_hint,
    )
    hybrid.preload(terms, sentences)
    return hybrid
