"""The abstention audit runs on the real engine: it classes an item by where it failed and switches a check off and on."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _tool():
    tools = str(ROOT / "evals" / "tools")
    if tools not in sys.path:
        sys.path.insert(0, tools)  # the tool imports its sibling `lead_audit`, as when run as a script
    spec = importlib.util.spec_from_file_location("abstain_audit", ROOT / "evals/tools/abstain_audit.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


def _item(question: str, answer: str | None):
    from assistant.evals.sets import EvalItem

    return EvalItem("x1", "", question, answer, None, "kpi", "lookup", "inline", 1)


def test_an_item_is_classed_with_its_final_and_pre_gate_answers(engine) -> None:
    tool = _tool()
    right = tool.classify(engine, _item("新規高卒者管内企業就職率の進捗率は？", "82.9"))
    assert right["right"] and right["pre_right"] and "cause" not in right
    # A wrong gold answer: the item fails, and is classed by where (the value was retrieved and given).
    wrong = tool.classify(engine, _item("新規高卒者管内企業就職率の進捗率は？", "99.9"))
    assert not wrong["right"] and wrong["cause"].startswith(("d:", "a:"))
    unanswerable = tool.classify(engine, _item("みなと町の花火大会の来場者数は？", None))
    assert unanswerable["abstained"] and "cause" not in unanswerable


def test_a_policy_switch_is_undone_after_its_block(engine) -> None:
    tool = _tool()
    before = engine.answerer.policy
    with tool.switches(engine)["focus"]():
        assert engine.answerer.policy.min_focus == 0.0
    assert engine.answerer.policy is before
