"""Fit the answer-confidence model on the tune split, with cross-validation, and store it in the build.

``assistant calibrate`` (also run by ``assistant index build``) answers every tune question and every
follow-up turn of the tune conversations (with its history) with the rules alone, computes each answer's
`FEATURES`, and fits a logistic regression (scikit-learn) telling right answers from wrong ones and from
answers where the documents are silent, blended with boosted trees when that is better out of set (`gate_model`).
The abstention threshold is chosen on cross-validated probabilities, each tune set (one writer's round) held out
in turn (`gate_folds`), to minimise the cost of its mistakes over all tune items: an abstention where the answer
was right costs 1, a wrong answer (or an answer where the documents are silent) costs ``WRONG_COST``; the single
and per-kind thresholds used are that choice averaged over bootstrap resamples of the tune groups (`gate_bagging`),
so a refit a few rows apart moves them little. The report also gives the threshold that would keep confidently
wrong at or under ``MAX_CONFIDENTLY_WRONG`` and what it would cost. Written into the build:
``confidence.json`` (weights on the raw features, bias, threshold; the trees and blend when chosen),
``confidence_report.json`` (the CV figures before and after the threshold) and ``confidence_training.jsonl``
(the training rows).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from assistant.answer.confidence import (
    DATA_FILE,
    FEATURES,
    FEATURES_VERSION,
    MODEL_FILE,
    MODEL_VERSION,
    REPORT_FILE,
    ConfidenceModel,
    answer_kind_of,
)
from assistant.answer.ranking import PRIOR, RANKER_DATA, RANKER_FILE, RANKER_REPORT, RANKER_VERSION
from assistant.answer.value_choice import PRIOR_CHOOSER, VALUES_DATA, VALUES_FILE, VALUES_REPORT, VALUES_VERSION
from assistant.evals.answer_rows import choose_ranker, follow_up_rows, gain, item_rows, pipeline_figures
from assistant.evals.conversations import load_conversations
from assistant.evals.fit_adapter import calibrate_adapter
from assistant.evals.fit_fusion import fit_fusion, fusion_rows
from assistant.evals.fit_ranker import candidate_rows, fit_ranker
from assistant.evals.fit_values import ValuesFit, fit_values, value_rows
from assistant.evals.gate_bagging import BAGS, bagged
from assistant.evals.gate_folds import C_GRID, LOG_LOSS_TOLERANCE, choose_c, log_loss, out_of_fold, per_fold, set_folds
from assistant.evals.gate_model import (
    SIGNIFICANCE,
    TREE_BAGS,
    bagged_choice,
    choose_model,
    finite,
    fit_trees,
    tree_log_odds,
)
from assistant.evals.gate_thresholds import (
    MAX_CONFIDENTLY_WRONG,
    MAX_FALSE_ABSTENTION,
    MAX_GATE_FALSE_ABSTENTION,
    SLACK,
    WRONG_COST,
    GateRow,
    choose_by_kind,
    choose_threshold,
    outcome,
    threshold_outcome,
)
from assistant.evals.grouped_cv import fold_of
from assistant.evals.round_folds import tune_folds
from assistant.evals.sets import EvalItem, load_sets
from assistant.fitted import raw_weights
from assistant.retrieval.fusion_model import (
    FUSION_DATA,
    FUSION_FILE,
    FUSION_REPORT,
    FUSION_VERSION,
    to_json,
    with_weights,
)
from assistant.retrieval.hybrid import FusionParams
from assistant.retrieval.query_adapter import ADAPTER_VERSION

MIN_ROWS = 40  # fewer answered tune items than this: no model (too little to fit on)


def tune_paths(evals_dir: Path) -> list[Path]:
    """The tune split's question sets (not its conversations)."""
    return sorted(p for p in (evals_dir / "tune").glob("*.jsonl") if not p.name.startswith("conversations"))


def tune_conversation_paths(evals_dir: Path) -> list[Path]:
    """The tune split's conversation sets: their follow-up turns train the gate beside the single questions."""
    return sorted((evals_dir / "tune").glob("conversations*.jsonl"))


def signature(paths: Sequence[Path], build_id: str) -> str:
    """What a fitted model depends on: the build, the tune questions and the features' version."""
    versions = (FEATURES_VERSION, MODEL_VERSION, RANKER_VERSION, FUSION_VERSION, VALUES_VERSION, ADAPTER_VERSION)
    h = hashlib.sha256(":".join(map(str, (build_id, *versions))).encode())
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _settings_weights(assistant: Any) -> dict[str, float]:
    """The BM25 and dense weights the settings choose: the starting point the fit must beat."""
    return {"bm25_weight": assistant.settings.bm25_weight, "dense_weight": assistant.settings.dense_weight}


