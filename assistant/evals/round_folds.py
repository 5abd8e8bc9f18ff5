"""The fitted parts' cross-validation folds by writer's round, so no fold model has seen its held-out writers.

The fusion weights, the query adapter, the sentence ranker and the value chooser choose their strength on five
folds and answer each tune item with the fold model that did not see it (the gate learns from those answers).
Folds by item id put a writer's other questions in every fold's training: the same wording habits on both sides,
so the chosen strength and the gate's rows look better than an unseen writer's round will. A round (a bank and
its writers' conversations, `gate_folds.round_of`) is hashed to a fold whole; five folds keep the fold models few
(the adapter stores one d x d matrix per fold). Rounds too few to fill every fold (one writer's set, a toy set)
would leave folds without training, so then the folds go by item id, as the gate's do (`gate_folds`); the choice
is made once over the whole tune list (`tune_folds`), so every fit and the answers it is judged on agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.evals.gate_folds import round_of
from assistant.evals.grouped_cv import FOLDS, fold_of

#: How the fit reports name these folds, and the fallback by item id.
FOLD_SCHEME = "writer_round_hash"
ID_SCHEME = "item_hash"


def round_fold(set_name: str) -> int:
    """The fold of a set's writer's round: the same for a bank and its writers' conversations."""
    return fold_of(round_of(set_name))


def item_fold(item: Any) -> int:
    """An eval item's fold: its set's round's (an item naming no set falls back to its id's)."""
    name = getattr(item, "set", None)
    return round_fold(name) if name else fold_of(item.id)


@dataclass(frozen=True)
class Folds:
    """Each tune item's fold, and which scheme made them (`FOLD_SCHEME` or `ID_SCHEME`)."""

    by_id: Mapping[str, int]
    scheme: str

    def of(self, item: Any) -> int:
        """The fold of a tune item of the list these folds were made for."""
        return self.by_id[item.id]


def tune_folds(items: Sequence[Any]) -> Folds:
    """The items' folds by writer's round when their rounds fill every fold, else by item id."""
    by_round = {it.id: item_fold(it) for it in items}
    if len(set(by_round.values())) == FOLDS:
        return Folds(by_round, FOLD_SCHEME)
    return Folds({it.id: fold_of(it.id) for it in items}, ID_SCHEME)
