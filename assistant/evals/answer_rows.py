"""Tune answers as rows for the fits: each item's (and follow-up turn's) features and whether it was right.

The value chooser, the sentence ranker and the gate are all judged on what the whole answerer says with them,
out of fold: `item_rows` answers each tune item with the fold models that did not see it. `choose_ranker`
decides whether the fitted ranker replaces the prior, and at which second-passage share.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assistant.evals import metrics as m
from assistant.evals.conversations import Conversation
from assistant.evals.fit_ranker import SECOND_SHARES, RankerFit, with_second_share
from assistant.evals.fit_values import ValuesFit
from assistant.evals.round_folds import tune_folds
from assistant.evals.sets import EvalItem


def item_rows(
    assistant: Any, items: Sequence[EvalItem], ranker: RankerFit | None = None, values: ValuesFit | None = None
) -> list[dict[str, Any]]:
    """One row per tune item the rules answer: its features and whether the answer is right.

    With a fitted ranker (or value chooser), each item is answered by the fold model that did not see
    it, so the confidence model learns how often out-of-sample picks are wrong, not in-sample ones.
    """
    rows = []
    scorer = assistant.answerer.scorer
    folds = tune_folds(items)  # the folds the fits made for these items
    for it in items:
        if ranker is not None:
            scorer.ranker = ranker.folds[folds.of(it)]
        if values is not None:
            scorer.values = values.folds[folds.of(it)]
        answer, features, _, _ = assistant.answerer.answer_with_features(it.question)
        if features is None:
            continue
        right = it.answerable and m.answer_correct(it.answer, answer.answer, False)
        lead = it.answerable and m.lead_correct(it.answer, answer.answer, False)
        rows.append(
            {
                "id": it.id,
                "answerable": it.answerable,
                "right": bool(right),
                "lead": bool(lead),
                "features": features,
                "set": it.set,  # the writer's round: the gate's folds hold a whole set out
            }
        )
    return rows


def follow_up_rows(
    assistant: Any, conversations: Sequence[Conversation], *, openings: bool = False
) -> list[dict[str, Any]]:
    """One row per follow-up turn the rules answer (and per opening turn with ``openings``), asked with the history
    a chat client would send.

    The gate decides follow-ups too, whose questions carry a subject from earlier turns: without these
    rows it learns only from questions that stand alone. A row's id names its conversation, so all of a
    conversation's turns fall in one fold of the cross-validation. The gate is fitted on follow-ups only;
    ``openings`` serves a split scored turn by turn as `assistant eval` gates it (`evals/tools/gate_refit_flips.py`).
    """
    rows = []
    for conv in conversations:
        history: list[dict[str, str]] = []
        for i, turn in enumerate(conv.turns):
            answer, features, _, _ = assistant.answerer.answer_with_features(turn.question, list(history) or None)
            if (i or openings) and features is not None:
                answerable = turn.answer is not None
                right = answerable and m.answer_correct(turn.answer, answer.answer, False)
                lead = answerable and m.lead_correct(turn.answer, answer.answer, False)
                rows.append(
                    {
                        "id": f"{conv.id}#{i}",
                        "answerable": answerable,
                        "right": bool(right),
                        "lead": bool(lead),
                        "features": features,
                        "group": conv.id,
                        "set": conv.set,
                    }
                )
            # The rules' answer stands in for what the client showed (the gate is what is being fitted).
            history += [{"role": "user", "content": turn.question}, {"role": "assistant", "content": answer.answer}]
    return rows


def gain(rows: Sequence[dict[str, Any]]) -> int:
    """Right answers plus answers right in their lead: what a ranker is judged by."""
    return sum(int(r["right"]) + int(r["lead"]) for r in rows)


def pipeline_figures(rows: Sequence[dict[str, Any]], items: Sequence[EvalItem]) -> dict[str, float]:
    """Accuracy, lead correct and confidently wrong of the rules' answers (before the gate) on the tune items."""
    n_answerable = max(sum(1 for it in items if it.answerable), 1)
    return {
        "accuracy": round(sum(r["right"] for r in rows) / n_answerable, 4),
        "lead_correct": round(sum(r["lead"] for r in rows) / n_answerable, 4),
        "confidently_wrong": round(sum(not r["right"] for r in rows) / max(len(items), 1), 4),
    }


def choose_ranker(
    assistant: Any,
    items: Sequence[EvalItem],
    conversations: Sequence[Conversation],
    ranker: RankerFit,
    chooser: ValuesFit | None,
    prior_rows: list[dict[str, Any]],
) -> tuple[RankerFit, list[dict[str, Any]]]:
    """The fitted ranker at its best second-passage share, marked used when it beats the prior, and the item rows
    of whichever is used.

    Judged on the tune items out of fold and on the tune conversations' follow-up turns (which the ranker never
    learned from): right answers plus answers right in their lead. A ranker that picks single questions' sentences
    better but loses follow-ups is not kept.
    """
    scorer = assistant.answerer.scorer
    prior_ranker = scorer.ranker
    prior_turns = follow_up_rows(assistant, conversations)
    tried: dict[float, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}
    for share in SECOND_SHARES:
        fit = with_second_share(ranker, share)
        rows = item_rows(assistant, items, fit, chooser)
        scorer.ranker = fit.model
        tried[share] = (rows, follow_up_rows(assistant, conversations))
        scorer.ranker = prior_ranker
    share = max(SECOND_SHARES, key=lambda s: gain(tried[s][0]) + gain(tried[s][1]))
    ranker = with_second_share(ranker, share)
    rows, turns = tried[share]
    used = gain(rows) + gain(turns) > gain(prior_rows) + gain(prior_turns)
    ranker.report["second_share"] = {
        "chosen": share,
        "gain": {str(s): gain(r) + gain(t) for s, (r, t) in tried.items()},
    }
    ranker.report["pipeline"] = {
        "prior": pipeline_figures(prior_rows, items),
        "fitted_cv": pipeline_figures(rows, items),
    }
    ranker.report["follow_up_gain"] = {"prior": gain(prior_turns), "fitted": gain(turns)}
    ranker.report["used"] = used
    return ranker, rows if used else prior_rows
