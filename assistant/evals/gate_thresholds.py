"""The gate's thresholds, chosen on its cross-validated probabilities: one for all answers, and one per kind.

At one probability a record's answer is right more often than a quoted passage's, so one threshold for all
answers costs more than a threshold each. Starting from the single threshold, each kind's threshold is moved
in turn to the cost-minimising one (a missed right answer costs 1, a wrong one ``wrong_cost``) while the
answers the gate drops stay within the same false-abstention budget; rounds repeat until nothing improves.
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


def _kind_table(rows: Sequence[GateRow], kind: str, wrong_cost: float):
    """Every candidate threshold of one kind, with the cost and the answerable drops each gives."""
    import numpy as np

    own = [r for r in rows if r.kind == kind]
    p = np.array([r.p for r in own], dtype=float)
    right = np.array([r.right for r in own], dtype=bool)
    answerable = np.array([r.answerable for r in own], dtype=bool)
    candidates = np.array(sorted({0.0, *p.tolist(), 1.01}))
    kept = p[None, :] >= candidates[:, None]
    costs = wrong_cost * (kept & ~right).sum(1) + (~kept & right).sum(1)
    drops = (~kept & answerable).sum(1)
    return candidates, costs, drops


def choose_by_kind(
    rows: Sequence[GateRow],
    start: float,
    n_answerable: int,
    wrong_cost: float,
    max_dropped: float,
    rounds: int = 5,
) -> dict[str, float]:
    """A threshold per kind (coordinate descent from ``start``), within the false-abstention budget."""
    kinds = sorted({r.kind for r in rows})
    tables = {k: _kind_table(rows, k, wrong_cost) for k in kinds}
    chosen = {k: start for k in kinds}

    def at_start(kind: str) -> tuple[float, int]:
        mine = [r for r in rows if r.kind == kind]
        c = sum(wrong_cost * (r.p >= start and not r.right) + (r.p < start and r.right) for r in mine)
        return c, sum(1 for r in mine if r.answerable and r.p < start)

    # The cost and the drops add up over kinds, so one kind's move is judged from its own table.
    parts = {k: at_start(k) for k in kinds}
    budget = (max_dropped + 1e-9) * max(n_answerable, 1)
    for _ in range(rounds):
        moved = False
        for kind in kinds:
            candidates, costs, drops = tables[kind]
            best = sum(c for c, _ in parts.values())
            other_cost = best - parts[kind][0]
            other_drops = sum(d for k, (_, d) in parts.items() if k != kind)
            feasible = [i for i in range(len(candidates)) if other_drops + drops[i] <= budget]
            if not feasible:
                continue
            i = min(feasible, key=lambda i: (other_cost + costs[i], i))
            if other_cost + costs[i] < best - 1e-9:
                chosen[kind] = float(candidates[i])
                parts[kind] = (float(costs[i]), int(drops[i]))
                moved = True
        if not moved:
            break
    return chosen


def outcome(rows: Sequence[GateRow], thresholds: dict[str, float], n_items: int, n_answerable: int) -> dict:
    """What the tune answers come to under ``thresholds`` (the report's ``after_cv`` figures)."""
    kept = [r for r in rows if r.p >= thresholds[r.kind]]
    right = sum(1 for r in kept if r.right)
    return {
        "answered": len(kept),
        "accuracy": round(right / max(n_answerable, 1), 4),
        "confidently_wrong": round((len(kept) - right) / max(n_items, 1), 4),
        "false_abstention": round(1 - sum(1 for r in kept if r.answerable) / max(n_answerable, 1), 4),
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
