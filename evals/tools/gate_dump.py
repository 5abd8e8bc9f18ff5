"""Dump the gate's training rows with what their features were computed from, for offline feature trials.

Answers every tune item and follow-up turn as `assistant calibrate` does (out-of-fold adapter, the value chooser's
fold models refitted from the build's stored rows) and pickles, per row, the arguments `features_of` received with
the row's label and set. Held-out sets' rows (tune/pool23_bank, tune/conversations_pool20; lead_audit.HELD_OUT) are
dumped only so that a refit sees what calibrate sees: this tool must never be used to print or read those rows, nor
the validation sets' rows one by one (validation is read as per-set aggregates only).
Run: ``python evals/tools/gate_dump.py --out /tmp/gate_rows.pkl``.
"""

from __future__ import annotations

import argparse
import json
import pickle
from pathlib import Path

import assistant.answer.answerer as answerer_module
from assistant.answer.ranking import RANKER_DATA
from assistant.answer.value_choice import VALUES_DATA
from assistant.cli.common import settings_from
from assistant.evals.answer_rows import follow_up_rows, item_rows
from assistant.evals.calibrate import tune_conversation_paths, tune_paths
from assistant.evals.conversations import load_conversations
from assistant.evals.fit_adapter import use_out_of_fold_adapter
from assistant.evals.fit_ranker import fit_ranker, with_second_share
from assistant.evals.fit_values import fit_values
from assistant.evals.sets import load_sets
from assistant.service import Assistant


def main() -> None:
    """Answer the tune split and pickle each row's `features_of` arguments."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/tmp/gate_rows.pkl")
    args = ap.parse_args()
    engine = Assistant.load(settings_from())
    use_out_of_fold_adapter(engine)
    build = engine.stored.path
    evals = Path("evals")
    items, _ = load_sets(tune_paths(evals))
    known = set(engine.doc_ids())
    items = [it for it in items if it.doc in known]
    stored = [json.loads(x) for x in (build / VALUES_DATA).read_text(encoding="utf-8").splitlines() if x]
    chooser = fit_values(stored)
    ranker = None
    if (build / "ranker.json").is_file():  # used: its fold models answer the items, as in calibrate
        ranked = [json.loads(x) for x in (build / RANKER_DATA).read_text(encoding="utf-8").splitlines() if x]
        ranker = fit_ranker(ranked)
        share = json.loads((build / "ranker_report.json").read_text(encoding="utf-8"))["second_share"]["chosen"]
        ranker = with_second_share(ranker, share) if ranker is not None else None
    full = engine.answerer.scorer.ranker
    captured: dict[int, dict] = {}
    original = answerer_module.features_of

    def capture(question, intent, answer, evidence, hits, cited, idf, cited_tokens=None, asked=None):
        out = original(question, intent, answer, evidence, hits, cited, idf, cited_tokens, asked=asked)
        captured[id(out)] = {
            "question": question,
            "intent": intent,
            "answer": answer,
            "evidence": evidence,
            "hits": list(hits),
            "cited": list(cited),
            "cited_tokens": cited_tokens,
            "asked": asked,
            "features": out,
        }
        return out

    answerer_module.features_of = capture
    rows = []
    for it in items:
        for r in item_rows(engine, [it], ranker, chooser):
            rows.append(r | {"ask": it.ask, "near_miss": it.near_miss, "question_text": it.question, "gold": it.answer})
    engine.answerer.scorer.ranker = full
    engine.answerer.scorer.values = chooser.model if chooser is not None else engine.answerer.scorer.values
    conversations = [
        c
        for c in load_conversations(tune_conversation_paths(evals))[0]
        if all(not t.doc or t.doc in known for t in c.turns)
    ]
    for conv in conversations:
        for r in follow_up_rows(engine, [conv]):
            turn = conv.turns[int(r["id"].split("#")[1])]
            rows.append(
                r
                | {"ask": "turn", "near_miss": turn.answer is None, "question_text": turn.question, "gold": turn.answer}
            )
    for r in rows:
        r["args"] = captured.get(id(r["features"]))  # the features dict is the one `features_of` returned
    idf = engine.answerer.scorer.idf
    with open(args.out, "wb") as f:
        pickle.dump({"rows": rows, "idf": dict(idf)}, f)
    print(len(rows), "rows")


if __name__ == "__main__":
    main()
