"""BM25 over the shared tokeniser (bm25s): a word field (fugashi lemmas) and a character-bigram field."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.retrieval.features import segments
from assistant.retrieval.interfaces import doc_mask, top_indices
from assistant.retrieval.recent import RecentScores
from assistant.text.tokenizer import char_bigrams, tokenize
from assistant.types import Chunk, Hit

WORDS_DIR = "bm25"
BIGRAMS_DIR = "bm25_bigram"
#: Queries whose score arrays are kept for the calls that follow (see `BM25Retriever.scores`).
RECENT_QUERIES = 8


def index_text(chunk: Chunk) -> str:
    """What BM25 indexes for a chunk: its heading and its cleaned text."""
    return f"{chunk.heading} {chunk.search_text}"


def _field_scores(model, tokens: list[str], n: int) -> np.ndarray:
    vocab = model.vocab_dict
    ids = [vocab[t] for t in tokens if t in vocab]
    if not ids:
        return np.zeros(n, dtype=np.float32)
    return np.asarray(relevance(model, ids), dtype=np.float32)


def relevance(model, ids: list[int]) -> np.ndarray:
    """``bm25s.BM25.get_scores`` of token ids, with one ``np.add.at`` over every token's postings
    instead of one call per token (a query has some 20 word and bigram tokens).

    The postings are concatenated in the query's token order, so each passage receives the same
    float32 additions in the same order: the scores are bit-identical (tests/retrieval).
    """
    stored = model.scores
    data, indices, indptr = stored["data"], stored["indices"], stored["indptr"]
    ids_arr = np.asarray(ids, dtype=np.int64)
    first = indptr[ids_arr].astype(np.int64)
    lengths = indptr[ids_arr + 1] - first
    offsets, owner = segments(lengths)
    rows = np.arange(int(lengths.sum())) - offsets[owner] + first[owner]
    out = np.zeros(stored["num_docs"], dtype=np.dtype(model.dtype))
    np.add.at(out, indices[rows], data[rows])
    if model.nonoccurrence_array is not None:  # BM25L / BM25+ give absent terms a score too
        out += model.nonoccurrence_array[ids_arr].sum()
    return out


class BM25Retriever:
    """Lexical retrieval: word BM25 plus character-bigram BM25, each scaled by its best score.

    ``bigram_weight`` 0 gives plain fugashi-lemma BM25.
    """

    def __init__(self, words, chunks: Sequence[Chunk], bigrams=None, bigram_weight: float = 1.0):
        self.model = words
        self.bigrams = bigrams
        self.bigram_weight = bigram_weight if bigrams is not None else 0.0
        self.chunks = list(chunks)
        self._recent = RecentScores(RECENT_QUERIES)

    @classmethod
    def build(cls, chunks: Sequence[Chunk], bigram_weight: float = 1.0) -> BM25Retriever:
        """Index ``chunks`` in memory (the index build saves what this makes)."""
        import bm25s

        words = bm25s.BM25()
        words.index([tokenize(index_text(c)) for c in chunks], show_progress=False)
        bigrams = bm25s.BM25()
        bigrams.index([char_bigrams(index_text(c)) for c in chunks], show_progress=False)
        return cls(words, chunks, bigrams, bigram_weight)

    def save(self, path: Path) -> None:
        self.model.save(str(path / WORDS_DIR), show_progress=False)
        if self.bigrams is not None:
            self.bigrams.save(str(path / BIGRAMS_DIR), show_progress=False)

    @classmethod
    def load(cls, path: Path, chunks: Sequence[Chunk], bigram_weight: float = 1.0) -> BM25Retriever:
        """Load the saved fields; their score matrices are memory-mapped (read-only), so API worker
        processes share one copy in the page cache instead of holding one each."""
        import bm25s

        words = bm25s.BM25.load(str(path / WORDS_DIR), show_progress=False, mmap=True)
        bigrams = None
        if (path / BIGRAMS_DIR).exists():
            bigrams = bm25s.BM25.load(str(path / BIGRAMS_DIR), show_progress=False, mmap=True)
        for model in (words, bigrams):
            if model is not None:  # plain arrays over the same mapping: np.memmap's bookkeeping costs per slice
                model.scores = {k: np.asarray(v) if isinstance(v, np.memmap) else v for k, v in model.scores.items()}
        return cls(words, chunks, bigrams, bigram_weight)

    def scores(self, query: str, tokens: list[str] | None = None) -> np.ndarray:
        """Score of every chunk: word BM25 / its max + bigram_weight * bigram BM25 / its max.

        Scaling each field by its best score makes the fields, and the dense side, commensurable.
        ``tokens`` are the query's `tokenize` output when the caller has them already. The array is
        read-only: it may be handed to the next caller asking for the same query.
        """
        tokens = tokenize(query) if tokens is None else tokens
        return self._recent.get_or_compute((query, tuple(tokens)), lambda: self.compute_scores(query, tokens))

    def compute_scores(self, query: str, tokens: list[str]) -> np.ndarray:
        """`scores` computed afresh (what a benchmark of the scoring itself measures)."""
        n = len(self.chunks)
        words = _field_scores(self.model, tokens, n)
        w_max = float(words.max(initial=0.0))
        out = words / w_max if w_max > 0 else words
        if not self.bigram_weight:
            return out
        bigrams = _field_scores(self.bigrams, char_bigrams(query), n)
        b_max = float(bigrams.max(initial=0.0))
        if b_max > 0:
            out = out + self.bigram_weight * bigrams / b_max
        return out

    def top(self, query: str, tokens: Sequence[str], k: int, docs: Sequence[str] | None) -> dict[int, float]:
        """`LexicalScorer.top`: the ``k`` best passages with a positive score, within ``docs``."""
        scores = self.scores(query, list(tokens))
        mask = doc_mask(self.chunks, docs)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        idx = top_indices(scores, k)
        return {i: v for i, v in zip(idx.tolist(), scores[idx].tolist(), strict=True) if v > 0}

    def score(self, query: str, tokens: Sequence[str], positions: Sequence[int]) -> dict[int, float]:
        """`LexicalScorer.score`: the scores of the given passages."""
        scores = self.scores(query, list(tokens))
        idx = np.asarray(positions, dtype=np.int64)
        return dict(zip(idx.tolist(), scores[idx].tolist(), strict=True))

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
