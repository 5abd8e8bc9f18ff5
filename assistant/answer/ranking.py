"""How a sentence candidate is scored: a linear model over named features, fitted on the tune split.

Each sentence of a retrieved passage gets the `CANDIDATE_FEATURES` below (word and meaning overlap
with the question, whether it holds the asked-for kind of value, whether it satisfies the question's
constraints: its year, its numbers, its quoted name, its subject). ``assistant calibrate`` fits a
logistic regression telling the sentences whose value (or words) hold the gold answer from the others,
with cross-validation grouped by question (`assistant.evals.fit_ranker`), and stores it in the build as
``ranker.json`` with its report and training rows. A build without a fitted model scores with
`PRIOR_WEIGHTS`, the hand-set weights the answerer used before the model existed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.fitted import logistic, read_fitted

RANKER_FILE = "ranker.json"
RANKER_REPORT = "ranker_report.json"
RANKER_DATA = "ranker_training.jsonl"
#: Bump when the features change: a model fitted on other features is not used.
RANKER_VERSION = 3

CANDIDATE_FEATURES: tuple[str, ...] = (
    "overlap",  # IDF share of the question's words in the sentence
    "near_overlap",  # … in the sentence, the two before it and the one after it
    "context",  # … in the whole passage
    "inv_rank",  # 1 / the passage's retrieval rank
    "hit_score",  # the passage's fused retrieval score
    "semantic",  # cosine of the sentence (with its heading) and the question
    "focus",  # share of the asking clause's words near the sentence (0 for keyword queries)
    "topic",  # share of the question's opening subject near the sentence or in its heading
    "anchored",  # the passage or its neighbours hold the question's rarest noun
    "named",  # … and name the programme or event the question names
    "value_found",  # a value of the asked kind is in the sentence (value questions only)
    "value_missing",  # a value was asked and the sentence holds none
    "now",  # 「現在」 was asked and the sentence says 現在 next to its value
    "field_label",  # the sentence is a field (「事業者:…」「【対象経費】…」) the question's words name
    "defines",  # the sentence defines the term the question asks about
    "short",  # fewer than six characters: a fragment
    "source_line",  # 「出典:…」: names sources, never answers
    "numbers_hit",  # a number the question names (「1次公募」「2021年」) is near the sentence
    "numbers_miss",  # … and is not
    "quoted_near",  # a 「quoted」 name of the question is near the sentence
    "quoted_absent",  # … and is nowhere in the passage
    "year_hit",  # every year the question names is near the sentence or in its heading
    "year_miss",  # the question names a year that is not there
    "value_label",  # IDF share of the asking clause's words in the value's own label (back to the number before it)
)

#: The hand-set weights used before a model is fitted (kept so a build without a tune split answers as before).
PRIOR_WEIGHTS: Mapping[str, float] = {
    "overlap": 1.0,
    "near_overlap": 0.35,
    "context": 0.35,
    "inv_rank": 0.15,
    "semantic": 0.6,
    "focus": 0.5,
    "value_found": 0.3,
    "value_missing": -0.25,
    "now": 0.2,
    "field_label": 0.6,
    "defines": 0.5,
    "short": -0.3,
    "source_line": -0.5,
    "numbers_hit": 0.2,
    "numbers_miss": -0.1,
    "quoted_near": 0.4,
    "quoted_absent": -0.2,
}


@dataclass(frozen=True)
class Ranker:
    """Weights over `CANDIDATE_FEATURES`; a fitted one scores with the logistic probability."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float = 0.0
    logistic: bool = False  # scores are probabilities in (0, 1); the prior: a plain weighted sum
    # A passage answer quotes a second passage scoring at least this share of the first's score.
    second_share: float = 0.8
    version: int = RANKER_VERSION
    #: Fitted as a conditional logit: scores are exp(z), so two sentences' ratio is their softmax ratio.
    exponential: bool = False

    def score(self, x: Sequence[float]) -> float:
        z = self.bias + sum(w * v for w, v in zip(self.weights, x, strict=True))
        if self.exponential:
            return math.exp(min(z, _MAX_EXPONENT))
        if not self.logistic:
            return z
        return logistic(z)

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """`score` of each row of a (sentences x features) matrix, with the same arithmetic in the same order."""
        z = np.zeros(len(rows))
        for j, w in enumerate(self.weights):
            z = z + w * rows[:, j]  # left to right, as `sum` adds
        z = self.bias + z
        if self.exponential:
            return np.array([math.exp(min(v, _MAX_EXPONENT)) for v in z.tolist()])
        if not self.logistic:
            return z
        return np.array([logistic(v) for v in z.tolist()])

    def to_dict(self) -> dict:
        return {
            "version": self.version,
            "features": list(self.features),
            "weights": list(self.weights),
            "bias": self.bias,
            "logistic": self.logistic,
            "second_share": self.second_share,
            "exponential": self.exponential,
        }

    @classmethod
    def load(cls, build_dir: Path | None) -> Ranker | None:
        """The fitted model in a build, or None (no file, or fitted on other features)."""
        data = read_fitted(build_dir, RANKER_FILE, RANKER_VERSION, CANDIDATE_FEATURES)
        if data is None:
            return None
        return cls(
            CANDIDATE_FEATURES,
            tuple(float(w) for w in data["weights"]),
            float(data["bias"]),
            bool(data["logistic"]),
            float(data.get("second_share", FITTED_SECOND_SHARE)),
            exponential=bool(data.get("exponential", False)),
        )


_MAX_EXPONENT = 60.0  # exp(60) is finite; a sentence scoring higher than that is simply the best

#: For a fitted model: a second passage at half the first's probability is still likely to hold the answer.
FITTED_SECOND_SHARE = 0.5

PRIOR = Ranker(CANDIDATE_FEATURES, tuple(PRIOR_WEIGHTS.get(f, 0.0) for f in CANDIDATE_FEATURES))
