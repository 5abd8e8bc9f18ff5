"""In-process latency of follow-up turns: ``engine.answer`` with the conversation's history.

A follow-up costs more than a single question: the turn is resolved against the history (the carried
subject, the last answer's passage and its neighbours), which can run one more retrieval. Each
conversation is replayed turn by turn with the engine's own earlier answers as history; the opening
turns are asked untimed and every later turn is timed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.bench.inprocess import summarize_calls, timed


def default_conversation_sets() -> list[Path]:
    """The development conversations (the tune split's first set), wherever the evals folder is."""
    from assistant.settings import PROJECT_ROOT

    for base in (Path.cwd() / "evals", PROJECT_ROOT / "evals"):
        path = base / "tune" / "conversations.jsonl"
        if path.is_file():
            return [path]
    return []


def measure_follow_ups(engine: Any, paths: Sequence[Path]) -> dict[str, Any]:
    """The follow-up section: latency of every turn after the first, asked with its history."""
    from assistant.evals.conversations import load_conversations

    conversations, _ = load_conversations(paths)
    wall: list[float] = []
    cpu: list[float] = []
    errors = 0
    for conv in conversations:
        history: list[dict[str, str]] = []
        for i, turn in enumerate(conv.turns):
            try:
                w, c, ans = timed(lambda q=turn.question, h=list(history): engine.answer(q, history=h or None))
            except Exception:  # noqa: BLE001 - a failing turn is counted, the run goes on
                errors += 1
                break  # the rest of the conversation has no history to carry
            if i > 0:
                wall.append(w)
                cpu.append(c)
            history += [{"role": "user", "content": turn.question}, {"role": "assistant", "content": ans.answer}]
    out = summarize_calls(wall, cpu)
    out.update({"conversations": len(conversations), "errors": errors, "sets": [Path(p).name for p in paths]})
    return out
