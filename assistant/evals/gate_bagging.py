"""The gate's thresholds as bagged estimates: their choice (`gate_thresholds`) again on bootstrap resamples, averaged.

The choice on one set of rows is an argmin of a step function on a grid: a few rows near a threshold move it far
(a kind with few wrong answers most: the records' threshold went 0.29-0.51 over three 80 % refits). The mean of the
choices over resamples (bagging) is a smooth function of the rows, so a refit a few rows apart moves it little; the
rows' own choice is still reported. The resamples' median (session 16) stays on the grid and can jump as far as one
choice: it did not steady the test figures (test accuracy's range over three refits 0.006 -> 0.020).
"""

from __future__ import annotations

import hashlib
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.evals.gate_thresholds import (
    MAX_GATE_FALSE_ABSTENTION,
    WRONG_COST,
    GateRow,
    choose_by_kind,
    choose_threshold,
)

#: Bootstrap resamples the thresholds are chosen again on.
BAGS = 40
BAG_SALT = "gate-bag"


def multiplicity(group: str, bag: int, salt: str = BAG_SALT) -> int:
    """How often a group's rows appear in one resample: Poisson(1), drawn from the salted group id.

    Fixed by the id, as the folds are: a row added or dropped leaves every other group's draws as they were. Another
    ``salt`` gives draws independent of these (the gate's trees are bagged on their own).
    """
    u = int(hashlib.sha256(f"{salt}:{bag}:{group}".encode()).hexdigest()[:12], 16) / 16**12
    k, term = 0, math.exp(-1.0)
    cdf = term
    while u > cdf and k < 12:
        k += 1
        term /= k
        cdf += term
    return k


@dataclass(frozen=True)
class BaggedChoice:
    """The thresholds chosen as means over resamples, and how far apart the resamples' choices were."""

    single: float
    by_kind: dict[str, float]
    spread: dict[str, tuple[float, float]]  # per kind (and "single"): the 10th and 90th percentile of the choices


def _quantiles(values: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(values, n=10, method="inclusive") if len(values) > 1 else [values[0]] * 9
    return round(cuts[0], 4), round(cuts[-1], 4)


def bagged(
    rows: Sequence[GateRow],
    groups: Sequence[str],
    n_items: int,
    n_answerable: int,
    bags: int = BAGS,
) -> BaggedChoice:
    """The single and per-kind thresholds, each the mean of its choice on ``bags`` bootstrap resamples of the rows.

    A resample draws each group (a question, or a conversation's turns together) a Poisson(1) number of times; the
    item counts the budget and the confidently-wrong share are taken over are scaled with the resample's size.
    """
    singles: list[float] = []
    by_kind: dict[str, list[float]] = {}
    for bag in range(bags):
        counts = {g: multiplicity(g, bag) for g in set(groups)}
        sample = [r for r, g in zip(rows, groups, strict=True) for _ in range(counts[g])]
        if len({r.right for r in sample}) < 2:
            continue
        scale = len(sample) / max(len(rows), 1)
        items, answerable = max(round(n_items * scale), 1), max(round(n_answerable * scale), 1)
        triples = [(r.p, r.right, r.answerable) for r in sample]
        single = choose_threshold(triples, items, answerable)[0]
        singles.append(single)
        for kind, t in choose_by_kind(sample, single, answerable, WRONG_COST, MAX_GATE_FALSE_ABSTENTION).items():
            by_kind.setdefault(kind, []).append(t)
    if not singles:  # too few rows to resample: the choice on the rows themselves
        triples = [(r.p, r.right, r.answerable) for r in rows]
        single = choose_threshold(triples, n_items, n_answerable)[0]
        chosen = choose_by_kind(rows, single, n_answerable, WRONG_COST, MAX_GATE_FALSE_ABSTENTION)
        return BaggedChoice(single, chosen, {})
    spread = {"single": _quantiles(singles), **{k: _quantiles(v) for k, v in sorted(by_kind.items())}}
    means = {k: float(statistics.fmean(v)) for k, v in sorted(by_kind.items())}
    return BaggedChoice(float(statistics.fmean(singles)), means, spread)
