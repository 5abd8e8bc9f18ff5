"""Would bagging the gate's boosted trees steady its decisions? Offline, on a build's gate training rows.

    python evals/tools/gate_bag_probe.py --index index --bags 8

The trees of the gate's usual shape (depth 3, 10 rows a leaf, 200 rounds) are fitted once, and as the mean log odds of
``--bags`` fits on bootstrap resamples of the tune groups, as the gate now serves them (`gate_model.fit_trees`: a
group's rows repeated a Poisson(1) number of times drawn from its id). For each: the out-of-set log loss and AUC (the
calibration's folds, a writer's round held out whole: `round_folds.round_fold`), and, for a few draws leaving
``--drop`` groups out (`gate_refit_flips.dropped`, its salt), how many of the rows' decisions at the served threshold
flip against the fit on every row and the mean change of their log odds. The trees alone are probed, without the
logistic blend; only tune rows are read (`confidence_training.jsonl`), so nothing here reads the test split.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np
from gate_refit_flips import dropped, group_of  # a sibling tool (run as a script: its folder is on the path)
from sklearn.metrics import roc_auc_score

from assistant.evals.gate_folds import log_loss
from assistant.evals.gate_model import TreeConfig, fit_trees
from assistant.evals.round_folds import round_fold


def log_odds(x, y, groups, keep, bags: int) -> np.ndarray:
    """Every row's log odds from the gate's usual trees (depth 3, 10 rows a leaf, 200 rounds) fitted on the rows
    ``keep``: one fit, or the mean of ``bags`` bootstrap fits as the gate serves them (`gate_model.fit_trees`)."""
    kept = [g for g, k in zip(groups, keep, strict=True) if k]
    trees = fit_trees(x[keep], y[keep], TreeConfig(3, 10, 200, bags=bags), kept)
    return np.array([trees.raw(list(v)) for v in x])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", default="index", help="index folder (its published build's gate rows are read)")
    ap.add_argument("--bags", type=int, default=8)
    ap.add_argument("--draws", type=int, default=4, help="refits leaving groups out (default: 4)")
    ap.add_argument("--drop", type=int, default=26, help="groups left out per draw (default: 26, 1 %%)")
    ap.add_argument("--salt", default="gate-flips", help="salt of the groups left out (gate_refit_flips's)")
    args = ap.parse_args()
    build = Path(args.index) / "current"
    rows = [json.loads(line) for line in (build / "confidence_training.jsonl").open(encoding="utf-8")]
    names = list(rows[0]["features"])
    x = np.array([[r["features"][f] for f in names] for r in rows], float)
    y = np.array([1 if r["right"] else 0 for r in rows])
    groups = [group_of(r) for r in rows]
    fold = np.array([round_fold(r["set"]) for r in rows])
    p_thr = json.loads((build / "confidence.json").read_text(encoding="utf-8"))["threshold"]
    thr = math.log(p_thr / (1 - p_thr))
    for bags in (1, args.bags):
        oof = np.zeros(len(y))
        for k in sorted(set(fold.tolist())):
            keep = fold != k
            oof[~keep] = log_odds(x, y, groups, keep, bags)[~keep]
        loss = log_loss(y, 1 / (1 + np.exp(-oof)))
        full = log_odds(x, y, groups, np.ones(len(y), bool), bags)
        flips, moved = [], []
        for d in range(args.draws):
            out = dropped(groups, f"{args.salt}:{d}", args.drop)
            r = log_odds(x, y, groups, np.array([g not in out for g in groups]), bags)
            flips.append(int(((r >= thr) != (full >= thr)).sum()))
            moved.append(round(float(np.abs(r - full).mean()), 3))
        print(
            f"bags={bags}: out-of-set log loss {loss:.4f}  AUC {roc_auc_score(y, oof):.4f}  |  {args.drop} groups out: "
            f"decisions flipped {flips} of {len(y)}, mean |log odds change| {moved}",
            flush=True,
        )


if __name__ == "__main__":
    main()
