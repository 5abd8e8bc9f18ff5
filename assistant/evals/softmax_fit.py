"""A conditional logit: one softmax over each question's candidates, fitted with L2 on standardised features.

A pointwise logistic regression learns whether a sentence holds the answer anywhere; the answerer only
ever takes each question's best sentence. The conditional logit learns that choice directly: it maximises
the probability its softmax gives the question's positive candidates among all of that question's
candidates (questions whose candidates are all positive or all negative teach it nothing and are left out).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def fit_softmax(rows: Sequence[dict[str, Any]], l2: float, group: str = "id") -> tuple[list[float], float]:
    """Weights on the raw features and a bias (the standardisation folded in) for ``rows`` (``x``, ``label``,
    and the ``group`` key whose rows are one choice: a question's sentences, or a sentence's values)."""
    import numpy as np
    from scipy.optimize import minimize

    x = np.array([r["x"] for r in rows], dtype=float)
    y = np.array([bool(r["label"]) for r in rows])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    by_id: dict[str, list[int]] = {}
    for k, r in enumerate(rows):
        by_id.setdefault(r[group], []).append(k)
    groups = [np.array(g) for g in by_id.values() if y[g].any() and not y[g].all()]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = l2 * float(w @ w), 2 * l2 * w
        for g in groups:
            s = z[g] @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            pos = y[g]
            held = p[pos].sum()
            total -= float(np.log(held + 1e-12))
            grad -= z[g].T @ (np.where(pos, p / held, 0.0) - p)
        return total, grad

    w = minimize(loss, np.zeros(z.shape[1]), jac=True, method="L-BFGS-B").x if groups else np.zeros(z.shape[1])
    raw = w / scale
    return [float(v) for v in raw], float(-(raw * mean).sum())
