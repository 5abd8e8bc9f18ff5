"""BM25 from term-statistics tables: the same scores as the local backend's bm25s, from PostgreSQL.

At build time `field_postings` computes, per field (fugashi words, character bigrams) and term, the
passages that hold the term and each one's BM25 weight ``idf * tf / (tf + k1 * (1 - b + b * dl / avgdl))``
(bm25s's "lucene" variant, k1 1.5, b 0.75). They are stored one row per term, positions and weights
packed (int32 / float32). At query time `PgLexical` fetches the rows of the query's terms (one
query; hot terms stay in a bounded in-process cache) and adds them up with numpy, which is what
bm25s does over its own sparse matrix: the word and bigram fields are each scaled by their best score.
A list holding a quarter of the passages or more is kept as a dense row of weights (zero where absent)
and added as a whole: the same float32 additions in the same order, 3x cheaper than scattering
its postings at that share and more above (`DENSE_SHARE`).
"""

from __future__ import annotations

import math
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.backends.local.lexical import index_text
from assistant.retrieval.interfaces import top_indices
from assistant.retrieval.recent import RecentScores
from assistant.text.tokenizer import char_bigrams, token_cache, tokenize
from assistant.types import Chunk, Hit

K1 = 1.5
B = 0.75
WORDS, BIGRAMS = 0, 1
SCORED_QUERIES = 16  # score arrays kept: a hybrid search asks for the same query's scores twice (top, score)
# Posting values kept per process (8 bytes each: at most 80 MB). 100x holds 18.7M; the dev questions' lists 7.3M,
# 8.0M with the dense rows below: with 8M (64 MB) they no longer fitted, and a cycle of questions larger than an
# LRU cache misses on every list (a query per search, 5 ms of CPU instead of 3).
CACHE_ENTRIES = 10_000_000
#: A list in at least this share of the passages is cached dense (n float32, counted as n / 2 values: at most
#: twice its postings' bytes, less above half). Adding a dense row costs about as much as scattering n / 12
#: postings with ``np.add.at`` (100x, dev questions: the BM25 sum 1.02 -> 0.65 ms at 1/4, 0.64 ms at 1/8).
DENSE_SHARE = 0.25

#: A cached posting list: (positions int32, weights float32), or (None, a dense float32 row of every passage).
Postings = tuple[np.ndarray | None, np.ndarray]
_ABSENT = object()  # not in the cache (None there is a term no passage holds)


@dataclass
class FieldPostings:
    """One field's posting lists: term -> (df, positions int32, weights float32), and length statistics."""

    field: int
    n: int
    avg_len: float
    lists: dict[str, tuple[np.ndarray, np.ndarray]]


def field_postings(field: int, docs_tokens: Iterable[Sequence[str]]) -> FieldPostings:
    """BM25 posting lists of one field over every passage's tokens (in position order)."""
    vocab: dict[str, int] = {}
    term_ids: list[int] = []
    positions: list[int] = []
    tfs: list[int] = []
    lengths: list[int] = []
    for pos, tokens in enumerate(docs_tokens):
        lengths.append(len(tokens))
        for term, tf in Counter(tokens).items():
            term_ids.append(vocab.setdefault(term, len(vocab)))
            positions.append(pos)
            tfs.append(tf)
    n = len(lengths)
    lens = np.asarray(lengths, dtype=np.float64)
    avg_len = float(lens.mean()) if n else 0.0
    t = np.asarray(term_ids, dtype=np.int64)
    p = np.asarray(positions, dtype=np.int32)
    tf = np.asarray(tfs, dtype=np.float64)
    df = np.bincount(t, minlength=len(vocab)) if len(vocab) else np.zeros(0, dtype=np.int64)
    idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
    norm = K1 * (1 - B + B * lens[p] / avg_len) if n else np.zeros(0)
    weights = (idf[t] * tf / (tf + norm)).astype(np.float32)
    order = np.argsort(t, kind="stable")  # by term, positions ascending within a term
    t, p, weights = t[order], p[order], weights[order]
    bounds = np.flatnonzero(np.diff(t)) + 1
    starts = np.concatenate(([0], bounds)) if len(t) else np.zeros(0, dtype=np.int64)
    ends = np.concatenate((bounds, [len(t)])) if len(t) else np.zeros(0, dtype=np.int64)
    terms = list(vocab)
    lists = {terms[t[s]]: (p[s:e], weights[s:e]) for s, e in zip(starts, ends, strict=True)}
    return FieldPostings(field, n, avg_len, lists)


