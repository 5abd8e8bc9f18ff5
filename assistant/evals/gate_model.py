"""The gate's model class, chosen by out-of-set log loss: the logistic regression alone, or blended with boosted trees.

The logistic model adds up its features' evidence; it cannot learn that a missing asked word matters for a value
and less for a quoted passage. Small boosted trees (depth 2-3, at least 10 rows a leaf) can. Both are scored on
the same leave-one-round-out folds (`gate_folds`); each candidate — the logistic model, or its log odds blended
with the trees' at a share `BLENDS` — is judged by its out-of-set log loss, and the logistic model is kept unless
the best blend beats it by more than `LOG_LOSS_TOLERANCE` and by `SIGNIFICANCE` standard errors of the per-row
difference (some 60 candidates: on linear synthetic data the best of them beat the logistic model by 0.001-0.004
by chance alone). Offline on the tune rows (leave-round-out, the config chosen without the held round): log loss
0.402 -> 0.392, AUC 0.837 -> 0.845, confidently wrong 0.130 -> 0.125 at the same gate false abstention; the trees
alone did not beat it once their own config was chosen honestly. The fitted trees are exported as plain arrays
(`answer.gate_trees`), so the runtime needs no scikit-learn. The fits refuse non-finite features (`finite`): the
export has no direction for a missing value, and scikit-learn learns one.

The class is chosen on single fits; the trees served are then the mean of `TREE_BAGS` fits on bootstrap resamples of
the tune groups (`bagged_choice`), their blend chosen again on their own out-of-set log odds, so the threshold is
chosen on the model served. One fit's decisions hang on a few rows: refits leaving 1 % of the groups out flipped 24-31
of 3,158 decisions, the mean of 8 bootstrap fits' 11, at equal out-of-round log loss (0.3522 / 0.3521) and AUC
(0.8837 / 0.8852; `evals/tools/gate_bag_probe.py`, the trees alone). The mean is itself one additive ensemble (every
fit's trees, their values divided by the number of fits), so the file format and the serving code stay.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from assistant.answer.gate_trees import LEAF, Tree, Trees
from assistant.evals.gate_bagging import multiplicity
from assistant.evals.gate_folds import LOG_LOSS_TOLERANCE, log_loss, row_losses

#: Tree shapes tried: (depth, fewest rows in a leaf). Shallow, with large leaves: some 1,600 rows.
SHAPES = ((2, 10), (2, 20), (3, 10), (3, 20))
#: Boosting rounds tried (read off one fit per shape and fold, round by round).
ROUNDS = (50, 100, 150, 200)
LEARNING_RATE = 0.1
L2 = 1.0
#: The logistic part's share of the blended log odds (0: the trees alone).
BLENDS = (0.0, 0.3, 0.5, 0.7)
#: The best blend must beat the logistic model by this many standard errors of the per-row log loss difference
#: (the larger of the rows' and the folds' (clustered) one: a round's rows share its writer).
SIGNIFICANCE = 2.0
#: Bootstrap fits the served trees are the mean of (8 halved the flips of 1; 16 did not halve them again).
TREE_BAGS = 8
#: The salt of the trees' resamples: independent of the thresholds' (`gate_bagging.BAG_SALT`).
TREE_BAG_SALT = "gate-trees"


@dataclass(frozen=True)
class TreeConfig:
    """One boosted-trees setting: depth, fewest rows per leaf, rounds."""

    depth: int
    min_leaf: int
    rounds: int
    bags: int = 1  # fits on bootstrap resamples whose mean is served (1: one fit on every row)


@dataclass(frozen=True)
class ModelChoice:
    """The chosen class: ``config`` None is the logistic model alone; else trees blended at ``blend``."""

    config: TreeConfig | None
    blend: float
    p: Any  # the chosen candidate's out-of-set probabilities
    losses: dict[str, float]  # out-of-set log loss per candidate, named by `name`

    @property
    def name(self) -> str:
        return name(self.config, self.blend)


def name(config: TreeConfig | None, blend: float) -> str:
    """A candidate's name in the report."""
    if config is None:
        return "logistic"
    bagged = f",bags={config.bags}" if config.bags > 1 else ""
    shape = f"depth={config.depth},leaf={config.min_leaf},rounds={config.rounds}{bagged}"
    return f"trees({shape})*{1 - blend:g}+logistic*{blend:g}"


