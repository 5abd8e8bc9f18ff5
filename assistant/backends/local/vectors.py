"""Dense retrieval: normalised sentence-transformers embeddings in a FAISS inner-product index."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.retrieval.query_adapter import QueryAdapter
from assistant.types import Chunk, Hit


class DenseRetriever:
    """Semantic retrieval through FAISS (flat for ordinary corpora, HNSW for large ones)."""

    def __init__(self, index, embedder, chunks: Sequence[Chunk]):
        self.index = index
        self.embedder = embedder
        self.chunks = list(chunks)
        self._doc_of = np.array([c.doc for c in self.chunks])
        self.query_adapter: QueryAdapter | None = None  # the build's, for the passage search (`query_adapter`)

    @classmethod
    def load(cls, path: Path, embedder, chunks: Sequence[Chunk]) -> DenseRetriever:
        """Read the FAISS index, its vectors memory-mapped where FAISS can (flat indexes and the
        storage of HNSW ones): worker processes then share the file's pages instead of a copy each."""
        import faiss

        flag = getattr(faiss, "IO_FLAG_MMAP_IFC", None)
        if flag is not None:
            try:
                return cls(faiss.read_index(str(path), flag), embedder, chunks)
            except RuntimeError:  # an index type FAISS cannot map: read it into memory
                pass
        return cls(faiss.read_index(str(path)), embedder, chunks)

    def embed(self, query: str) -> np.ndarray:
        """The vector that searches the passages: the question's, mapped by the adapter when there is one."""
        vector = self.embedder.embed_queries([query])
        return vector if self.query_adapter is None else self.query_adapter.adapt(query, vector)

    def search_vector(
        self, vector: np.ndarray, k: int, docs: Sequence[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top ``k`` (indices, cosine scores) for an embedded query, filtered by document."""
        n = self.index.ntotal
        if n == 0:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        fetch = min(n, k if not docs else max(k * 8, 256))
        while True:
            scores, ids = self.index.search(vector.reshape(1, -1).astype(np.float32), fetch)
            ids, scores = ids[0], scores[0]
            keep = ids >= 0
            if docs:
                keep &= np.isin(self._doc_of[np.clip(ids, 0, n - 1)], list(docs))
            if keep.sum() >= k or fetch >= n:
                return ids[keep][:k], scores[keep][:k]
            fetch = min(n, fetch * 4)

    def retrieve(self, query: str, k: int = 5, docs: Sequence[str] | None = None) -> list[Hit]:
        ids, scores = self.search_vector(self.embed(query), k, docs)
        return [
            Hit(self.chunks[i], float(s), rank=r, dense_score=float(s))
            for r, (i, s) in enumerate(zip(ids, scores, strict=True), start=1)
        ]
