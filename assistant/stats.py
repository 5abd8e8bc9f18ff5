"""Percentiles for latency and length figures (used by `assistant bench` and `assistant eval`)."""

from __future__ import annotations

import math
from collections.abc import Iterable


def percentile(values: Iterable[float], p: float) -> float | None:
    """The ``p``-th percentile (0..100) with linear interpolation between closest ranks.

    Same as ``numpy.percentile(values, p)`` (method "linear"); None for no values.

    Example:
        >>> percentile([1, 2, 3, 4], 50)
        2.5
    """
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be within 0..100, got {p}")
    vals = sorted(float(v) for v in values)
    if not vals:
        return None
    pos = (len(vals) - 1) * p / 100
    lo = math.floor(pos)
    hi = min(lo + 1, len(vals) - 1)
    return vals[lo] + (vals[hi] - vals[lo]) * (pos - lo)