def fit(rows: list[dict[str, Any]], n_items: int, n_answerable: int) -> tuple[ConfidenceModel, dict[str, Any]]:
    """Out-of-set probabilities and the thresholds chosen on them, then the model refitted on every row."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    x = np.array([[r["features"][f] for f in FEATURES] for r in rows], dtype=float)
    finite(x, FEATURES)  # a NaN would be routed unlike scikit-learn by the exported trees: refused, named
    y = np.array([r["right"] for r in rows], dtype=int)
    groups = [r.get("group", r["id"]) for r in rows]  # a conversation's turns stay in one fold

    def model(c: float):
        return make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=2000))

    # Each row's probability comes from a model that never saw its writer's set (`gate_folds`): one assignment,
    # fixed by the set names, so a change that alters a few rows leaves every other row's fold as it was.
    folds = set_folds([r.get("set") for r in rows], groups)
    by_c = {c: out_of_fold(x, y, folds.folds, lambda c=c: model(c)) for c in C_GRID}
    losses = {c: log_loss(y, p) for c, p in by_c.items()}
    aucs = {c: float(roc_auc_score(y, p)) for c, p in by_c.items()}
    best_c = choose_c(losses)
    # The model class too is chosen out of set (`gate_model`): the logistic model, or blended with boosted trees.
    choice = choose_model(y, by_c[best_c], tree_log_odds(x, y, folds.folds), folds.folds)
    # The trees served are the chosen setting's mean over bootstrap fits: a refit a few rows apart moves it little.
    choice = bagged_choice(x, y, by_c[best_c], choice, folds.folds, groups)
    cv = choice.p
    # What folds by item hash would have claimed with the same strength: the gap is the writers' shared wording.
    item_auc = float(roc_auc_score(y, out_of_fold(x, y, [fold_of(g) for g in groups], lambda: model(best_c))))
    triples = [(float(p), bool(v), bool(r["answerable"])) for p, v, r in zip(cv, y, rows, strict=True)]
    own_threshold, _, strict = choose_threshold(triples, n_items, n_answerable)
    gate_rows = [GateRow(p, v, a, answer_kind_of(r["features"])) for (p, v, a), r in zip(triples, rows, strict=True)]
    own_by_kind = choose_by_kind(gate_rows, own_threshold, n_answerable, WRONG_COST, MAX_GATE_FALSE_ABSTENTION)
    # The thresholds used: the choice's mean over bootstrap resamples of the tune groups (`gate_bagging`).
    resampled = bagged(gate_rows, groups, n_items, n_answerable)
    threshold, by_kind = resampled.single, resampled.by_kind
    kept = threshold_outcome(triples, threshold)
    final = model(best_c).fit(x, y)
    weights, bias = raw_weights(final)
    trees = fit_trees(x, y, choice.config, groups) if choice.config is not None else None
    before_wrong = int((y == 0).sum())
    report = {
        "rows": len(rows),
        "tune_items": n_items,
        "tune_answerable": n_answerable,
        "fold_scheme": folds.scheme,
        "folds": len(folds.names),
        "model": choice.name,
        "model_chosen_by": "least out-of-set log loss; the logistic model unless beaten by over "
        f"{LOG_LOSS_TOLERANCE} and {SIGNIFICANCE} standard errors; chosen trees are served as the mean of "
        f"{TREE_BAGS} fits on bootstrap resamples of the groups (bags), their blend chosen again on the bagged "
        "out-of-set log odds; the chosen model's figures (chosen_cv_*, curve, "
        "after_cv*, by_fold) are selected on the same rows, so slightly optimistic; cv_auc and cv_log_loss are "
        "the logistic model's (at c), as before trees",
        "cv_log_loss_by_model": {  # the logistic model's and the eight least
            k: round(v, 4) for k, v in sorted(choice.losses.items(), key=lambda t: (t[0] != "logistic", t[1]))[:9]
        },
        "cv_auc": round(aucs[best_c], 4),  # the logistic model's: comparable with builds before the trees
        "cv_log_loss": round(losses[best_c], 4),
        "chosen_cv_auc": round(float(roc_auc_score(y, cv)), 4),  # the chosen model's (the one the gate uses)
        "chosen_cv_log_loss": round(log_loss(y, cv), 4),
        "item_fold_auc": round(item_auc, 4),
        "c": best_c,
        "c_chosen_by": f"least out-of-fold log loss; the strongest L2 within {LOG_LOSS_TOLERANCE} of it",
        "cv_auc_by_c": {str(c): round(a, 4) for c, a in aucs.items()},
        "cv_log_loss_by_c": {str(c): round(v, 4) for c, v in losses.items()},
        "curve": [
            {
                "threshold": t,
                "accuracy": round(o["right"] / max(n_answerable, 1), 4),
                "confidently_wrong": round(o["wrong"] / n_items, 4),
            }
            for t in (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
            for o in [threshold_outcome(triples, t)]
        ],
        "threshold": round(threshold, 4),
        "wrong_cost": WRONG_COST,
        "max_false_abstention": MAX_FALSE_ABSTENTION,
        "max_gate_false_abstention": MAX_GATE_FALSE_ABSTENTION,
        "before": {
            "answered": len(rows),
            "accuracy": round(int(y.sum()) / max(n_answerable, 1), 4),
            "confidently_wrong": round(before_wrong / n_items, 4),
        },
        "after_cv": {
            "answered": kept["answered"],
            "accuracy": round(kept["right"] / max(n_answerable, 1), 4),
            "confidently_wrong": round(kept["wrong"] / n_items, 4),
            "false_abstention": round(1 - kept["answered_answerable"] / max(n_answerable, 1), 4),
        },
        "strict_target": {
            "max_confidently_wrong": MAX_CONFIDENTLY_WRONG,
            "threshold": round(strict["threshold"], 4),
            "answered": strict["answered"],
            "accuracy": round(strict["right"] / max(n_answerable, 1), 4),
            "confidently_wrong": round(strict["wrong"] / n_items, 4),
        },
        "weights": {f: round(float(w), 5) for f, w in zip(FEATURES, weights, strict=True)},
    }
    report["thresholds_by_kind"] = {k: round(t, 4) for k, t in by_kind.items()}
    report["threshold_choice"] = {
        "method": "the single threshold: least cost within the gate's false-abstention budget on the CV probabilities; "
        f"per kind: jointly on a grid, of those within {SLACK} of the least cost the nearest the single one; "
        f"each used as its mean over {BAGS} bootstrap resamples of the tune groups",
        "resampled": {  # how steady the choice is: chosen again on bootstrap resamples of the tune groups
            "bags": BAGS,
            "p10_p90": {k: list(v) for k, v in resampled.spread.items()},
            "mean": {"single": round(resampled.single, 4)} | {k: round(t, 4) for k, t in resampled.by_kind.items()},
        },
        "on_all_rows": {"single": round(own_threshold, 4)} | {k: round(t, 4) for k, t in own_by_kind.items()},
    }
    report["after_cv_by_kind"] = outcome(gate_rows, by_kind, n_items, n_answerable)
    kept_rows = [g.p >= by_kind.get(g.kind, threshold) for g in gate_rows]
    report["by_fold"] = per_fold(y, cv, [g.answerable for g in gate_rows], folds, kept_rows)
    fitted = ConfidenceModel(
        FEATURES,
        tuple(float(w) for w in weights),
        bias,
        float(threshold),
        by_kind=tuple(sorted(by_kind.items())),
        trees=trees,
        blend=choice.blend,
    )
    # The same rows scored by the model fitted on all of them, as `assistant eval` scores the tune split: the gap
    # to `after_cv_by_kind` is how much better the tune figures look than an unseen writer's round will.
    seen = [replace(g, p=fitted.probability(r["features"])) for g, r in zip(gate_rows, rows, strict=True)]
    report["in_sample_by_kind"] = outcome(seen, by_kind, n_items, n_answerable)
    return fitted, report


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)  # readers see the old file or the new one, never half of one


def _fit_values(assistant: Any, items: Sequence[EvalItem], build: Path) -> ValuesFit | None:
    """Fit the value chooser and keep it when its out-of-fold answers beat the prior's (right + right lead).

    Left on the scorer: the fitted chooser when kept, else the prior; the ranker is fitted after it.
    """
    scorer = assistant.answerer.scorer
    scorer.values = PRIOR_CHOOSER
    fit = fit_values(value_rows(assistant, items), tune_folds(items).scheme)
    used = False
    if fit is not None:
        prior_rows, fitted_rows = item_rows(assistant, items), item_rows(assistant, items, values=fit)
        fit.report["pipeline"] = {
            "prior": pipeline_figures(prior_rows, items),
            "fitted_cv": pipeline_figures(fitted_rows, items),
        }
        used = gain(fitted_rows) > gain(prior_rows)
        fit.report["used"] = used
        _write(build / VALUES_DATA, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in fit.rows))
        _write(build / VALUES_REPORT, json.dumps(fit.report, ensure_ascii=False, indent=2) + "\n")
    if used and fit is not None:
        _write(build / VALUES_FILE, json.dumps(fit.model.to_dict(), indent=2) + "\n")
        scorer.values = fit.model
        return fit
    (build / VALUES_FILE).unlink(missing_ok=True)  # the build picks values with the prior
    scorer.values = PRIOR_CHOOSER
    return None


def calibrate(assistant: Any, evals_dir: Path, *, force: bool = False) -> dict[str, Any] | None:
    """Fit and store the model for the assistant's build; None when there is no tune split to fit on."""
    import scipy.optimize  # noqa: F401 - loads SciPy's own BLAS now, so the limit below reaches it
    import sklearn.linear_model  # noqa: F401
    from threadpoolctl import threadpool_limits

    # The fits are small (some 20 features): a second BLAS thread only spins. Measured: the sentence
    # ranker's softmax fit took 0.95 s with SciPy's OpenBLAS on 2 threads and 0.11 s on one.
    with threadpool_limits(1):
        return _calibrate(assistant, evals_dir, force)


