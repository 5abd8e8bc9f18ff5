"""The gate's cross-validation held out one writer's round at a time, and its strength chosen by out-of-set log loss.

A tune round is one writer's: its question bank and its conversations (evals/tune/pool4_bank and
conversations_pool3, `SAME_WRITERS`) share wording habits, so folds by item hash, or by file, let a fold model see the same writer's
other items, and the CV figures (and a threshold chosen on them) look better than an unseen writer's answers will.
Holding out whole rounds makes every row's probability one from a model that never saw its writer. The L2 strength
is chosen by that log loss, not AUC: the thresholds are read off the probabilities themselves, so their calibration
on unseen writers is what must hold. Rows naming no set form a fold of their own. With fewer than `MIN_SETS` rounds
(small or synthetic rows) the folds fall back to the rows' group ids, hashed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.evals.grouped_cv import FOLDS, fold_of

#: Fewer rounds than this among the rows: too few writers to hold one out at a time; folds by hashed group id.
MIN_SETS = 4
#: L2 strengths tried (scikit-learn's C on standardised features).
C_GRID = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
#: A weaker strength is taken only when it lowers the out-of-set log loss by more than this (a stronger one
#: generalises at least as well when the two are this close).
LOG_LOSS_TOLERANCE = 0.001


@dataclass(frozen=True)
class SetFolds:
    """Each row's fold and what a fold is: ``scheme`` "leave_set_out" (fold k = round ``names[k]``) or "group_hash"."""

    folds: list[int]
    scheme: str
    names: tuple[str, ...]


#: The fold of the rows that name no set (rows written before sets were recorded, or built by hand).
NO_SET = "(no set)"


#: Conversation sets written by the same writers as a question bank (evals/README.md says which): one round each.
#: The numbers in the file names do not pair them (conversations_pool3 is pool4_bank's writer's); the other
#: conversation sets are each by a writer of their own.
SAME_WRITERS: dict[str, str] = {
    "conversations": "bank",
    "conversations_pool": "pool_bank",
    "conversations_pool3": "pool4_bank",
    "conversations_pool5": "pool8_bank",
}


def round_of(name: str) -> str:
    """The writer's round a set belongs to: the bank's set for its writers' conversations
    (``tune/conversations_pool3`` -> ``tune/pool4_bank``), else the set itself."""
    head, sep, base = name.rpartition("/")
    return f"{head}{sep}{SAME_WRITERS.get(base, base)}"


def set_folds(sets: Sequence[str | None], groups: Sequence[str]) -> SetFolds:
    """Leave-one-round-out folds over the rows' sets, or folds by hashed group when the rows name too few rounds."""
    rounds = [round_of(s) if s else NO_SET for s in sets]
    named = sorted(set(rounds) - {NO_SET})
    if len(named) >= MIN_SETS:
        names = (*named, NO_SET) if NO_SET in rounds else tuple(named)
        at = {r: k for k, r in enumerate(names)}
        return SetFolds([at[r] for r in rounds], "leave_set_out", names)
    return SetFolds([fold_of(g) for g in groups], "group_hash", tuple(str(k) for k in range(FOLDS)))


def out_of_fold(x: Any, y: Any, folds: Sequence[int], make: Any) -> Any:
    """Each row's probability from the model ``make()`` fitted on the other folds (a fold of one label: its mean)."""
    import numpy as np

    fold = np.asarray(folds)
    p = np.zeros(len(y), dtype=float)
    for k in sorted(set(folds)):
        held, train = fold == k, fold != k
        if len(set(y[train].tolist())) < 2:
            p[held] = float(y[train].mean()) if train.any() else 0.5
            continue
        p[held] = make().fit(x[train], y[train]).predict_proba(x[held])[:, 1]
    return p


def row_losses(y: Any, p: Any) -> Any:
    """Each row's negative log likelihood of its label under ``p`` (clipped away from 0 and 1)."""
    import numpy as np

    q = np.clip(np.asarray(p, dtype=float), 1e-6, 1 - 1e-6)
    return -np.where(np.asarray(y) == 1, np.log(q), np.log(1 - q))


def log_loss(y: Any, p: Any) -> float:
    """Mean negative log likelihood of the labels under ``p`` (`row_losses` averaged)."""
    return float(row_losses(y, p).mean())


def choose_c(by_c: dict[float, float]) -> float:
    """The strongest L2 (smallest C) whose log loss is within `LOG_LOSS_TOLERANCE` of the least."""
    least = min(by_c.values())
    return min(c for c, loss in by_c.items() if loss <= least + LOG_LOSS_TOLERANCE)


def per_fold(y: Any, p: Any, answerable: Sequence[bool], folds: SetFolds, kept: Sequence[bool]) -> list[dict[str, Any]]:
    """Per held-out fold: rows, right share, AUC and log loss of its out-of-fold probabilities, and under the chosen
    thresholds (``kept``) the answerable rows dropped and the wrong rows kept (counts: the sets' item totals are
    not the rows')."""
    import numpy as np
    from sklearn.metrics import roc_auc_score

    fold = np.asarray(folds.folds)
    out = []
    for k, name in enumerate(folds.names):
        at = np.flatnonzero(fold == k)
        if not len(at):
            continue
        labels = y[at]
        auc = round(float(roc_auc_score(labels, p[at])), 4) if len(set(labels.tolist())) == 2 else None
        out.append(
            {
                "fold": name,
                "rows": len(at),
                "right_share": round(float(labels.mean()), 4),
                "auc": auc,
                "log_loss": round(log_loss(labels, p[at]), 4),
                "dropped_answerable": int(sum(answerable[i] and not kept[i] for i in at)),
                "kept_wrong": int(sum(kept[i] and not y[i] for i in at)),
            }
        )
    return out