def booster(depth: int, min_leaf: int, rounds: int) -> Any:
    """A small gradient-boosted classifier (scikit-learn, at calibration only)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(
        max_depth=depth,
        min_samples_leaf=min_leaf,
        max_iter=rounds,
        learning_rate=LEARNING_RATE,
        l2_regularization=L2,
        early_stopping=False,
        random_state=0,
    )


def one_thread() -> Any:
    """A limit of one OpenMP (and BLAS) thread: a fit took 0.5 s on one thread, 10 s on two oversubscribed cores."""
    import sklearn.ensemble  # noqa: F401 - loads the OpenMP runtime first, so the limit reaches it
    from threadpoolctl import threadpool_limits

    return threadpool_limits(1)  # the fitted trees are the same at any thread count (checked at 1, 2 and 4)


def finite(x: Any, names: Sequence[str] | None = None) -> None:
    """Raise ValueError when ``x`` holds NaN or infinity, naming the columns: the exported trees cannot route them."""
    import numpy as np

    bad = ~np.isfinite(np.asarray(x, dtype=float))
    if bad.any():
        columns = sorted({int(j) for j in np.nonzero(bad.any(axis=0))[0]})
        named = [names[j] if names is not None else str(j) for j in columns]
        raise ValueError(
            f"non-finite feature values (NaN or infinity) in {int(bad.any(axis=1).sum())} rows, features {named}: "
            "the gate's exported trees have no direction for a missing value; compute a number for every feature"
        )


def prior_log_odds(labels: Any) -> float:
    """The log odds of the labels' mean (no labels: even), clipped: a fold whose training rows hold one label."""
    import numpy as np

    share = float(np.clip(labels.mean() if len(labels) else 0.5, 1e-6, 1 - 1e-6))
    return float(np.log(share / (1 - share)))


def tree_log_odds(x: Any, y: Any, folds: Sequence[int]) -> dict[TreeConfig, Any]:
    """Each row's log odds from trees fitted on the other folds, per `SHAPES` x `ROUNDS` (one-label fold: its mean)."""
    with one_thread():
        return _tree_log_odds(x, y, folds)


def _tree_log_odds(x: Any, y: Any, folds: Sequence[int]) -> dict[TreeConfig, Any]:
    import numpy as np

    finite(x)
    fold = np.asarray(folds)
    out = {TreeConfig(d, m, r): np.zeros(len(y)) for (d, m), r in itertools.product(SHAPES, ROUNDS)}
    for k in sorted(set(folds)):
        held, train = fold == k, fold != k
        labels = y[train]
        if len(set(labels.tolist())) < 2:
            for scores in out.values():
                scores[held] = prior_log_odds(labels)
            continue
        for depth, min_leaf in SHAPES:
            fitted = booster(depth, min_leaf, max(ROUNDS)).fit(x[train], labels)
            for r, raw in enumerate(fitted.staged_decision_function(x[held]), start=1):
                if r in ROUNDS:
                    out[TreeConfig(depth, min_leaf, r)][held] = np.ravel(raw)
    return out


def standard_error(d: Any, folds: Sequence[int]) -> float:
    """The standard error of the mean of ``d``: the larger of the rows' and the folds' (clustered) estimate."""
    import numpy as np

    fold = np.asarray(folds)
    centred = d - d.mean()
    clustered = np.sqrt(sum(float(centred[fold == k].sum()) ** 2 for k in set(folds))) / len(d)
    return max(float(d.std() / np.sqrt(len(d))), float(clustered))


def choose_model(y: Any, logistic_p: Any, trees: dict[TreeConfig, Any], folds: Sequence[int]) -> ModelChoice:
    """The candidate with the least out-of-set log loss when it beats the logistic model clearly, else the latter."""
    # Only the best candidate is tested: when it fails the logistic model is kept, even if a less selected blend
    # might pass (conservative).
    import numpy as np
    from scipy.special import expit, logit

    z = logit(np.clip(logistic_p, 1e-6, 1 - 1e-6))
    logistic = ModelChoice(None, 1.0, logistic_p, {})
    losses = {"logistic": log_loss(y, logistic_p)}
    best, least = logistic, losses["logistic"]
    for config, raw in trees.items():
        for blend in BLENDS:
            p = expit(blend * z + (1 - blend) * raw)
            loss = losses[name(config, blend)] = log_loss(y, p)
            if loss < least:
                least, best = loss, ModelChoice(config, blend, p, {})
    gain = row_losses(y, logistic_p) - row_losses(y, best.p)
    if gain.mean() <= max(LOG_LOSS_TOLERANCE, SIGNIFICANCE * standard_error(gain, folds)):
        best = logistic
    return ModelChoice(best.config, best.blend, best.p, losses)


