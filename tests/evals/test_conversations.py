"""Conversation scoring: turns asked with their history, figures per split, kind and both."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.evals.conversations import Conversation, Turn, evaluate_conversations
from assistant.evals.report import conversation_lines


@dataclass(frozen=True)
class _Reply:
    answer: str
    abstained: bool = False


class _ScriptedEngine:
    """Answers from a script keyed by (question, number of earlier turns); records the histories it was given."""

    def __init__(self, script: dict[tuple[str, int], _Reply]):
        self.script = script
        self.histories: list[list[dict[str, str]] | None] = []

    def answer(self, question, history=None):
        self.histories.append(history)
        return self.script[question, len(history or []) // 2]


def _conv(cid: str, kind: str, split: str, *turns: tuple[str, str | None]) -> Conversation:
    return Conversation(cid, kind, tuple(Turn(q, "a.txt", a, None) for q, a in turns), f"conv_{split}", split)


def test_figures_per_split_and_kind_count_only_their_turns():
    engine = _ScriptedEngine(
        {
            ("港まつりの開催日は？", 0): _Reply("港まつりは8月3日に開催します。"),
            ("会場は？", 1): _Reply("会場は北埠頭広場です。"),
            ("朝市の出店数は？", 0): _Reply("朝市には42店が出店します。"),
            ("出店料は？", 1): _Reply("出店料の記載はありません。", abstained=True),
            ("図書館の開館時間は？", 0): _Reply("午前9時から午後7時までです。"),
            ("休館日は？", 1): _Reply("毎週火曜日です。"),
        }
    )
    convs = [
        _conv("t1", "field_switch", "test", ("港まつりの開催日は？", "8月3日"), ("会場は？", "南埠頭")),
        _conv("t2", "near_miss_follow_up", "test", ("朝市の出店数は？", "42店"), ("出店料は？", None)),
        _conv("u1", "field_switch", "tune", ("図書館の開館時間は？", "午前9時"), ("休館日は？", "毎週火曜日")),
    ]
    report = evaluate_conversations(engine, convs)
    assert report is not None
    test = report["by_split_kind"]["test"]
    assert test["field_switch"]["follow_up_accuracy"] == 0.0  # 北埠頭 is not the gold 南埠頭
    assert test["near_miss_follow_up"]["follow_up_accuracy"] == 1.0  # abstained where the documents are silent
    assert report["by_split"]["test"]["follow_up_accuracy"] == 0.5
    assert report["by_split_kind"]["tune"] == {"field_switch": report["by_split"]["tune"]}
    # The follow-up was asked with the opening question and the assistant's own reply as its history.
    assert engine.histories[1] == [
        {"role": "user", "content": "港まつりの開催日は？"},
        {"role": "assistant", "content": "港まつりは8月3日に開催します。"},
    ]
    lines = "\n".join(conversation_lines(report))
    assert "test field_switch" in lines and "tune field_switch" in lines


def test_no_conversations_gives_no_figures():
    assert evaluate_conversations(_ScriptedEngine({}), []) is None