PARALLEL_MIN = 2000  # below this many texts, tokenising in this process is faster than starting workers
_worker_cache = None  # a worker's `token_cache`, held for the worker's life (a collected one would close)


def _start_token_cache() -> None:
    """Worker initialiser: MeCab segments recur across passages (headings, boilerplate, copied
    sentences), and `token_cache` answers a repeat without MeCab, with the same tokens."""
    global _worker_cache
    _worker_cache = token_cache()
    _worker_cache.__enter__()


def tokenize_all(texts: Sequence[str], workers: int | None = None) -> list[list[str]]:
    """`tokenize` of every text, in worker processes when there are many (MeCab runs one call at a time
    per process; a build host's cores each take a share). Identical texts are tokenised once (repeated
    headings, copied documents); they share one list, which callers only read."""
    import os

    distinct = list(dict.fromkeys(texts))
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(distinct) < PARALLEL_MIN:
        with token_cache():
            done = [tokenize(t) for t in distinct]
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # fork (not spawn): the workers need no re-import of the caller's main module; they only
        # tokenise, touching none of the parent's threads' state (the build tokenises before it
        # opens connections).
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_token_cache) as pool:
            done = list(pool.map(tokenize, distinct, chunksize=256))
    if len(distinct) == len(texts):
        return done
    by_text = dict(zip(distinct, done, strict=True))
    return [by_text[t] for t in texts]


def passage_postings(chunks: Sequence[Chunk], words: Sequence[Sequence[str]] | None = None) -> list[FieldPostings]:
    """Both fields over ``chunks``: what `BM25Retriever.build` indexes (heading + cleaned text)."""
    texts = [index_text(c) for c in chunks]
    words = tokenize_all(texts) if words is None else words
    return [field_postings(WORDS, words), field_postings(BIGRAMS, (char_bigrams(t) for t in texts))]


def term_idf(chunks: Sequence[Chunk], tokens: Sequence[Sequence[str]] | None = None) -> dict[str, float]:
    """The re-ranker's IDF over passage text (as `ChunkTermStatistics`), for the ``idf`` table."""
    tokens = tokenize_all([c.search_text for c in chunks]) if tokens is None else tokens
    df: Counter[str] = Counter()
    for t in tokens:
        df.update(frozenset(t))
    n = len(chunks)
    return {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}


