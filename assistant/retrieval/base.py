"""The retriever abstraction: one required method."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from assistant.types import Chunk, Hit


@runtime_checkable
class Retriever(Protocol):
    """Anything that turns a query into ranked chunks."""

    def retrieve(self, query: str, k: int = 5, docs: Sequence[str] | None = None) -> list[Hit]:
        """The ``k`` best chunks for ``query``, optionally only from the documents ``docs``."""
        ...


def doc_mask(chunks: Sequence[Chunk], docs: Sequence[str] | None) -> np.ndarray | None:
    """Boolean mask of chunks in ``docs`` (None when there is no filter)."""
    if not docs:
        return None
    wanted = set(docs)
    return np.fromiter((c.doc in wanted for c in chunks), dtype=bool, count=len(chunks))


def top_indices(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` largest scores, best first (ties broken by position: stable)."""
    k = min(k, len(scores))
    if k <= 0:
        return np.empty(0, dtype=np.int64)
    part = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
    return part[np.lexsort((part, -scores[part]))]
