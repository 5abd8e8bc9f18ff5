"""The fitted parts' cross-validation folds by writer's round, so no fold model has seen its held-out writers.

The fusion weights, the query adapter, the sentence ranker and the value chooser choose their strength on five
folds and answer each tune item with the fold model that did not see it (the gate learns from those answers).
Folds by item id put a writer's other questions in every fold's training: the same wording habits on both sides,
so the chosen strength and the gate's rows look better than an unseen writer's round will. A round (a bank and
its writers' conversations, `gate_folds.round_of`) is hashed to a fold whole; five folds keep the fold models few
(the adapter stores one d x d matrix per fold).
"""

from __future__ import annotations

from typing import Any

from assistant.evals.gate_folds import round_of
from assistant.evals.grouped_cv import fold_of

#: How the fit reports name these folds.
FOLD_SCHEME = "writer_round_hash"


def round_fold(set_name: str) -> int:
    """The fold of a set's writer's round: the same for a bank and its writers' conversations."""
    return fold_of(round_of(set_name))


def item_fold(item: Any) -> int:
    """An eval item's fold: its set's round's (an item naming no set falls back to its id's)."""
    name = getattr(item, "set", None)
    return round_fold(name) if name else fold_of(item.id)
