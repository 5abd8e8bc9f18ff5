"""The last queries' score arrays: computed once, shared read-only."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.retrieval.recent import RecentScores


def test_a_repeated_query_reads_the_kept_array_and_the_oldest_goes_first() -> None:
    recent = RecentScores(size=2)
    calls: list[str] = []

    def compute(name: str):
        def run() -> np.ndarray:
            calls.append(name)
            return np.arange(3, dtype=np.float32)

        return run

    first = recent.get_or_compute(("補助率", ("補助", "率")), compute("a"))
    assert recent.get_or_compute(("補助率", ("補助", "率")), compute("a again")) is first
    recent.get_or_compute(("上限", ("上限",)), compute("b"))
    recent.get_or_compute(("対象", ("対象",)), compute("c"))  # pushes 補助率 out
    recent.get_or_compute(("補助率", ("補助", "率")), compute("a, recomputed"))
    assert calls == ["a", "b", "c", "a, recomputed"]
    with pytest.raises(ValueError):
        first[0] = 1.0  # shared between callers: nobody may change it
