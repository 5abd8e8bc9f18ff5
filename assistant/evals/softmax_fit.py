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
    by_group: dict[str, list[int]] = {}
    for k, r in enumerate(rows):
        by_group.setdefault(r[group], []).append(k)
    kept = [g for g in by_group.values() if y[g].any() and not y[g].all()]
    if not kept:
        return [0.0] * x.shape[1], 0.0
    # The kept groups' rows one after another: each group's sums are then one reduceat over its slice.
    order = np.concatenate([np.array(g) for g in kept])
    zk, pos = z[order], y[order]
    starts = np.cumsum([0] + [len(g) for g in kept[:-1]])
    member = np.repeat(np.arange(len(kept)), [len(g) for g in kept])

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = zk @ w
        e = np.exp(s - np.maximum.reduceat(s, starts)[member])
        p = e / np.add.reduceat(e, starts)[member]
        held = np.add.reduceat(np.where(pos, p, 0.0), starts)
        q = np.where(pos, p / held[member], 0.0)
        total = -float(np.log(held + 1e-12).sum()) + l2 * float(w @ w)
        return total, -(zk.T @ (q - p)) + 2 * l2 * w

    w = minimize(loss, np.zeros(z.shape[1]), jac=True, method="L-BFGS-B").x
    raw = w / scale
    return [float(v) for v in raw], float(-(raw * mean).sum())
