"""Fit the value chooser on the tune split, with cross-validation grouped by question.

For every answerable tune question, the sentences the answerer could answer from (those where a value
of the asked kind is found) give every value they hold with its `VALUE_FEATURES`; a value is positive
when it holds the gold answer or is part of it (the gold 「生徒21名」 for the value 21名). Sentences with
one value, or with none holding the gold, teach nothing about the choice and are left out. A conditional
logit (one softmax over each sentence's values, `assistant.evals.softmax_fit`) is fitted on the values; the L2 strength is chosen by the cross-validated share of sentences
whose best-scored value is positive ("top-1"), set beside the prior's (`find_value`'s own pick). Folds
are the ranker's (`round_folds`), so the calibration can answer each item with the model that did not see it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.answer.value_choice import PRIOR_CHOOSER, VALUE_FEATURES, VALUES_VERSION, ValueChooser, value_candidates
from assistant.answer.value_words import value_words
from assistant.evals import metrics as m
from assistant.evals.grouped_cv import FOLDS, fit_grouped_softmax
from assistant.evals.round_folds import ID_SCHEME, tune_folds
from assistant.evals.sets import EvalItem
from assistant.question.kinds import analyze
from assistant.question.words import asks_value

MIN_GROUPS = 30  # fewer sentences with a choice to learn from: keep the prior


@dataclass(frozen=True)
class ValuesFit:
    """The chooser fitted on every row, one per held-out fold, the report and the training rows."""

    model: ValueChooser
    folds: dict[int, ValueChooser]
    report: dict[str, Any]
    rows: list[dict[str, Any]]


def holds_gold(gold: str, value: str) -> bool:
    """The value holds the gold answer, or is the figure inside it (「21名」 of 「生徒21名」)."""
    if m.answer_correct(gold, value, False):
        return True
    v, g = m.compact(value), m.compact(gold)
    if len(v) < 2 or not any(ch.isdigit() for ch in v):
        return False
    # A whole figure of the gold, not a part of one: 「1件」 is not in 「781件」, nor 「3,000人」 in 「13,000人」.
    return any(not (at and (g[at - 1].isdigit() or g[at - 1] in ",.")) for at in _occurrences(g, v))


def _occurrences(text: str, part: str) -> list[int]:
    """Where ``part`` starts in ``text``, every time."""
    out, at = [], text.find(part)
    while at >= 0:
        out.append(at)
        at = text.find(part, at + 1)
    return out


def value_rows(assistant: Any, items: Sequence[EvalItem]) -> list[dict[str, Any]]:
    """One row per value of each sentence with a choice to make: features, label and group."""
    folds = tune_folds(items)
    answerer = assistant.answerer
    scorer = answerer.scorer
    rows = []
    for it in items:
        if not it.answerable:
            continue
        intent = analyze(it.question)
        if not asks_value(intent):
            continue
        near = value_words(it.question, intent)
        hits = answerer.retriever.retrieve(it.question, max(answerer.top_k, 5), None)[: answerer.top_k]
        seen: set[str] = set()
        for c in scorer.candidates(it.question, intent, hits):
            key = c.sentence.clean  # a sentence repeated in two passages (or documents) is one choice
            if not c.value or key in seen:
                continue
            seen.add(key)
            found = value_candidates(c.sentence.clean, intent, near, scorer.weight, c.value)
            labels = [holds_gold(it.answer, v.value) for v in found]
            if len(found) < 2 or not any(labels):
                continue
            group = f"{it.id}|{len(seen)}"
            for v, label in zip(found, labels, strict=True):
                row = {"id": it.id, "fold": folds.of(it), "group": group, "value": v.value, "label": label}
                rows.append({**row, "x": list(v.features)})
    return rows


def top1(rows: Sequence[dict[str, Any]], scores: Sequence[float]) -> float:
    """Share of sentences whose best-scored value is positive (first value on ties)."""
    best: dict[str, tuple[float, bool]] = {}
    for r, s in zip(rows, scores, strict=True):
        if r["group"] not in best or s > best[r["group"]][0]:
            best[r["group"]] = (s, r["label"])
    return sum(1 for _, label in best.values() if label) / max(len(best), 1)


def _chooser(weights: list[float], bias: float) -> ValueChooser:
    return ValueChooser(tuple(weights))  # the bias does not change which value is best


def _linear(model: ValueChooser, x: Sequence[float]) -> float:
    """The fitted chooser's linear score of one value (the prior's pick when it has no weights)."""
    if model.weights is None:
        return x[VALUE_FEATURES.index("prior")]
    return sum(w * v for w, v in zip(model.weights, x, strict=True))


def fit_values(rows: list[dict[str, Any]], scheme: str = ID_SCHEME) -> ValuesFit | None:
    """The fitted chooser, its fold models and report (``scheme``: how the rows' folds were made); None when the
    rows are too few to fit on."""
    groups = {r["group"] for r in rows}
    if len(groups) < MIN_GROUPS:
        return None
    fit = fit_grouped_softmax(rows, _chooser, PRIOR_CHOOSER, top1, group="group")
    final, best_c, by_c = fit.model, fit.c, fit.by_c
    prior_index = VALUE_FEATURES.index("prior")
    report = {
        "version": VALUES_VERSION,
        "questions": len({r["id"] for r in rows}),
        "sentences": len(groups),
        "values": len(rows),
        "positives": sum(1 for r in rows if r["label"]),
        "folds": FOLDS,
        "fold_scheme": scheme,
        "l2": best_c,
        "cv_top1_by_l2": {str(c): round(v, 4) for c, v in by_c.items()},
        "cv_top1": round(by_c[best_c], 4),
        "prior_top1": round(top1(rows, [r["x"][prior_index] for r in rows]), 4),
        "in_sample_top1": round(top1(rows, [_linear(final, r["x"]) for r in rows]), 4),
        "weights": {f: round(w, 5) for f, w in zip(VALUE_FEATURES, final.weights or (), strict=True)},
    }
    return ValuesFit(final, fit.folds, report, rows)
