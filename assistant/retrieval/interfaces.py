"""What a storage backend provides, as narrow Protocols; the hybrid retriever and the answerer read only these.

A build's passages are numbered 0..n-1 in corpus order (their *position*); every interface speaks in
positions, so a backend keeps its own ids (FAISS rows, a SQL serial column) and still agrees with the
others. A second backend (PostgreSQL + pgvector, OpenSearch…) implements:

- `Passages` and `PassageLookup`: passage by position, by chunk id, and the passages covering lines of a document;
- `DocumentCatalog`: document metadata;
- `LexicalScorer` and `TermStatistics`: lexical candidates with scores, and term weights (IDF);
- optionally `PassageTerms`: each passage's stored token sets (else the re-ranker tokenises candidates);
- `VectorIndex`: nearest passages to a query vector;
- `assistant.records.interfaces.RecordSource`: KPI and programme records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np

from assistant.types import Chunk, Hit


@runtime_checkable
class Retriever(Protocol):
    """Anything that turns a query into ranked chunks."""

    def retrieve(self, query: str, k: int = 5, docs: Sequence[str] | None = None) -> list[Hit]:
        """The ``k`` best chunks for ``query``, optionally only from the documents ``docs``."""
        ...


class Passages(Protocol):
    """The build's passages by position (0..n-1, corpus order)."""

    def __len__(self) -> int: ...

    def at(self, position: int) -> Chunk:
        """The passage at ``position``."""
        ...


class PassageLookup(Protocol):
    """Passages found by id or by the lines they cover."""

    def position(self, chunk_id: str) -> int | None:
        """The position of the passage ``chunk_id`` (None when unknown)."""
        ...

    def in_lines(self, doc: str, line_start: int, line_end: int) -> list[int]:
        """Positions of ``doc``'s passages that share a line with ``line_start..line_end``, in order."""
        ...


class DocumentCatalog(Protocol):
    """Document metadata (title, date, line_numbers …) as the build recorded it."""

    def documents(self) -> list[dict[str, Any]]: ...

    def document(self, doc_id: str) -> dict[str, Any] | None: ...


class LexicalScorer(Protocol):
    """Lexical (BM25-like) scoring of passages, scaled so the best passage of the corpus scores about 1 per field."""

    def top(self, query: str, tokens: Sequence[str], k: int, docs: Sequence[str] | None) -> dict[int, float]:
        """The ``k`` best-scoring passages with a positive score (position -> score), within ``docs``."""
        ...

    def score(self, query: str, tokens: Sequence[str], positions: Sequence[int]) -> dict[int, float]:
        """The scores of the given passages (0 for a passage the query does not match)."""
        ...


@runtime_checkable
class PassageTerms(Protocol):
    """Each passage's token sets (text, heading), as the build tokenised them: the re-ranker need not."""

    def term_sets(self, positions: Sequence[int]) -> dict[int, tuple[frozenset[str], frozenset[str]]]:
        """(text tokens, heading tokens) of the given passages (a backend may leave some out)."""
        ...


class TermStatistics(Protocol):
    """Corpus term weights over the one tokeniser's tokens."""

    def idf(self) -> Mapping[str, float]:
        """Inverse document frequency of every token that occurs in a passage."""
        ...


class VectorIndex(Protocol):
    """Nearest passages to a query vector (cosine on normalised vectors)."""

    def search_vector(
        self, vector: np.ndarray, k: int, docs: Sequence[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Positions and cosine scores of the ``k`` nearest passages, best first, within ``docs``."""
        ...


class QueryEmbedder(Protocol):
    """Turns questions (or sentences) into vectors of the index's model."""

    builtin: bool

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...


def doc_mask(chunks: Sequence[Chunk], docs: Sequence[str] | None) -> np.ndarray | None:
    """Boolean mask of chunks in ``docs`` (None when there is no filter)."""
    if not docs:
        return None
    wanted = set(docs)
    return np.fromiter((c.doc in wanted for c in chunks), dtype=bool, count=len(chunks))


SAMPLE_STEP = 16  # `top_indices` bounds the k-th score by every 16th score's k-th when there are this many k's


def top_indices(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` largest scores, best first, ties broken by position (the smaller first).

    Over a large array the candidates are first cut to the scores at or above a sample's ``k``-th largest
    (every `SAMPLE_STEP`-th score: a subset's ``k``-th largest is at most the whole's, so nothing of the
    top ``k`` is cut); at 100x that leaves some hundreds of 56,900 to partition.
    """
    k = min(k, len(scores))
    if k <= 0:
        return np.empty(0, dtype=np.int64)
    part, values = None, scores
    if len(scores) >= SAMPLE_STEP * k * 4:
        sample = scores[::SAMPLE_STEP]
        floor = np.partition(sample, len(sample) - k)[len(sample) - k]
        part = np.flatnonzero(scores >= floor)
        values = scores[part]
    chosen = np.arange(len(values))
    if len(values) > k:
        chosen = np.argpartition(-values, k - 1)[:k]
        kth = values[chosen].min()
        if np.count_nonzero(values == kth) > np.count_nonzero(values[chosen] == kth):
            # The k-th score's ties straddle the cut (argpartition picks among them in no set order):
            # every score above it, then its ties by position.
            above = np.flatnonzero(values > kth)
            chosen = np.concatenate((above, np.flatnonzero(values == kth)[: k - len(above)]))
    top = chosen if part is None else part[chosen]
    return top[np.lexsort((top, -scores[top]))]