def export(fitted: Any) -> Trees:
    """A fitted binary HistGradientBoostingClassifier's trees as plain arrays (its predictors, one per round)."""
    trees = []
    for (predictor,) in fitted._predictors:  # binary: one tree per round
        nodes = predictor.nodes
        leaf = nodes["is_leaf"].astype(bool)
        # The arrays hold numeric splits only; a categorical one (a bitset) would be scored wrongly. The export
        # reads scikit-learn's private fields, so this and the equality test are what catch an upgrade changing them.
        if nodes["is_categorical"][~leaf].any():
            raise ValueError("a categorical split cannot be exported as a threshold")
        trees.append(
            Tree(
                tuple(LEAF if lf else int(f) for lf, f in zip(leaf, nodes["feature_idx"], strict=True)),
                tuple(float(t) for t in nodes["num_threshold"]),
                tuple(LEAF if lf else int(c) for lf, c in zip(leaf, nodes["left"], strict=True)),
                tuple(LEAF if lf else int(c) for lf, c in zip(leaf, nodes["right"], strict=True)),
                tuple(float(v) for v in nodes["value"]),
            )
        )
    return Trees(float(fitted._baseline_prediction.ravel()[0]), tuple(trees))


def resample_counts(groups: Sequence[str], bags: int) -> list[Any]:
    """Per resample, how many times each row is drawn: its group's Poisson(1) multiplicity (`gate_bagging`)."""
    import numpy as np

    return [np.array([multiplicity(g, b, TREE_BAG_SALT) for g in groups], dtype=float) for b in range(bags)]


def _fit_resample(x: Any, y: Any, counts: Any, config: TreeConfig) -> Any:
    """One fit of ``config`` on the rows each repeated ``counts`` times; None when they hold one label only."""
    import numpy as np

    # Repeated rather than weighted: the same gradient sums, and scikit-learn's weighted binning took 0.54 s a fit
    # against 0.20 s (3,158 rows, 200 rounds).
    drawn = np.repeat(np.arange(len(y)), counts.astype(int))
    if len(set(y[drawn].tolist())) < 2:
        return None
    return booster(config.depth, config.min_leaf, config.rounds).fit(x[drawn], y[drawn])


def bagged_log_odds(x: Any, y: Any, folds: Sequence[int], groups: Sequence[str], config: TreeConfig) -> Any:
    """Each row's log odds from the mean of ``config.bags`` bootstrap fits on the other folds (one label: its mean)."""
    import numpy as np

    finite(x)
    fold, counts = np.asarray(folds), resample_counts(groups, config.bags)
    out = np.zeros(len(y))
    with one_thread():
        for k in sorted(set(folds)):
            held, train = fold == k, fold != k
            fits = [f for c in counts if (f := _fit_resample(x[train], y[train], c[train], config)) is not None]
            fitted = [f.decision_function(x[held]) for f in fits]
            out[held] = np.mean(fitted, axis=0) if fitted else prior_log_odds(y[train])
    return out


def bagged_choice(
    x: Any, y: Any, logistic_p: Any, choice: ModelChoice, folds: Sequence[int], groups: Sequence[str]
) -> ModelChoice:
    """The chosen trees as the mean of `TREE_BAGS` bootstrap fits, blended and tested against the logistic model again.

    The threshold is then chosen on the out-of-set probabilities of the model served. The single fits' losses stay in
    the choice's ``losses`` beside the bagged candidates'."""
    if choice.config is None:
        return choice
    config = replace(choice.config, bags=TREE_BAGS)
    again = choose_model(y, logistic_p, {config: bagged_log_odds(x, y, folds, groups, config)}, folds)
    return ModelChoice(again.config, again.blend, again.p, choice.losses | again.losses)


def mean_of(ensembles: Sequence[Trees]) -> Trees:
    """One ensemble scoring the mean of ``ensembles``' raw scores: every tree, its values divided by their number."""
    k = len(ensembles)
    trees = tuple(
        replace(tree, value=tuple(v / k for v in tree.value)) for ensemble in ensembles for tree in ensemble.trees
    )
    return Trees(sum(e.baseline for e in ensembles) / k, trees)


def fit_trees(x: Any, y: Any, config: TreeConfig, groups: Sequence[str] | None = None) -> Trees:
    """Trees of the chosen setting fitted on every row (or the mean of its bootstrap fits, by ``groups``), exported."""
    finite(x)
    if config.bags > 1 and groups is None:
        raise ValueError("bagged trees need each row's group: a resample draws groups, not rows")
    with one_thread():
        counts = resample_counts(groups, config.bags) if groups is not None and config.bags > 1 else []
        fits = [f for c in counts if (f := _fit_resample(x, y, c, config)) is not None]
        if not fits:  # one fit asked for, or every resample drew one label (a handful of rows): the fit on every row
            return export(booster(config.depth, config.min_leaf, config.rounds).fit(x, y))
        return mean_of([export(f) for f in fits])
