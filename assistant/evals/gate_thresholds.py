"""The gate's thresholds, chosen on its cross-validated probabilities: one for all answers, and one per kind.

At one probability a record's answer is right more often than a quoted passage's, so one threshold for all
answers costs more than a threshold each. The kinds' thresholds are chosen together, on a grid, to minimise the
cost (a missed right answer costs 1, a wrong one ``wrong_cost``) while the answers the gate drops stay within the
same false-abstention budget; of the near-best choices, the one nearest the single threshold is kept, so a refit
a few rows apart chooses the same thresholds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: A confident wrong answer is the worst outcome: it costs as much as this many needless abstentions.
WRONG_COST = 2.0
#: The false-abstention target (share of answerable items abstained on) is split in two: the gate may take this
#: much of it on the answerable tune items the rules answer (CV), and the rules' own abstentions the rest. A fixed
#: share keeps the threshold from moving with the rules: when they abstained less on tune, a budget for the total
#: let the gate abstain more, and on unseen questions, where the rules abstain more, the total went over.
MAX_GATE_FALSE_ABSTENTION = 0.04
MAX_FALSE_ABSTENTION = 0.08  # the target for both together (reported)
#: A kind's threshold stays nearer the single one when that costs at most this much more (one right answer dropped).
SLACK = 1.0
MAX_CONFIDENTLY_WRONG = 0.05  # reported beside the chosen threshold: where the strict target would put it


@dataclass(frozen=True)
class GateRow:
    """One tune answer as the gate saw it: out-of-fold probability, right or not, answerable, kind of answer."""

    p: float
    right: bool
    answerable: bool
    kind: str


def cost(rows: Sequence[GateRow], thresholds: dict[str, float], wrong_cost: float) -> float:
    """Right answers dropped plus ``wrong_cost`` per wrong answer kept."""
    total = 0.0
    for r in rows:
        kept = r.p >= thresholds[r.kind]
        total += wrong_cost * (kept and not r.right) + (not kept and r.right)
    return total


def dropped_share(rows: Sequence[GateRow], thresholds: dict[str, float], n_answerable: int) -> float:
    """Answerable items the gate drops, as a share of all answerable tune items."""
    return sum(1 for r in rows if r.answerable and r.p < thresholds[r.kind]) / max(n_answerable, 1)


def choose_by_kind(
    rows: Sequence[GateRow],
    start: float,
    n_answerable: int,
    wrong_cost: float,
    max_dropped: float,
) -> dict[str, float]:
    """A threshold per kind, chosen jointly within the false-abstention budget.

    Every combination of the kinds' thresholds on a grid (with 0 and ``start``) is costed at once; of those within
    `SLACK` of the least cost, the one nearest ``start`` (the single threshold) wins. Choosing kind by kind let the
    kind tried first take the shared budget, so two fits a few rows apart could split it the other way round.
    """
    import numpy as np

    kinds = sorted({r.kind for r in rows})
    grid = np.array(sorted({0.0, round(start, 4), *(round(x, 2) for x in np.arange(0.2, 0.705, 0.01))}))
    total_cost = total_drops = distance = np.zeros([len(grid)] * len(kinds))
    for k, kind in enumerate(kinds):
        # One axis per kind: a figure of kind k's threshold, spread over the others' axes.
        axis = [1] * len(kinds)
        axis[k] = len(grid)
        own = [r for r in rows if r.kind == kind]
        p = np.array([r.p for r in own], dtype=float)
        right = np.array([r.right for r in own], dtype=bool)
        answerable = np.array([r.answerable for r in own], dtype=bool)
        kept = p[None, :] >= grid[:, None]
        total_cost = total_cost + (wrong_cost * (kept & ~right).sum(1) + (~kept & right).sum(1)).reshape(axis)
        total_drops = total_drops + (~kept & answerable).sum(1).reshape(axis)
        distance = distance + np.abs(grid - start).reshape(axis)
    budget = (max_dropped + 1e-9) * max(n_answerable, 1)
    feasible = total_drops <= budget
    if not feasible.any():
        return {k: start for k in kinds}
    least = total_cost[feasible].min()
    near = feasible & (total_cost <= least + SLACK)
    best = np.unravel_index(np.where(near, distance, np.inf).argmin(), near.shape)
    return {kind: float(grid[i]) for kind, i in zip(kinds, best, strict=True)}


def outcome(rows: Sequence[GateRow], thresholds: dict[str, float], n_items: int, n_answerable: int) -> dict:
    """What the tune answers come to under ``thresholds`` (the report's ``after_cv`` figures).

    Abstention is over the unanswerable items, those the rules abstained on (no row) counted as abstained.
    """
    kept = [r for r in rows if r.p >= thresholds[r.kind]]
    right = sum(1 for r in kept if r.right)
    kept_answerable = sum(1 for r in kept if r.answerable)
    return {
        "answered": len(kept),
        "accuracy": round(right / max(n_answerable, 1), 4),
        "abstention": round(1 - (len(kept) - kept_answerable) / max(n_items - n_answerable, 1), 4),
        "confidently_wrong": round((len(kept) - right) / max(n_items, 1), 4),
        "false_abstention": round(1 - kept_answerable / max(n_answerable, 1), 4),
    }


def threshold_outcome(rows: Sequence[tuple[float, bool, bool]], t: float) -> dict[str, Any]:
    """What answering only at probability >= t gives: (probability, right, answerable) per answered tune item."""
    kept = [(r, a) for p, r, a in rows if p >= t]
    wrong = sum(1 for r, _ in kept if not r)
    return {
        "threshold": t,
        "answered": len(kept),
        "right": len(kept) - wrong,
        "wrong": wrong,
        "answered_answerable": sum(1 for _, a in kept if a),
    }


def choose_threshold(
    rows: Sequence[tuple[float, bool, bool]], n_items: int, n_answerable: int
) -> tuple[float, dict[str, Any], dict[str, Any]]:
    """The cost-minimising threshold within the gate's false-abstention share, and the strict one (for the report)."""
    import numpy as np

    p = np.array([r[0] for r in rows], dtype=float)
    right = np.array([r[1] for r in rows], dtype=bool)
    answerable = np.array([r[2] for r in rows], dtype=bool)
    candidates = np.array([0.0, *sorted(set(p.tolist())), 1.01])
    kept = p[None, :] >= candidates[:, None]
    wrong = (kept & ~right).sum(1)
    costs = (right.sum() - (kept & right).sum(1)) + WRONG_COST * wrong
    dropped = (answerable.sum() - (kept & answerable).sum(1)) / max(n_answerable, 1)
    allowed = np.flatnonzero(dropped <= MAX_GATE_FALSE_ABSTENTION)
    best = float(candidates[min(allowed, key=lambda i: (costs[i], candidates[i]))])
    strict_at = np.flatnonzero(wrong / n_items <= MAX_CONFIDENTLY_WRONG)
    strict = float(candidates[strict_at[0]]) if len(strict_at) else 1.01
    return best, threshold_outcome(rows, best), threshold_outcome(rows, strict)
