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
    chosen = {k: start for k in kinds}
    best = cost(rows, chosen, wrong_cost)
    for _ in range(rounds):
        moved = False
        for kind in kinds:
            for t in sorted({0.0, *(r.p for r in rows if r.kind == kind), 1.01}):
                trial = {**chosen, kind: t}
                c = cost(rows, trial, wrong_cost)
                if c < best - 1e-9 and dropped_share(rows, trial, n_answerable) <= max_dropped + 1e-9:
                    chosen, best, moved = trial, c, True
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
    candidates = [0.0, *sorted({p for p, _, _ in rows}), 1.01]
    total_right = sum(1 for _, r, _ in rows if r)

    def cost(t: float) -> float:
        o = threshold_outcome(rows, t)
        return (total_right - o["right"]) + WRONG_COST * o["wrong"]

    def gate_false_abstention(t: float) -> float:
        dropped = (
            threshold_outcome(rows, 0.0)["answered_answerable"] - threshold_outcome(rows, t)["answered_answerable"]
        )
        return dropped / max(n_answerable, 1)

    allowed = [t for t in candidates if gate_false_abstention(t) <= MAX_GATE_FALSE_ABSTENTION]
    best = min(allowed, key=lambda t: (cost(t), t))
    strict = next(
        (t for t in candidates if threshold_outcome(rows, t)["wrong"] / n_items <= MAX_CONFIDENTLY_WRONG), 1.01
    )
    return best, threshold_outcome(rows, best), threshold_outcome(rows, strict)
