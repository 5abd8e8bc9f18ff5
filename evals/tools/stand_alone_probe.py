"""How much is the stand-alone decision worth, and what would a fallback win? Each follow-up turn answered three ways.

    python evals/tools/stand_alone_probe.py --split tune --json /tmp/turns.json
    python evals/tools/stand_alone_probe.py --split test

Every conversation is asked as `assistant eval` asks it (each turn with the answers given before it). At each
follow-up turn the same history is asked twice more with the decision forced: the turn alone, and the turn with the
conversation's subject carried (and, carried, without the answerer's own fallback to the turn alone where carrying
abstains: `Answerer.answer_with_hits`). The tool prints the follow-up accuracy of the decision as made (fallback
included, as the product answers), of always carrying, of always standing alone, of the better of the two per turn
(the headroom a perfect decision would reach), and of a fallback that takes the stand-alone answer only where the
carried one abstains and the stand-alone one is answered with at least a given confidence. Per-turn rows are
written (``--json``) for the tune split only: the test split is read as these aggregates.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
#: Confidences the fallback is tried at.
FALLBACK_AT = (0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass(frozen=True)
class Turn:
    """One follow-up turn: its kind, whether the decision stood it alone, and each way's outcome."""

    conversation: str
    set_name: str  # the conversation's set, e.g. tune/conversations_pool25
    kind: str
    index: int
    answerable: bool
    decided_alone: bool
    right: bool  # as decided
    right_alone: bool
    right_carried: bool
    abstained_alone: bool
    abstained_carried: bool
    confidence_alone: float
    confidence_carried: float


@contextlib.contextmanager
def forced(turn: list[str | None], stand: list[bool | None]) -> Iterator[None]:
    """While open, the stand-alone decision for the question in ``turn[0]`` is ``stand[0]`` (None: decided).

    Forced to carry (False), the answerer's fallback to the turn alone is off too: "carried" is the carried answer.
    """
    from assistant.answer import conversation
    from assistant.answer import follow_up as fu

    decide, opens, about = conversation._stands_alone, fu.opens_a_subject, fu.any_about_the_subject

    def decision(question: str, *args: Any, **kwargs: Any) -> bool:
        if stand[0] is not None and question == turn[0]:
            return stand[0]
        return decide(question, *args, **kwargs)

    def opens_when_decided(question: str, *args: Any, **kwargs: Any) -> bool:
        return stand[0] is not False and opens(question, *args, **kwargs)

    def about_when_decided(*args: Any, **kwargs: Any) -> bool:
        return stand[0] is not False and about(*args, **kwargs)

    conversation._stands_alone = decision
    fu.opens_a_subject, fu.any_about_the_subject = opens_when_decided, about_when_decided
    try:
        yield
    finally:
        conversation._stands_alone = decide
        fu.opens_a_subject, fu.any_about_the_subject = opens, about


def probe(engine: Any, conversations: Sequence[Any]) -> list[Turn]:
    """Every follow-up turn of ``conversations`` answered as decided, alone and carried, with the decided history."""
    from assistant.evals import metrics as m

    turn: list[str | None] = [None]
    stand: list[bool | None] = [None]

    def ask(question: str, history: list[dict[str, str]], how: bool | None) -> tuple[Any, bool]:
        turn[0], stand[0] = question, how
        answer = engine.answer(question, history=list(history) or None)
        stand[0] = None
        return answer, bool(answer.abstained)

    out: list[Turn] = []
    with forced(turn, stand):
        for conv in conversations:
            history: list[dict[str, str]] = []
            for i, t in enumerate(conv.turns):

                def right(answer: Any, abstained: bool, t: Any = t) -> bool:
                    if t.answer is None:
                        return abstained
                    return m.answer_correct(t.answer, answer.answer, abstained)

                decided, abstained = ask(t.question, history, None)
                if i:
                    alone, ab_alone = ask(t.question, history, True)
                    carried, ab_carried = ask(t.question, history, False)
                    stood = engine.answerer.resolve(t.question, history).stands_alone
                    out.append(
                        Turn(conv.id, conv.set, conv.kind, i, t.answer is not None, stood,
                             right(decided, abstained), right(alone, ab_alone), right(carried, ab_carried),
                             ab_alone, ab_carried, alone.confidence or 0.0, carried.confidence or 0.0)
                    )  # fmt: skip
                history += [{"role": "user", "content": t.question}, {"role": "assistant", "content": decided.answer}]
    return out


def fallback(t: Turn, at: float) -> bool:
    """The turn's outcome when the stand-alone answer replaces a carried abstention at confidence ``at`` or more."""
    if t.abstained_carried and not t.abstained_alone and t.confidence_alone >= at:
        return t.right_alone
    return t.right_carried


def summary(turns: Sequence[Turn]) -> dict[str, float | int]:
    """Follow-up accuracy of each way of deciding, over ``turns``."""
    n = max(len(turns), 1)
    out: dict[str, float | int] = {
        "turns": len(turns),
        "decided": round(sum(t.right for t in turns) / n, 4),
        "always_carried": round(sum(t.right_carried for t in turns) / n, 4),
        "always_alone": round(sum(t.right_alone for t in turns) / n, 4),
        "better_of_two": round(sum(t.right_alone or t.right_carried for t in turns) / n, 4),
        "only_alone_right": sum(t.right_alone and not t.right_carried for t in turns),
        "only_carried_right": sum(t.right_carried and not t.right_alone for t in turns),
    }
    for at in FALLBACK_AT:
        out[f"fallback_at_{at:g}"] = round(sum(fallback(t, at) for t in turns) / n, 4)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("tune", "test"), default="tune")
    parser.add_argument("--json", type=Path, help="write the per-turn rows here (tune only)")
    args = parser.parse_args(argv)
    if args.json is not None and args.split == "test":
        parser.error("the test split is read as aggregates only: no per-turn rows")
    from assistant.evals.conversations import load_conversations
    from assistant.evals.sets import is_conversation_set
    from assistant.service import Assistant
    from assistant.settings import Settings

    paths = [p for p in sorted((ROOT / "evals" / args.split).glob("*.jsonl")) if is_conversation_set(p)]
    conversations, _ = load_conversations(paths)
    turns = probe(Assistant.load(Settings()), conversations)
    report = {"all": summary(turns)}
    for kind in sorted({t.kind for t in turns}):
        report[kind] = summary([t for t in turns if t.kind == kind])
    print(json.dumps(report, indent=1))
    if args.json is not None:
        args.json.write_text(json.dumps([asdict(t) for t in turns], ensure_ascii=False, indent=0), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
