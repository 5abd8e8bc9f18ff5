"""Percentile helper and latency summaries."""

from __future__ import annotations

import random

import numpy as np
import pytest

from assistant.bench.stats import ratio, summarize_ms
from assistant.stats import percentile


@pytest.mark.parametrize("n", [1, 2, 3, 10, 101, 1000])
@pytest.mark.parametrize("p", [0, 1, 25, 50, 90, 95, 99, 100])
def test_percentile_matches_numpy_linear(n: int, p: float) -> None:
    rng = random.Random(n * 1000 + int(p))
    values = [rng.uniform(0, 100) for _ in range(n)]
    assert percentile(values, p) == pytest.approx(float(np.percentile(values, p)), rel=1e-12, abs=1e-12)


def test_percentile_hand_computed() -> None:
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([4, 1, 3, 2], 0) == 1  # order does not matter
    assert percentile([1, 2, 3, 4], 100) == 4
    assert percentile([10, 20], 95) == pytest.approx(19.5)
    assert percentile([7.0], 99) == 7.0
    assert percentile(iter([3, 1, 2]), 50) == 2  # any iterable


def test_percentile_empty_and_bounds() -> None:
    assert percentile([], 50) is None
    with pytest.raises(ValueError):
        percentile([1, 2], 101)
    with pytest.raises(ValueError):
        percentile([1, 2], -1)


def test_summarize_ms_keys_and_values() -> None:
    s = summarize_ms([1.0, 2.0, 3.0, 4.0, 100.0])
    assert set(s) == {"n", "p50_ms", "p95_ms", "p99_ms", "mean_ms", "min_ms", "max_ms"}
    assert s["n"] == 5
    assert s["p50_ms"] == 3.0
    assert s["p95_ms"] == pytest.approx(float(np.percentile([1, 2, 3, 4, 100], 95)), abs=1e-3)
    assert s["min_ms"] == 1.0 and s["max_ms"] == 100.0
    assert s["mean_ms"] == 22.0
    empty = summarize_ms([])
    assert empty["n"] == 0 and empty["p50_ms"] is None and empty["mean_ms"] is None
    assert set(summarize_ms([1.0], prefix="cpu_")) == {
        "n",
        "cpu_p50_ms",
        "cpu_p95_ms",
        "cpu_p99_ms",
        "cpu_mean_ms",
        "cpu_min_ms",
        "cpu_max_ms",
    }


def test_ratio() -> None:
    assert ratio(10, 4) == 2.5
    assert ratio(None, 4) is None
    assert ratio(1, 0) is None
