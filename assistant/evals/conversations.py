"""Multi-turn conversations: each turn asked with the history before it, scored like a single question.

Schema (one JSON object a line, in a ``conversations*.jsonl`` beside the question sets)::

    {"id": "c004-03", "kind": "field_switch" | "drill_down" | "topic_switch" | "near_miss_follow_up",
     "turns": [{"question", "doc", "answer" | null, "evidence" | null}, ...]}

A turn is correct when its gold answer occurs in the answer (compact, markers removed), or, for a turn
the documents do not answer (``answer: null``), when the assistant abstains. The history handed to the
assistant is what a chat client sends: every earlier question and the assistant's own answer to it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.evals import metrics as m
from assistant.evals.sets import SetProblem, is_conversation_set, set_name, split_of

KINDS = frozenset({"field_switch", "drill_down", "topic_switch", "near_miss_follow_up"})


@dataclass(frozen=True)
class Turn:
    question: str
    doc: str
    answer: str | None
    evidence: str | None


@dataclass(frozen=True)
class Conversation:
    id: str
    kind: str
    turns: tuple[Turn, ...]
    set: str
    split: str


@dataclass(frozen=True)
class TurnOutcome:
    conversation: str
    kind: str
    split: str
    index: int  # 0 for the opening turn
    correct: bool
    answerable: bool


def load_conversations(paths: Sequence[Path]) -> tuple[list[Conversation], list[SetProblem]]:
    """Conversations of every conversation set among ``paths`` (other sets are skipped), and their problems."""
    out: list[Conversation] = []
    problems: list[SetProblem] = []
    seen: set[str] = set()
    for path in paths:
        if not is_conversation_set(path):
            continue
        name = set_name(path)
        for lineno, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                turns = tuple(
                    Turn(t["question"], t.get("doc", ""), t.get("answer"), t.get("evidence")) for t in obj["turns"]
                )
                conv = Conversation(str(obj["id"]), str(obj.get("kind", "")), turns, name, split_of(path))
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                problems.append(SetProblem(name, str(path), lineno, f"not a conversation: {exc}"))
                continue
            if conv.id in seen or not turns or any(not t.question.strip() for t in turns):
                problems.append(SetProblem(name, str(path), lineno, f"duplicate id or empty turn in {conv.id!r}"))
                continue
            if conv.kind not in KINDS:
                problems.append(SetProblem(name, str(path), lineno, f"unknown kind {conv.kind!r}", "warning"))
            seen.add(conv.id)
            out.append(conv)
    return out, problems


def run_conversation(engine: Any, conv: Conversation) -> list[TurnOutcome]:
    """Ask every turn with the history of the turns before it."""
    history: list[dict[str, str]] = []
    out = []
    for i, turn in enumerate(conv.turns):
        try:
            ans = engine.answer(turn.question, history=list(history) or None)
            text, abstained = ans.answer, bool(ans.abstained)
        except Exception as exc:  # noqa: BLE001 - an error is a wrong turn, reported in the figures
            text, abstained = f"error: {exc}", False
        if turn.answer is not None:
            correct = m.answer_correct(turn.answer, text, abstained)
        else:
            correct = abstained
        out.append(TurnOutcome(conv.id, conv.kind, conv.split, i, correct, turn.answer is not None))
        history += [{"role": "user", "content": turn.question}, {"role": "assistant", "content": text}]
    return out


def _summary(outcomes: Sequence[TurnOutcome]) -> dict[str, Any]:
    follow = [o for o in outcomes if o.index > 0]
    first = [o for o in outcomes if o.index == 0]
    return {
        "n_conversations": len({o.conversation for o in outcomes}),
        "n_turns": len(outcomes),
        "n_follow_ups": len(follow),
        "turn_accuracy": _round(m.rate(o.correct for o in outcomes)),
        "first_turn_accuracy": _round(m.rate(o.correct for o in first)),
        "follow_up_accuracy": _round(m.rate(o.correct for o in follow)),
        "conversations_all_correct": _round(
            m.rate(all(o.correct for o in outcomes if o.conversation == c) for c in {o.conversation for o in outcomes})
        ),
    }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def evaluate_conversations(engine: Any, conversations: Sequence[Conversation]) -> dict[str, Any] | None:
    """Figures over all conversations, per split, per kind and per both (None when there are none)."""
    if not conversations:
        return None
    outcomes = [o for c in conversations for o in run_conversation(engine, c)]
    by_split: dict[str, list[TurnOutcome]] = defaultdict(list)
    by_kind: dict[str, list[TurnOutcome]] = defaultdict(list)
    by_split_kind: dict[tuple[str, str], list[TurnOutcome]] = defaultdict(list)
    for o in outcomes:
        by_split[o.split].append(o)
        by_kind[o.kind].append(o)
        by_split_kind[o.split, o.kind].append(o)
    wrong_tune = sorted({o.conversation for o in outcomes if not o.correct and o.split != "test"})
    return {
        "summary": _summary(outcomes),
        "by_split": {k: _summary(v) for k, v in sorted(by_split.items())},
        "by_kind": {k: _summary(v) for k, v in sorted(by_kind.items())},
        # Aggregates per split and kind: where follow-ups fall behind on test, without reading a test item.
        "by_split_kind": {
            split: {kind: _summary(v) for (sp, kind), v in sorted(by_split_kind.items()) if sp == split}
            for split in sorted(by_split)
        },
        # Item by item only outside the frozen test split.
        "failed_conversations": wrong_tune,
    }