class PgLexical:
    """`LexicalScorer` (and the ``bm25`` retriever) over a build's ``postings`` table."""

    def __init__(
        self,
        db,
        schema: str,
        n: int,
        doc_of: np.ndarray,
        doc_index: dict[str, int],
        passages,
        bigram_weight: float = 1.0,
    ):
        self.db = db
        self.schema = schema
        self.n = n
        self.doc_of = doc_of  # position -> document number (the order of `documents`)
        self.doc_index = doc_index
        self.passages = passages
        self.bigram_weight = bigram_weight
        self._cache: OrderedDict[tuple[int, str], Postings | None] = OrderedDict()
        self._cached_values = 0
        self._scored = RecentScores(SCORED_QUERIES)
        self._lock = threading.Lock()

    def _lists(self, wanted: set[tuple[int, str]]) -> dict[tuple[int, str], Postings | None]:
        """Posting lists of (field, term) pairs (`Postings`); None for a term no passage holds."""
        out: dict[tuple[int, str], Postings | None] = {}
        cache = self._cache
        with self._lock:
            for key in wanted:
                got = cache.get(key, _ABSENT)
                if got is not _ABSENT:
                    cache.move_to_end(key)
                    out[key] = got
        missing = [k for k in wanted if k not in out]
        if missing:
            rows = self.db.fetch(
                f"SELECT p.field, p.term, p.positions, p.weights FROM {self.schema}.postings p "
                "JOIN unnest(%s::smallint[], %s::text[]) AS q(field, term) ON p.field = q.field AND p.term = q.term",
                ([f for f, _ in missing], [t for _, t in missing]),
            )
            found = {(f, t): self._postings(pos, w) for f, t, pos, w in rows}
            with self._lock:
                for key in missing:
                    value = found.get(key)
                    out[key] = value
                    self._remember(key, value)
        return out

    def _postings(self, positions: bytes, weights: bytes) -> Postings:
        """A row's packed list, dense when it holds `DENSE_SHARE` of the passages."""
        pos = np.frombuffer(positions, dtype="<i4")
        w = np.frombuffer(weights, dtype="<f4")
        if len(pos) < DENSE_SHARE * self.n:
            return pos, w
        row = np.zeros(self.n, dtype=np.float32)
        row[pos] = w
        row.setflags(write=False)  # shared by concurrent searches, as the packed lists are
        return None, row

    @staticmethod
    def _size(value: Postings | None) -> int:
        """What a cached list counts against `CACHE_ENTRIES` (8-byte values)."""
        if value is None:
            return 1
        return len(value[1]) // 2 if value[0] is None else len(value[0])

    def _remember(self, key, value) -> None:
        self._cache[key] = value
        self._cached_values += self._size(value)
        while self._cached_values > CACHE_ENTRIES and len(self._cache) > 1:
            _, old = self._cache.popitem(last=False)
            self._cached_values -= self._size(old)

    def scores(self, query: str, tokens: Sequence[str] | None = None) -> np.ndarray:
        """Word BM25 / its max + bigram_weight * bigram BM25 / its max, for every position (read only:
        the array is shared with the next caller of the same query)."""
        words = list(tokenize(query) if tokens is None else tokens)
        return self._scored.get_or_compute((query, tuple(words)), lambda: self._compute(query, words))

    def _compute(self, query: str, words: list[str]) -> np.ndarray:
        bigrams = char_bigrams(query) if self.bigram_weight else []
        lists = self._lists({(WORDS, t) for t in words} | {(BIGRAMS, t) for t in bigrams})
        # In place, the same float32 operations in the same order as ``w / w_max + bw * b / b_max``.
        out = self._field(WORDS, words, lists)
        w_max = float(out.max(initial=0.0))
        if w_max > 0:
            np.divide(out, w_max, out=out)
        if self.bigram_weight:
            b = self._field(BIGRAMS, bigrams, lists)
            b_max = float(b.max(initial=0.0))
            if b_max > 0:
                if self.bigram_weight != 1.0:  # x * 1.0 is x: the pass is skipped, not the arithmetic changed
                    np.multiply(b, self.bigram_weight, out=b)
                np.divide(b, b_max, out=b)
                np.add(out, b, out=out)
        return out

    def _field(self, field: int, tokens: Sequence[str], lists) -> np.ndarray:
        scores = np.zeros(self.n, dtype=np.float32)
        for t in tokens:  # a token asked twice counts twice, as in bm25s
            got = lists.get((field, t))
            if got is None:
                continue
            positions, weights = got
            if positions is None:  # dense: adding 0 where the term is absent leaves a score as it was
                np.add(scores, weights, out=scores)
            else:
                # The same float32 additions as ``scores[pos] += w`` (positions are distinct within a
                # list), in place: 3.5x faster on 500k postings (numpy 2's ufunc.at).
                np.add.at(scores, positions, weights)
        return scores

    def _mask(self, docs: Sequence[str] | None) -> np.ndarray | None:
        if not docs:
            return None
        wanted = [self.doc_index[d] for d in docs if d in self.doc_index]
        return np.isin(self.doc_of, wanted)

    def top(self, query: str, tokens: Sequence[str], k: int, docs: Sequence[str] | None) -> dict[int, float]:
        """`LexicalScorer.top`; the passages' rows are fetched in the same breath (one query)."""
        scores = self.scores(query, tokens)
        mask = self._mask(docs)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        idx = top_indices(scores, k)
        values = scores[idx]
        keep = values > 0
        # tolist gives the same Python ints and floats as int() and float() of each element, in one call.
        out = dict(zip(idx[keep].tolist(), values[keep].tolist(), strict=True))
        self.passages.defer(out)  # read with the vector search's rows (one round trip), or on first use
        return out

    def score(self, query: str, tokens: Sequence[str], positions: Sequence[int]) -> dict[int, float]:
        scores = self.scores(query, tokens)
        idx = np.asarray(positions, dtype=np.int64)
        return dict(zip(idx.tolist(), scores[idx].tolist(), strict=True))

    def retrieve(self, query: str, k: int = 5, docs: Sequence[str] | None = None) -> list[Hit]:
        scores = self.scores(query)
        mask = self._mask(docs)
        if mask is not None:
            scores = np.where(mask, scores, -np.inf)
        idx = [int(i) for i in top_indices(scores, k) if np.isfinite(scores[i]) and scores[i] > 0]
        self.passages.prefetch(idx)
        return [
            Hit(self.passages.at(i), float(scores[i]), rank=r, bm25_score=float(scores[i]))
            for r, i in enumerate(idx, start=1)
        ]
