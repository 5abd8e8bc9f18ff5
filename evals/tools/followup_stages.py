"""Where each follow-up turn is lost: the rules before the gate, a near-miss check, the gate, or the answer given.

    python evals/tools/followup_stages.py --split tune --json /tmp/stages.jsonl
    python evals/tools/followup_stages.py --split test

Every conversation is asked as `assistant eval` asks it (each turn with the answers given before it). Each follow-up
turn is then asked once more, with the same history, through the rules alone (`Answerer._answered`: the answer
before the confidence gate, the near-miss check that objects to it, its features), and put in one stage:

- ``rules``: the rules found no answer (the carried subject's passages gave no sentence, or a follow-up check cut it);
- ``check``: a near-miss check (another year, member, part… than asked) abstained on the rules' answer;
- ``gate``: the confidence gate abstained on it;
- ``alone``: the turn asked alone replaced the carried answer (`alone_turn.with_turn_alone`);
- ``given``: the rules' answer was served.

Beside the stage, the outcome (right, false abstention, wrong, an unanswerable turn answered or rightly abstained on)
and, for the gate, whether the answer it cut was right. The counts by conversation kind tell which part to work on: a
gate cutting right answers wants signals or a threshold, the rules abstaining or answering wrongly want extraction.
Per-turn rows are written (``--json``) for the tune split only: the test split is read as these aggregates.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTCOMES = ("right", "false_abstention", "wrong", "answered_unanswerable")


@dataclass(frozen=True)
class Turn:
    """One follow-up turn: what the rules did with it, and what was served."""

    conversation: str
    kind: str
    index: int
    answerable: bool
    right: bool  # the served answer holds the gold (or abstains on an unanswerable turn)
    abstained: bool  # the served answer abstains
    rules_abstained: bool  # the rules' answer before the gate abstained
    rules_right: bool  # the rules' answer before the gate holds the gold
    check: str  # the near-miss check objecting to the rules' answer ("" for none)
    gate_cut: bool  # the gate's probability was under its threshold


def stage(t: Turn) -> str:
    """The part that decided the served answer (see the module's list)."""
    cut = t.rules_abstained or bool(t.check) or t.gate_cut
    if cut != t.abstained:
        return "alone"  # the answer served is not the carried one's
    if t.rules_abstained:
        return "rules"
    if t.check:
        return "check"
    return "gate" if t.gate_cut else "given"


def outcome(t: Turn) -> str:
    """Right, a false abstention, a wrong answer, or an unanswerable turn answered."""
    if t.right:
        return "right"
    if t.answerable:
        return "false_abstention" if t.abstained else "wrong"
    return "answered_unanswerable"


def summary(turns: Sequence[Turn]) -> dict[str, dict[str, int]]:
    """Counts of (outcome, stage) per conversation kind and over all, and the right answers the gate cut."""
    out: dict[str, Counter[str]] = {}
    for t in turns:
        for kind in (t.kind, "all"):
            c = out.setdefault(kind, Counter())
            c[f"{outcome(t)}/{stage(t)}"] += 1
            c["turns"] += 1
            c["gate_cut_right"] += stage(t) == "gate" and t.answerable and t.rules_right
    return {k: dict(sorted(v.items())) for k, v in sorted(out.items())}


def ask(split: str) -> list[Turn]:
    """Every follow-up turn of the split's conversations, asked as `assistant eval` asks it and through the rules."""
    sys.path.insert(0, str(ROOT))
    from assistant.cli.common import settings_from
    from assistant.evals import metrics
    from assistant.evals.conversations import load_conversations
    from assistant.evals.fit_adapter import use_out_of_fold_adapter
    from assistant.service import Assistant

    engine = Assistant.load(settings_from())
    use_out_of_fold_adapter(engine)
    answerer = engine.answerer
    convs, _ = load_conversations(sorted((ROOT / "evals" / split).glob("conversations*.jsonl")))
    turns: list[Turn] = []
    for conv in convs:
        history: list[dict[str, str]] = []
        for i, t in enumerate(conv.turns):
            served = engine.answer(t.question, history=list(history) or None)
            if i:
                rules, features, _, _, why, _ = answerer._answered(t.question, history, None, None, answerer.policy)
                gate = answerer.confidence
                cut = bool(features and gate and gate.probability(features) < gate.threshold_for(features))
                gold = t.answer
                served_right = (
                    metrics.answer_correct(gold, served.answer, served.abstained) if gold else served.abstained
                )
                rules_right = bool(gold) and metrics.answer_correct(gold, rules.answer, rules.abstained)
                turns.append(
                    Turn(conv.id, conv.kind, i, gold is not None, bool(served_right), bool(served.abstained),
                         bool(rules.abstained), bool(rules_right), why, cut)
                )  # fmt: skip
            history += [{"role": "user", "content": t.question}, {"role": "assistant", "content": served.answer}]
    return turns


def main() -> None:
    """Print the split's counts; write the tune split's turns when asked."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("tune", "test"), default="tune")
    ap.add_argument("--json", type=Path, help="per-turn rows (tune split only)")
    args = ap.parse_args()
    if args.json and args.split != "tune":
        ap.error("per-turn rows are written for the tune split only: the test split is read as aggregates")
    turns = ask(args.split)
    for kind, counts in summary(turns).items():
        print(kind, json.dumps(counts, ensure_ascii=False))
    if args.json:
        with args.json.open("w", encoding="utf-8") as fh:
            for t in turns:
                fh.write(json.dumps(asdict(t) | {"stage": stage(t), "outcome": outcome(t)}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
