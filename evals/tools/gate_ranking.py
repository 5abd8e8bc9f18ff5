"""Does a change to the gate's rows rank its answers better, whatever thresholds are chosen? Two builds, out of set.

    python evals/tools/gate_ranking.py BEFORE_INDEX AFTER_INDEX [--bags 8] [--drops 50,100,150,200,300]

`paired_refits` judges a change by the gate's decisions at the thresholds each refit chooses. This tool separates
what the rows allow from where the thresholds land: it reads each build's stored tune rows (``confidence_training
.jsonl``) with that build's own feature names (a build whose code adds features is scored with them, the other
without), scores every row out of set as `calibrate.fit` scores the served trees (its writer-set folds, the tree
setting ``--setting`` as the mean of ``--bags`` bootstrap fits) and prints per build:

- log loss and AUC of those scores;
- the wrong answers kept when the gate drops the N lowest-scored right answers (``--drops``): the ranking compared at
  equal numbers of right answers given up;
- the least cost (a right answer dropped costs 1, a wrong one kept `WRONG_COST`) one threshold reaches while the gate
  drops at most `MAX_GATE_FALSE_ABSTENTION` of the answerable tune items, and that threshold.

A change that ranks better at every N but does not lower the least cost within the budget improves the gate where
the false-abstention budget leaves no room to use it. Tune only: no split is read.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paired_refits import read_build

#: Right answers dropped at which the wrong answers kept are compared (of about 2,000 right tune rows).
DROPS = (50, 100, 150, 200, 300)


@dataclass(frozen=True)
class Ranking:
    """One build's rows scored out of set: how well, and what the gate could make of it."""

    log_loss: float
    auc: float
    wrong_kept: tuple[int, ...]  # at each of the drops asked
    least_cost: float
    threshold: float


def feature_names(rows: Sequence[dict[str, Any]]) -> list[str]:
    """The features every row holds: those of this code's `FEATURES` in its order (the column order the calibration
    fits in, which the trees' ties follow), then any others in the first row's order."""
    from assistant.answer.confidence import FEATURES

    shared = set.intersection(*(set(r["features"]) for r in rows))
    known = [f for f in FEATURES if f in shared]
    return known + [f for f in rows[0]["features"] if f in shared and f not in known]


def out_of_set(rows: Sequence[dict[str, Any]], setting: tuple[int, int, int], bags: int) -> Any:
    """Each row's log odds from the bagged trees fitted without its writer's set, as the calibration scores them."""
    import numpy as np

    from assistant.evals.gate_folds import set_folds
    from assistant.evals.gate_model import TreeConfig, bagged_log_odds

    names = feature_names(rows)
    x = np.array([[r["features"][f] for f in names] for r in rows], dtype=float)
    y = np.array([bool(r["right"]) for r in rows], dtype=int)
    groups = [str(r.get("group", r["id"])) for r in rows]
    folds = set_folds([r.get("set") for r in rows], groups)
    return bagged_log_odds(x, y, folds.folds, groups, TreeConfig(*setting, bags=bags))


def wrong_kept(z: Any, right: Any, drops: Sequence[int]) -> tuple[int, ...]:
    """Wrong rows scoring at least the (n+1)-th lowest right row's score: kept when the n lowest right ones are not."""
    import numpy as np

    order = np.sort(z[right])
    return tuple(int(((z >= order[min(n, len(order) - 1)]) & ~right).sum()) for n in drops)


def least_cost(
    p: Any, right: Any, answerable: Any, n_answerable: int, budget: float, wrong_cost: float
) -> tuple[float, float]:
    """The least cost of one threshold dropping at most ``budget`` of the answerable items, and that threshold."""
    import numpy as np

    best = (float("inf"), 0.0)
    for t in np.unique(np.concatenate([[0.0], p])):
        kept = p >= t
        if (~kept & answerable).sum() > budget * n_answerable + 1e-9:
            break  # thresholds rise: every later one drops at least as many
        c = float(wrong_cost * (kept & ~right).sum() + (~kept & right).sum())
        if c < best[0]:
            best = (c, float(t))
    return best


def rank(
    rows: Sequence[dict[str, Any]], n_answerable: int, setting: tuple[int, int, int], bags: int, drops: Sequence[int]
) -> Ranking:
    """`Ranking` of one build's rows."""
    import numpy as np
    from sklearn.metrics import log_loss, roc_auc_score

    from assistant.evals.gate_thresholds import MAX_GATE_FALSE_ABSTENTION, WRONG_COST

    z = out_of_set(rows, setting, bags)
    right = np.array([bool(r["right"]) for r in rows])
    answerable = np.array([bool(r["answerable"]) for r in rows])
    p = 1.0 / (1.0 + np.exp(-z))
    cost, threshold = least_cost(p, right, answerable, n_answerable, MAX_GATE_FALSE_ABSTENTION, WRONG_COST)
    return Ranking(
        float(log_loss(right, p)), float(roc_auc_score(right, p)), wrong_kept(z, right, drops), cost, threshold
    )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("before", type=Path, help="index folder (or build) of the code before the change")
    ap.add_argument("after", type=Path, help="index folder (or build) of the code after it")
    ap.add_argument("--bags", type=int, default=8, help="bootstrap fits averaged per fold (default: 8, as served)")
    ap.add_argument("--setting", default="3,10,200", help="tree depth, fewest rows per leaf, rounds (default 3,10,200)")
    ap.add_argument("--drops", default=",".join(map(str, DROPS)), help="right answers dropped, comma-separated")
    args = ap.parse_args(argv)
    try:
        values = [int(v) for v in args.setting.split(",")]
        drops = [int(v) for v in args.drops.split(",")]
    except ValueError:
        ap.error("--setting and --drops take comma-separated whole numbers")
    if len(values) != 3 or min(values) < 1 or args.bags < 1 or min(drops) < 0:
        ap.error("--setting takes three positive numbers, --bags a positive one, --drops numbers from 0")
    setting = (values[0], values[1], values[2])
    try:
        builds = {name: read_build(path) for name, path in (("before", args.before), ("after", args.after))}
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrong answers kept when the N lowest-scored right answers are dropped, N = {', '.join(map(str, drops))}")
    for name, (rows, _, n_answerable) in builds.items():
        r = rank(rows, n_answerable, setting, args.bags, drops)
        kept = " ".join(f"{k:>5}" for k in r.wrong_kept)
        print(
            f"{name:<7} rows {len(rows):>5}  features {len(feature_names(rows)):>3}  log loss {r.log_loss:.4f}  "
            f"AUC {r.auc:.4f}  wrong kept {kept}  least cost within the budget {r.least_cost:.0f} "
            f"(threshold {r.threshold:.3f})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
