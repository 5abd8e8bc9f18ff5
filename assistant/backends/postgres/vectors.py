"""Nearest passages by pgvector: inner product on normalised vectors (= cosine), HNSW above ``flat_max``.

Up to ``flat_max`` passages the search is exact (a subquery fence keeps the planner off the index),
as the local backend's flat FAISS index; above, the HNSW index answers with
``hnsw.ef_search`` 40 (`db.HNSW_EF_SEARCH`) and, under a document filter, pgvector's iterative scan keeps going until
``k`` rows pass it. The query returns positions and scores only; the rows the passage cache lacks
(this search's lexical candidates too) are read in a second query, skipped when all are cached.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.retrieval.query_adapter import QueryAdapter
from assistant.types import Hit


class PgVectors:
    """`VectorIndex` (and the ``dense`` retriever) over ``passages.embedding``."""

    def __init__(self, db, schema: str, embedder, passages, *, exact: bool):
        self.db = db
        self.schema = schema
        self.embedder = embedder
        self.passages = passages
        self.exact = exact
        self.query_adapter: QueryAdapter | None = None  # the build's, for the passage search (`query_adapter`)
        # Rank on (pos, distance) alone: the candidates' rows are read afterwards, and only those the
        # passage cache lacks (in the steady state none: one query per search, no texts decoded).
        # Exact: the OFFSET 0 fence keeps the planner off the HNSW index (an exact scan, as FAISS's
        # flat index) and computes each distance once.
        ranked = (
            f"SELECT pos, -d FROM (SELECT pos, embedding <#> %(v)s AS d FROM {schema}.passages {{where}} OFFSET 0) s "
            "ORDER BY d LIMIT %(k)s"
            if exact
            else f"SELECT pos, -(embedding <#> %(v)s) FROM {schema}.passages {{where}} "
            "ORDER BY embedding <#> %(v)s LIMIT %(k)s"
        )
        self._sql = {False: ranked.format(where=""), True: ranked.format(where="WHERE doc = ANY(%(docs)s)")}

    def embed(self, query: str) -> np.ndarray:
        """The vector that searches the passages: the question's, mapped by the adapter when there is one."""
        vector = self.embedder.embed_queries([query])
        return vector if self.query_adapter is None else self.query_adapter.adapt(query, vector)

    def search_vector(
        self, vector: np.ndarray, k: int, docs: Sequence[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top ``k`` (positions, cosine scores), best first, within ``docs``."""
        v = np.asarray(vector, dtype=np.float32).reshape(-1)
        # Binary rows: an int and a float4 each, read without text parsing (about 10 % of the query's client CPU).
        got = self.db.fetch(
            self._sql[bool(docs)], {"v": v, "k": int(k), "docs": list(docs) if docs else None}, binary=True
        )
        # Ties and the iterative scan's relaxed order: sort as FAISS does (score, then position).
        rows = sorted(got, key=lambda r: (-r[1], r[0]))
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        sims = np.fromiter((r[1] for r in rows), dtype=np.float32, count=len(rows))
        if hasattr(self.passages, "take_deferred"):
            # The rows this search will read, the lexical side's included: one query, when any is missing.
            self.passages.prefetch([*ids.tolist(), *self.passages.take_deferred()])
        return ids, sims

    def retrieve(self, query: str, k: int = 5, docs: Sequence[str] | None = None) -> list[Hit]:
        ids, scores = self.search_vector(self.embed(query), k, docs)
        return [
            Hit(self.passages.at(int(i)), float(s), rank=r, dense_score=float(s))
            for r, (i, s) in enumerate(zip(ids, scores, strict=True), start=1)
        ]
