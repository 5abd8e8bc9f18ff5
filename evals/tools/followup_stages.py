"""Where each follow-up turn is lost: the rules before the gate, a near-miss check, the gate, or the answer given.

    python evals/tools/followup_stages.py --split tune --json /tmp/stages.jsonl
    python evals/tools/followup_stages.py --split test

Every conversation is asked as `assistant eval` asks it (each turn with the answers given before it). Each follow-up
turn is then asked once more, with the same history, through the rules alone (`Answerer._answered`: the answer
before the confidence gate, the near-miss check that objects to it, its features), and put in one stage:

- ``alone``: the turn asked alone was served instead of the carried answer (`alone_turn.with_turn_alone`), whatever
  became of the carried one;
- ``check``: a near-miss check (another year, member, part… than asked) abstained on the rules' answer;
- ``rules``: the rules found no answer (the carried subject's passages gave no sentence, or a follow-up check cut it);
- ``gate``: the confidence gate abstained on it (with no gate loaded: the bound it would have weighed, as served);
- ``given``: the rules' answer was served.

Beside the stage, the outcome (right — an answer holding the gold or an abstention on an unanswerable turn —, a false
abstention, a wrong answer, an unanswerable turn answered) and whether the gate cut a right carried answer. The counts by conversation kind tell which part to work on: a
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
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


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
    gate_cut: bool  # the gate's probability was under its threshold (no gate: the bound it would have weighed)
    alone_taken: bool  # the answer served is the turn's asked alone, not the carried one


def stage(t: Turn) -> str:
    """The part that decided the served answer (see the module's list)."""
    if t.alone_taken:
        return "alone"
    if t.check:  # a year the passages never state cuts inside the rules (`not_asked`): still a check
        return "check"
    if t.rules_abstained:
        return "rules"
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
            c["gate_cut_right"] += t.gate_cut and t.rules_right  # served or not: the turn alone may have rescued it
    return {k: dict(sorted(v.items())) for k, v in sorted(out.items())}


def ask(split: str) -> list[Turn]:
    """Every follow-up turn of the split's conversations, asked as `assistant eval` asks it and through the rules."""
    sys.path.insert(0, str(ROOT))
    from assistant.cli.common import settings_from
    from assistant.evals.conversations import load_conversations
    from assistant.evals.fit_adapter import use_out_of_fold_adapter
    from assistant.service import Assistant

    settings = settings_from()
    if settings.chat_model:
        raise SystemExit("a chat model rewrites the served answers: unset ASSISTANT_CHAT_MODEL to compare the stages")
    engine = Assistant.load(settings)
    use_out_of_fold_adapter(engine)
    convs, _ = load_conversations(sorted((ROOT / "evals" / split).glob("conversations*.jsonl")))
    turns: list[Turn] = []
    for conv in convs:
        history: list[dict[str, str]] = []
        for i, t in enumerate(conv.turns):
            try:
                served = engine.answer(t.question, history=list(history) or None)
            except Exception as exc:  # noqa: BLE001 - one failing turn is reported and left out, not the whole run
                served = None
                print(f"{conv.id} turn {i}: error: {exc}", file=sys.stderr)
            if i and served is not None:
                turns.append(replayed(engine.answerer, conv, i, t, served, history))
            text = served.answer if served is not None else "error"
            history += [{"role": "user", "content": t.question}, {"role": "assistant", "content": text}]
    return turns


def replayed(answerer: Any, conv: Any, i: int, t: Any, served: Any, history: list[dict[str, str]]) -> Turn:
    """One turn asked again through the rules alone, with the policy and gate the served path used."""
    from assistant.answer.answerer import ABSTAIN_TEXT
    from assistant.evals import metrics

    gate = answerer.confidence
    policy = answerer.policy if gate is not None else answerer.policy.held()  # as `answer_with_hits`
    rules, features, _, _, why, _ = answerer._answered(t.question, history, None, None, policy)
    if gate is not None:
        cut = bool(features) and round(gate.probability(features), 4) < gate.threshold_for(features)
    else:
        cut = bool(features and features["below_topic"])
    # The carried answer as the served path leaves it: the rules' own (an abstention keeps its text), else the
    # plain abstention where a check or the gate cut it. Any other text served is the turn's asked alone.
    carried = rules.answer if rules.abstained or not (why or cut) else ABSTAIN_TEXT
    answerable = t.answer is not None

    def right(a: Any) -> bool:
        return metrics.answer_correct(t.answer, a.answer, a.abstained) if answerable else bool(a.abstained)

    return Turn(
        conversation=conv.id,
        kind=conv.kind,
        index=i,
        answerable=answerable,
        right=right(served),
        abstained=bool(served.abstained),
        rules_abstained=bool(rules.abstained),
        rules_right=answerable and not rules.abstained and right(rules),
        check=why,
        gate_cut=cut and not rules.abstained and not why,
        alone_taken=served.answer != carried,
    )


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
