"""The re-ranker's per-passage features over a query's candidates, computed as arrays.

A search re-ranks some 60 candidate passages. Intersecting Python sets and running regexes per
candidate cost about half a millisecond a query; here the passages' tokens are kept as postings
(token -> positions) and their value kinds as bits, filled in the first time a passage is a
candidate (so a backend that fetches passages on demand works the same), and a query's features
are one array operation per query token.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np

from assistant.question.kinds import has_value

#: The value kinds the re-ranker's value feature reads, one bit each.
VALUE_KINDS: tuple[str, ...] = ("amount", "rate", "count", "percent", "date", "cap")
_KNOWN = 1 << len(VALUE_KINDS)  # set once a passage's bits are computed


def segments(lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(where each segment begins, which segment each element is in) for consecutive segments."""
    offsets = np.cumsum(lengths) - lengths
    return offsets, np.repeat(np.arange(len(lengths)), lengths)


class TermTable:
    """Postings of the passages' text and heading tokens (token -> positions), filled per passage.

    A query's coverage is then one array addition per query token, whatever the number of candidates.
    """

    def __init__(self, n: int):
        self.n = n
        self._filled = np.zeros(n, dtype=bool)
        self._postings: tuple[dict[str, list[int]], dict[str, list[int]]] = ({}, {})  # text, heading
        self._arrays: dict[tuple[int, str], np.ndarray] = {}  # the lists above as arrays, while current
        self._lock = threading.Lock()

    def fill(self, positions: Sequence[int], sets: Callable[[int], tuple[frozenset[str], frozenset[str]]]) -> None:
        """Make sure the given passages are in the table; ``sets(i)`` gives a missing one's token sets."""
        cold = [i for i in positions if not self._filled[i]]
        if not cold:
            return
        got = [(i, sets(i)) for i in cold]  # outside the lock: may tokenise or read a database
        with self._lock:
            for i, token_sets in got:
                if self._filled[i]:
                    continue
                for postings, tokens in zip(self._postings, token_sets, strict=True):
                    for t in tokens:
                        postings.setdefault(t, []).append(i)
                self._filled[i] = True

    def _positions(self, field: int, token: str) -> np.ndarray | None:
        got = self._postings[field].get(token)
        if got is None:
            return None
        key = (field, token)
        arr = self._arrays.get(key)
        if arr is None or len(arr) != len(got):  # passages were added since
            # intp: an index of another type is converted on every gather (a search's 9,000 at 100x: 60 us).
            arr = self._arrays[key] = np.array(got, dtype=np.intp)
        return arr

    def matches(
        self, positions: np.ndarray, query_tokens: Iterable[str], idf: Mapping[str, float]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per passage of ``positions`` (ascending, filled beforehand): the IDF sum of the query tokens in
        its text, and how many query tokens its heading has.

        Sums over the candidates only, every token's list at once: adding into arrays of every passage
        token by token cost 0.5 ms a search at 100x (a common word's list holds thousands of passages).
        """
        wanted = np.zeros(self.n, dtype=bool)
        wanted[positions] = True
        tokens = list(query_tokens)
        covered = self._sum(0, positions, wanted, tokens, [idf.get(t, 0.0) for t in tokens])
        heading = self._sum(1, positions, wanted, tokens, [1.0] * len(tokens))
        return covered, heading

    def _sum(
        self, field: int, positions: np.ndarray, wanted: np.ndarray, tokens: list[str], weights: list[float]
    ) -> np.ndarray:
        """Per passage of ``positions``, the sum of the weights of the tokens its ``field`` holds."""
        found = []
        for t, w in zip(tokens, weights, strict=True):
            got = self._positions(field, t)
            if got is not None:
                found.append((got, w))
        if not found:
            return np.zeros(len(positions))
        listed = np.concatenate([got for got, _ in found])
        add = np.repeat(np.array([w for _, w in found]), [len(got) for got, _ in found])
        keep = np.flatnonzero(wanted[listed])  # indices: two takes instead of two boolean selections
        # A passage is listed once per token; bincount adds in list order, so each passage's sum takes
        # its tokens' weights in token order, as adding token by token did.
        return np.bincount(np.searchsorted(positions, listed[keep]), weights=add[keep], minlength=len(positions))


class ValueTable:
    """Per passage, which of `VALUE_KINDS` its text holds (`has_value`), as bits computed once."""

    def __init__(self, n: int):
        self._bits = np.zeros(n, dtype=np.uint8)

    def share(self, positions: np.ndarray, wanted: Sequence[str], text: Callable[[int], str]) -> np.ndarray:
        """Per passage, the share of the ``wanted`` kinds it holds; ``text(i)`` is a passage's search text."""
        if not wanted:
            return np.zeros(len(positions))
        bits = self._bits[positions]
        for i in positions[bits < _KNOWN].tolist():
            t = text(i)
            self._bits[i] = _KNOWN | sum(1 << b for b, kind in enumerate(VALUE_KINDS) if has_value(t, kind))
        bits = self._bits[positions]
        count = sum((bits >> VALUE_KINDS.index(w)) & 1 for w in wanted)
        return np.asarray(count, dtype=np.int64) / len(wanted)


def best_sentence(vectors: np.ndarray, starts: np.ndarray, positions: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Per given passage, the highest cosine between ``query`` and one of its sentences.

    Only the candidates' rows are multiplied (all of them cost 0.2 ms a query on this corpus);
    a passage always has a row (`HybridRetriever._prepare_sentences`), and one without would read
    the next passage's first row, as ``np.maximum.reduceat`` over every passage did.
    """
    ends = np.append(starts[1:], len(vectors))
    first = starts[positions]
    lengths = np.maximum(ends[positions] - first, 1)
    offsets, owner = segments(lengths)
    rows = np.arange(int(lengths.sum())) - offsets[owner] + first[owner]
    sims = vectors[rows] @ query.reshape(-1).astype(np.float32)
    return np.maximum.reduceat(sims, offsets)
