"""Boosted regression trees for the confidence gate, read from plain JSON and evaluated in plain Python.

A logistic regression over the gate's features cannot learn that a feature matters for one kind of answer and not
for another (a question word missing from the cited lines matters for a value, less for a quoted passage; a year
mismatch only when the answer is a number). Small boosted trees can: `assistant.evals.gate_model` fits them
(scikit-learn, at calibration only) and stores each tree as arrays — the feature a node splits on, its threshold,
its left and right children and its value — so a query needs neither scikit-learn nor pickle. A node goes left
when the feature is at most its threshold (a missing feature reads as 0.0, as the logistic part reads it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: A node that does not split: its ``feature`` (and its children) are -1.
LEAF = -1


@dataclass(frozen=True)
class Tree:
    """One regression tree as parallel arrays over its nodes; node 0 is the root."""

    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]

    def score(self, x: Sequence[float]) -> float:
        """The value of the leaf ``x`` (feature values in the model's order) falls into."""
        node = 0
        feature, threshold, left, right = self.feature, self.threshold, self.left, self.right
        while feature[node] != LEAF:
            node = left[node] if x[feature[node]] <= threshold[node] else right[node]
        return self.value[node]

    def to_dict(self) -> dict[str, list]:
        return {
            "feature": list(self.feature),
            "threshold": list(self.threshold),
            "left": list(self.left),
            "right": list(self.right),
            "value": list(self.value),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Tree:
        """A tree from its arrays, checked to be one: equal lengths, children after their parent, leaves marked."""
        arrays = [tuple(data[k]) for k in ("feature", "threshold", "left", "right", "value")]
        n = len(arrays[0])
        if n == 0 or any(len(a) != n for a in arrays):
            raise ValueError("a tree's arrays must be non-empty and of one length")
        feature, threshold, left, right, value = arrays
        for i in range(n):
            if feature[i] != LEAF and not (i < left[i] < n and i < right[i] < n):
                raise ValueError(f"node {i}: its children must come after it")
        return cls(
            tuple(int(f) for f in feature),
            tuple(float(t) for t in threshold),
            tuple(int(c) for c in left),
            tuple(int(c) for c in right),
            tuple(float(v) for v in value),
        )


@dataclass(frozen=True)
class Trees:
    """A boosted ensemble: its raw score (log odds) is ``baseline`` plus every tree's leaf value."""

    baseline: float
    trees: tuple[Tree, ...]

    def raw(self, x: Sequence[float]) -> float:
        """The ensemble's log odds for the feature values ``x`` (in the model's feature order)."""
        return self.baseline + sum(t.score(x) for t in self.trees)

    def to_dict(self) -> dict[str, Any]:
        return {"baseline": self.baseline, "trees": [t.to_dict() for t in self.trees]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Trees:
        return cls(float(data["baseline"]), tuple(Tree.from_dict(t) for t in data["trees"]))