def _calibrate(assistant: Any, evals_dir: Path, force: bool) -> dict[str, Any] | None:
    paths = tune_paths(evals_dir)
    build = assistant.stored.path
    if not paths or build is None:
        return None
    conversation_paths = tune_conversation_paths(evals_dir)
    sig = signature([*paths, *conversation_paths], assistant.build_id)
    report_path = build / REPORT_FILE
    if not force and report_path.is_file():
        old = json.loads(report_path.read_text(encoding="utf-8"))
        if old.get("signature") == sig:
            return old
    items, _ = load_sets(paths)
    known = set(assistant.doc_ids())
    items = [it for it in items if it.doc in known]
    if not items:
        return None
    # Retrieval's fusion weights first (what is retrieved feeds everything after), then the candidate
    # ranker (its features do not depend on any model), then the gate on the answers.
    hybrid = assistant.hybrid
    hybrid.params = replace(hybrid.params, **vars(FusionParams()) | _settings_weights(assistant))
    # The query adapter first: every fit after it sees each tune question searched by the fold adapter that
    # did not see it (`CrossFitted`); queries then use the one fitted on every pair.
    adapter = calibrate_adapter(assistant, items, build)
    fusion = fit_fusion(fusion_rows(hybrid, items), hybrid.params.weights(), tune_folds(items).scheme)
    if fusion is not None:
        _write(build / FUSION_DATA, "".join(json.dumps(r) + "\n" for r in fusion.rows))
        _write(build / FUSION_REPORT, json.dumps(fusion.report, ensure_ascii=False, indent=2) + "\n")
    if fusion is not None and fusion.weights is not None:
        _write(build / FUSION_FILE, to_json(fusion.weights) + "\n")
        hybrid.params = with_weights(hybrid.params, fusion.weights)
    else:
        (build / FUSION_FILE).unlink(missing_ok=True)  # the build fuses with the defaults
    scorer = assistant.answerer.scorer
    scorer.ranker = PRIOR
    chooser = _fit_values(assistant, items, build)
    conversations = [
        c for c in load_conversations(conversation_paths)[0] if all(not t.doc or t.doc in known for t in c.turns)
    ]
    ranker = fit_ranker(candidate_rows(assistant, items), tune_folds(items).scheme)
    rows = item_rows(assistant, items, values=chooser)
    if ranker is not None:
        ranker, rows = choose_ranker(assistant, items, conversations, ranker, chooser, rows)
        _write(build / RANKER_DATA, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ranker.rows))
        _write(build / RANKER_REPORT, json.dumps(ranker.report, ensure_ascii=False, indent=2) + "\n")
        if ranker.report["used"]:
            _write(build / RANKER_FILE, json.dumps(ranker.model.to_dict(), indent=2) + "\n")
    if ranker is None or not ranker.report["used"]:
        (build / RANKER_FILE).unlink(missing_ok=True)  # the build answers with the prior
    scorer.ranker = ranker.model if ranker is not None and ranker.report["used"] else PRIOR
    scorer.values = chooser.model if chooser is not None else PRIOR_CHOOSER  # not a fold model left by `item_rows`
    turn_rows = follow_up_rows(assistant, conversations)
    rows = rows + turn_rows
    if len(rows) < MIN_ROWS or len({r["right"] for r in rows}) < 2:
        return None
    follow_ups = [t for c in conversations for t in c.turns[1:]]
    n_items = len(items) + len(follow_ups)
    n_answerable = sum(1 for it in items if it.answerable) + sum(1 for t in follow_ups if t.answer is not None)
    model, report = fit(rows, n_items, n_answerable)
    report["follow_up_rows"] = len(turn_rows)
    report["signature"] = sig
    report["fusion"] = {k: v for k, v in fusion.report.items() if k != "defaults"} if fusion is not None else None
    report["ranker"] = {k: v for k, v in ranker.report.items() if k != "weights"} if ranker is not None else None
    report["values"] = chooser.report if chooser is not None else None
    hybrid.query_adapter = adapter
    if assistant.dense is not None:
        assistant.dense.query_adapter = adapter
    report["query_adapter"] = adapter is not None  # its figures: query_adapter_report.json
    _write(build / DATA_FILE, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    _write(build / MODEL_FILE, json.dumps(model.to_dict(), indent=2) + "\n")
    _write(report_path, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return report
