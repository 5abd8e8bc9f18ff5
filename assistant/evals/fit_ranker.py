"""Fit the sentence-candidate ranker on the tune split, with cross-validation grouped by question.

For every answerable tune question, the answerer's retrieval and sentence scorer give the candidate
sentences with their `CANDIDATE_FEATURES`; a candidate is positive when its extracted value (or, with
none, its sentence) holds the gold answer. A conditional logit (one softmax over each question's
candidates, `assistant.evals.softmax_fit`) is fitted on them, since the answerer takes each question's
best sentence; the L2 strength is chosen by the cross-validated share of questions whose best-scored
candidate is positive ("top-1"), and the report sets that figure beside the hand-set prior's. Folds are fixed by a
hash of the item's writer's round (`round_folds`), so the confidence model can be fitted on answers from the fold model that did not
see the item (`assistant.evals.calibrate`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from assistant.answer.ranking import CANDIDATE_FEATURES, FITTED_SECOND_SHARE, PRIOR, RANKER_VERSION, Ranker
from assistant.evals import metrics as m
from assistant.evals.grouped_cv import FOLDS, fit_grouped_softmax
from assistant.evals.round_folds import ID_SCHEME, tune_folds
from assistant.evals.sets import EvalItem
from assistant.question.kinds import analyze
from assistant.question.words import asks_value

MIN_QUESTIONS = 40  # fewer answerable tune questions with a positive candidate: keep the prior
#: Shares of the first passage's probability at which a fitted model quotes a second passage, tried out of fold:
#: a softmax's probabilities fall off much faster than the prior's scores, so the prior's share does not carry over.
SECOND_SHARES = (0.5, 0.3, 0.15, 0.05)


@dataclass(frozen=True)
class RankerFit:
    """The model fitted on every row, one model per held-out fold, the report and the training rows."""

    model: Ranker
    folds: dict[int, Ranker]
    report: dict[str, Any]
    rows: list[dict[str, Any]]


def candidate_rows(assistant: Any, items: Sequence[EvalItem]) -> list[dict[str, Any]]:
    """One row per candidate sentence of each answerable item: features, label and group."""
    folds = tune_folds(items)
    answerer = assistant.answerer
    scorer = answerer.scorer
    rows = []
    for it in items:
        if not it.answerable:
            continue
        intent = analyze(it.question)
        # The answerer picks a value question's answer among the sentences holding a value: train on those.
        wants_value = asks_value(intent)
        hits = answerer.retriever.retrieve(it.question, max(answerer.top_k, 5), None)[: answerer.top_k]
        for c in scorer.candidates(it.question, intent, hits):
            if wants_value and not answerer.may_give_value(c):
                continue  # never picked: the ranker need not order it
            if c.value:
                label = m.answer_correct(it.answer, c.value, False)
            else:
                # A passage answer quotes the sentence with the ones around it.
                label = m.answer_correct(it.answer, _window(scorer, c), False)
            rows.append(
                {
                    "id": it.id,
                    "fold": folds.of(it),
                    "label": bool(label),
                    "valued": bool(c.value),
                    "x": list(c.features),
                }
            )
    return rows


def _window(scorer: Any, c: Any) -> str:
    """The candidate's sentence with the one before it and the two after it (what a passage answer quotes)."""
    sentences = scorer.analysis(c.hit.chunk).sentences
    k = next((i for i, s in enumerate(sentences) if s.start == c.sentence.start), None)
    if k is None:
        return c.sentence.clean
    return " ".join(s.clean for s in sentences[max(0, k - 1) : k + 3])


def top1(rows: Sequence[dict[str, Any]], scores: Sequence[float]) -> float:
    """Share of questions (with a positive candidate) whose best-scored candidate is positive."""
    best: dict[str, tuple[float, bool]] = {}
    has_positive: set[str] = set()
    for r, s in zip(rows, scores, strict=True):
        if r["label"]:
            has_positive.add(r["id"])
        if r["id"] not in best or s > best[r["id"]][0]:
            best[r["id"]] = (s, r["label"])
    return sum(1 for i in has_positive if best[i][1]) / max(len(has_positive), 1)


def _to_ranker(weights: list[float], bias: float) -> Ranker:
    """A conditional logit's weights on the raw features: a sentence scores exp(z), its share of the softmax."""
    return Ranker(CANDIDATE_FEATURES, tuple(weights), bias, False, FITTED_SECOND_SHARE, exponential=True)


def fit_ranker(rows: list[dict[str, Any]], scheme: str = ID_SCHEME) -> RankerFit | None:
    """The fitted ranker, its fold models and report (``scheme``: how the rows' folds were made); None when the rows
    are too few to fit on."""
    questions = {r["id"] for r in rows if r["label"]}
    if len(questions) < MIN_QUESTIONS:
        return None
    fit = fit_grouped_softmax(rows, _to_ranker, PRIOR, top1)
    final, best_c, by_c = fit.model, fit.c, fit.by_c
    prior_top1 = top1(rows, [PRIOR.score(r["x"]) for r in rows])
    positives = sum(1 for r in rows if r["label"])
    report = {
        "version": RANKER_VERSION,
        "questions": len({r["id"] for r in rows}),
        "questions_with_positive": len(questions),
        "candidates": len(rows),
        "positives": positives,
        "folds": FOLDS,
        "fold_scheme": scheme,
        "l2": best_c,
        "cv_top1_by_l2": {str(c): round(v, 4) for c, v in by_c.items()},
        "cv_top1": round(by_c[best_c], 4),
        "prior_top1": round(prior_top1, 4),
        # The fitted model on its own training rows: its gap to cv_top1 is how much in-sample figures flatter it.
        "in_sample_top1": round(top1(rows, [_linear(final, r["x"]) for r in rows]), 4),
        "weights": {f: round(w, 5) for f, w in zip(CANDIDATE_FEATURES, final.weights, strict=True)},
        "bias": round(final.bias, 5),
    }
    return RankerFit(final, fit.folds, report, rows)


def _linear(model: Ranker, x: Sequence[float]) -> float:
    """The fitted model's linear score (it orders a question's candidates as the model does)."""
    return sum(w * v for w, v in zip(model.weights, x, strict=True)) + model.bias


def with_second_share(fit: RankerFit, share: float) -> RankerFit:
    """``fit`` with every model (the final one and the fold ones) quoting a second passage down to ``share``."""
    folds = {k: replace(r, second_share=share) for k, r in fit.folds.items()}
    return replace(fit, model=replace(fit.model, second_share=share), folds=folds)
