"""BM25 over the shared fugashi tokeniser (bm25s)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.retrieval.base import doc_mask, top_indices
from assistant.tokenizer import tokenize
from assistant.types import Chunk, Hit


class BM25Retriever:
    """Lexical retrieval: bm25s scores of the query's tokens against every chunk."""

    def __init__(self, model, chunks: Sequence[Chunk]):
        self.model = model
        self.chunks = list(chunks)

    @classmethod
    def load(cls, path: Path, chunks: Sequence[Chunk]) -> BM25Retriever:
        import bm25s

        return cls(bm25s.BM25.load(str(path), show_progress=False), chunks)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk (zeros when no query token is in the vocabulary)."""
        tokens = [t for t in tokenize(query) if t in self.model.vocab_dict]
        if not tokens:
            return np.zeros(len(self.chunks), dtype=np.float32)
        return np.asarray(self.model.get_scores(tokens), dtype=np.float32)

    def retrieve(self, query: str, k: int = 5, docs: Sequence[str] | None = None) -> list[Hit]:
        scores = self.scores(query)
        mask = doc_mask(self.chunks, docs)
        if mask is not None:
            scores = np.where(mask, scores, -np.inf)
        idx = [i for i in top_indices(scores, k) if np.isfinite(scores[i]) and scores[i] > 0]
        return [
            Hit(self.chunks[i], float(scores[i]), rank=r, bm25_score=float(scores[i]))
            for r, i in enumerate(idx, start=1)
        ]
