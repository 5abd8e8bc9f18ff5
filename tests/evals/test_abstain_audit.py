"""The abstention audit runs on the real engine: it classes an item by where it failed and switches a check off and on."""

from __future__ import annotations

from .tool_loader import load_tool


def _tool():
    return load_tool("abstain_audit")


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
