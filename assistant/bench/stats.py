"""Latency summaries in ms (percentiles from `assistant.stats`) and ratios."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from assistant.stats import percentile


def _r(x: float | None, nd: int = 3) -> float | None:
    return None if x is None else round(x, nd)


def summarize_ms(values_ms: Iterable[float], prefix: str = "") -> dict[str, Any]:
    """``{n, p50_ms, p95_ms, p99_ms, mean_ms, min_ms, max_ms}`` (keys prefixed by ``prefix``).

    Example:
        >>> summarize_ms([1.0, 2.0, 3.0])["p50_ms"]
        2.0
    """
    vals = [float(v) for v in values_ms]
    out: dict[str, Any] = {
        "n": len(vals),
        "p50_ms": _r(percentile(vals, 50)),
        "p95_ms": _r(percentile(vals, 95)),
        "p99_ms": _r(percentile(vals, 99)),
        "mean_ms": _r(sum(vals) / len(vals)) if vals else None,
        "min_ms": _r(min(vals)) if vals else None,
        "max_ms": _r(max(vals)) if vals else None,
    }
    if prefix:
        return {(k if k == "n" else prefix + k): v for k, v in out.items()}
    return out


def ratio(a: float | None, b: float | None, nd: int = 2) -> float | None:
    """``a / b`` rounded, None when either is missing or ``b`` is not positive."""
    if a is None or b is None or b <= 0:
        return None
    return round(a / b, nd)
