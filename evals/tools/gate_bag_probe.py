"""Would bagging the gate's boosted trees steady its decisions? Offline, on a build's gate training rows.

    python evals/tools/gate_bag_probe.py --index index --bags 8

The trees of the gate's usual shape (depth 3, 10 rows a leaf, 200 rounds) are fitted once, and as the mean log odds
of ``--bags`` fits on bootstrap resamples of the tune groups (a group's weight drawn Poisson(1) from its salted id,
as `gate_bagging` draws them). For each: the out-of-set log loss and AUC (10 folds of whole tune sets), and, for a
few draws leaving 1 % of the groups out, how many of the rows' decisions at the served threshold flip against the
fit on every row and the mean change of their log odds. The trees alone are probed, without the logistic blend; only
tune rows are read (`confidence_training.jsonl`), so nothing here reads the test split.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from threadpoolctl import threadpool_limits


def unit(text: str) -> float:
    """A salted hash of ``text`` as a number in [0, 1)."""
    return int(hashlib.sha256(text.encode()).hexdigest()[:12], 16) / 16**12


def poisson(group: str, bag: int) -> int:
    """A Poisson(1) draw fixed by the group's id and the bag."""
    u, k, term = unit(f"probe-bag:{bag}:{group}"), 0, math.exp(-1.0)
    cdf = term
    while u > cdf and k < 12:
        k += 1
        term /= k
        cdf += term
    return k


def fit(x: np.ndarray, y: np.ndarray, weight: np.ndarray | None = None) -> HistGradientBoostingClassifier:
    """The gate's tree shape, fitted."""
    model = HistGradientBoostingClassifier(
        max_depth=3,
        min_samples_leaf=10,
        max_iter=200,
        learning_rate=0.1,
        l2_regularization=1.0,
        early_stopping=False,
        random_state=0,
    )
    return model.fit(x, y, sample_weight=weight)


def log_odds(x, y, groups, keep, bags: int) -> np.ndarray:
    """Every row's log odds from trees fitted on the rows ``keep`` (one fit, or the mean over ``bags`` resamples)."""
    if bags <= 1:
        return fit(x[keep], y[keep]).decision_function(x)
    kept = [g for g, k in zip(groups, keep, strict=True) if k]
    total = np.zeros(len(y))
    for b in range(bags):
        w = np.array([poisson(g, b) for g in kept], float)
        total += fit(x[keep][w > 0], y[keep][w > 0], w[w > 0]).decision_function(x)
    return total / bags


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", default="index", help="index folder (its published build's gate rows are read)")
    ap.add_argument("--bags", type=int, default=8)
    ap.add_argument("--draws", type=int, default=4, help="refits leaving 1 %% of the groups out")
    args = ap.parse_args()
    build = Path(args.index) / "current"
    rows = [json.loads(line) for line in (build / "confidence_training.jsonl").open(encoding="utf-8")]
    names = list(rows[0]["features"])
    x = np.array([[r["features"][f] for f in names] for r in rows], float)
    y = np.array([1 if r["right"] else 0 for r in rows])
    groups = [r["id"].split("#")[0] for r in rows]  # a conversation's turns are one group
    fold = np.array([int(unit(f"probe-fold:{r['set']}") * 10) for r in rows])
    p_thr = json.loads((build / "confidence.json").read_text(encoding="utf-8"))["threshold"]
    thr = math.log(p_thr / (1 - p_thr))
    everyone = sorted(set(groups))
    with threadpool_limits(1):
        for bags in (1, args.bags):
            oof = np.zeros(len(y))
            for k in range(10):
                keep = fold != k
                oof[~keep] = log_odds(x, y, groups, keep, bags)[~keep]
            p = np.clip(1 / (1 + np.exp(-oof)), 1e-6, 1 - 1e-6)
            loss = float(-(y * np.log(p) + (1 - y) * np.log(1 - p)).mean())
            full = log_odds(x, y, groups, np.ones(len(y), bool), bags)
            flips, moved = [], []
            for d in range(args.draws):
                dropped = {g for g in everyone if unit(f"probe-drop:{d}:{g}") < 0.01}
                r = log_odds(x, y, groups, np.array([g not in dropped for g in groups]), bags)
                flips.append(int(((r >= thr) != (full >= thr)).sum()))
                moved.append(round(float(np.abs(r - full).mean()), 3))
            print(
                f"bags={bags}: out-of-set log loss {loss:.4f}  AUC {roc_auc_score(y, oof):.4f}  |  1 % left out: "
                f"decisions flipped {flips} of {len(y)}, mean |log odds change| {moved}",
                flush=True,
            )


if __name__ == "__main__":
    main()
