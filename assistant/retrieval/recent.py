"""The score arrays of the last few queries, shared by the lexical scorers of both backends.

A hybrid search asks its lexical scorer for the same query twice (`LexicalScorer.top`, then
`LexicalScorer.score` for the dense side's candidates); the second call reads the first one's array.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np

Key = tuple[str, tuple[str, ...]]  # (query, its tokens)


class RecentScores:
    """A small thread-safe LRU of read-only score arrays, keyed by query and tokens."""

    def __init__(self, size: int):
        self.size = size
        self._arrays: OrderedDict[Key, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, key: Key, compute: Callable[[], np.ndarray]) -> np.ndarray:
        """The kept array for ``key``, or ``compute()``'s, kept read-only (callers share it)."""
        with self._lock:
            got = self._arrays.get(key)
        if got is not None:
            return got
        out = compute()
        out.setflags(write=False)
        with self._lock:
            self._arrays[key] = out
            while len(self._arrays) > self.size:
                self._arrays.popitem(last=False)
        return out
