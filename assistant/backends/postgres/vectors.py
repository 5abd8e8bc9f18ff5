"""Nearest passages by pgvector: inner product on normalised vectors (= cosine), HNSW above ``flat_max``.

Up to ``flat_max`` passages the search is exact (the ordering expression is not the indexed one, so
the planner scans), as the local backend's flat FAISS index; above, the HNSW index answers with
``hnsw.ef_search`` 64 and, under a document filter, pgvector's iterative scan keeps going until
``k`` rows pass it. The candidates' rows come back with their scores (one query).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.types import Hit


class PgVectors:
    """`VectorIndex` (and the ``dense`` retriever) over ``passages.embedding``."""

    def __init__(self, db, schema: str, embedder, passages, *, exact: bool):
        self.db = db
        self.schema = schema
        self.embedder = embedder
        self.passages = passages
        self.exact = exact
        cols = ", ".join(f"p.{c.strip()}" for c in passages.columns.split(","))
        # "+ 0" keeps the planner off the HNSW index: an exact scan, as FAISS's flat index.
        order = "(embedding <#> %(v)s) + 0" if exact else "embedding <#> %(v)s"
        # Rank on (pos, distance) alone, then read the winners' rows: sorting whole rows would
        # decompress every passage's text.
        sql = (
            f"WITH top AS (SELECT pos, embedding <#> %(v)s AS d FROM {schema}.passages {{where}} "
            f"ORDER BY {order} LIMIT %(k)s) "
            f"SELECT -top.d, {cols} FROM top JOIN {schema}.passages p ON p.pos = top.pos"
        )
        # The rows the lexical side deferred come back in the same round trip (score NULL).
        extra = f" UNION ALL SELECT NULL, {cols} FROM {schema}.passages p WHERE p.pos = ANY(%(extra)s)"
        self._sql = {
            (False, False): sql.format(where=""),
            (True, False): sql.format(where="WHERE doc = ANY(%(docs)s)"),
        }
        self._sql |= {(f, True): q + extra for (f, _), q in list(self._sql.items())}

    def embed(self, query: str) -> np.ndarray:
        return self.embedder.embed_queries([query])

    def search_vector(
        self, vector: np.ndarray, k: int, docs: Sequence[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top ``k`` (positions, cosine scores), best first, within ``docs``."""
        v = np.asarray(vector, dtype=np.float32).reshape(-1)
        extra = self.passages.take_deferred() if hasattr(self.passages, "take_deferred") else []
        params = {"v": v, "k": int(k), "docs": list(docs) if docs else None, "extra": extra}
        got = self.db.fetch(self._sql[(bool(docs), bool(extra))], params)
        self.passages.remember(r[1:] for r in got)
        # Ties and the iterative scan's relaxed order: sort as FAISS does (score, then position).
        rows = sorted((r for r in got if r[0] is not None), key=lambda r: (-r[0], r[1]))
        ids = np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows))
        sims = np.fromiter((r[0] for r in rows), dtype=np.float32, count=len(rows))
        return ids, sims

    def retrieve(self, query: str, k: int = 5, docs: Sequence[str] | None = None) -> list[Hit]:
        ids, scores = self.search_vector(self.embed(query), k, docs)
        return [
            Hit(self.passages.at(int(i)), float(s), rank=r, dense_score=float(s))
            for r, (i, s) in enumerate(zip(ids, scores, strict=True), start=1)
        ]
