"""Nearest passages by pgvector: inner product on normalised vectors (= cosine), HNSW above ``flat_max``.

Up to ``flat_max`` passages the search is exact (the ordering expression is not the indexed one, so
the planner scans), as the local backend's flat FAISS index; above, the HNSW index answers with
``hnsw.ef_search`` 64 and, under a document filter, pgvector's iterative scan keeps going until
``k`` rows pass it. The candidates' rows come back with their scores (one query).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.backends.postgres.passages import COLUMNS
from assistant.types import Hit


class PgVectors:
    """`VectorIndex` (and the ``dense`` retriever) over ``passages.embedding``."""

    def __init__(self, db, schema: str, embedder, passages, *, exact: bool):
        self.db = db
        self.schema = schema
        self.embedder = embedder
        self.passages = passages
        self.exact = exact
        cols = ", ".join(f"p.{c.strip()}" for c in COLUMNS.split(","))
        # "+ 0" keeps the planner off the HNSW index: an exact scan, as FAISS's flat index.
        order = "(embedding <#> %(v)s) + 0" if exact else "embedding <#> %(v)s"
        # Rank on (pos, distance) alone, then read the winners' rows: sorting whole rows would
        # decompress every passage's text.
        sql = (
            f"WITH top AS (SELECT pos, embedding <#> %(v)s AS d FROM {schema}.passages {{where}} "
            f"ORDER BY {order} LIMIT %(k)s) "
            f"SELECT -top.d, {cols} FROM top JOIN {schema}.passages p ON p.pos = top.pos"
        )
        self._plain = sql.format(where="")
        self._filtered = sql.format(where="WHERE doc = ANY(%(docs)s)")

    def embed(self, query: str) -> np.ndarray:
        return self.embedder.embed_queries([query])

    def search_vector(
        self, vector: np.ndarray, k: int, docs: Sequence[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top ``k`` (positions, cosine scores), best first, within ``docs``."""
        v = np.asarray(vector, dtype=np.float32).reshape(-1)
        params = {"v": v, "k": int(k), "docs": list(docs) if docs else None}
        rows = self.db.fetch(self._filtered if docs else self._plain, params)
        # Ties and the iterative scan's relaxed order: sort as FAISS does (score, then position).
        rows.sort(key=lambda r: (-r[0], r[1]))
        self.passages.remember(r[1:] for r in rows)
        ids = np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows))
        sims = np.fromiter((r[0] for r in rows), dtype=np.float32, count=len(rows))
        return ids, sims

    def retrieve(self, query: str, k: int = 5, docs: Sequence[str] | None = None) -> list[Hit]:
        ids, scores = self.search_vector(self.embed(query), k, docs)
        return [
            Hit(self.passages.at(int(i)), float(s), rank=r, dense_score=float(s))
            for r, (i, s) in enumerate(zip(ids, scores, strict=True), start=1)
        ]
