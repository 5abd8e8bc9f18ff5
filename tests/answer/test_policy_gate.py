"""The topic and passage (context) bounds are weighed by the fitted gate, not cut by the policy (issue 13)."""

from __future__ import annotations

from types import SimpleNamespace

from assistant.answer.confidence import FEATURES, Evidence
from assistant.answer.policy import AbstainPolicy


def _candidate(topic: float, context: float = 0.6) -> SimpleNamespace:
    """A value sentence close to the question in every measure but the opening subject's."""
    sentence = SimpleNamespace(clean="みどり町の移住相談会の参加者は120人だった。")
    return SimpleNamespace(
        value="120人",
        overlap=0.6,
        context=context,
        focus=0.6,
        topic=topic,
        anchored=True,
        named=True,
        sentence=sentence,
    )


def test_a_value_below_the_topic_bound_reaches_the_gate_flagged() -> None:
    policy = AbstainPolicy()
    low = _candidate(policy.min_topic / 2)
    assert policy.admits_value(low, "参加者は何人")
    assert policy.below_topic(low)
    assert not policy.below_topic(_candidate(policy.min_topic + 0.1))


def test_with_the_bound_kept_the_policy_cuts_as_before() -> None:
    policy = AbstainPolicy(topic_to_gate=False)
    low = _candidate(policy.min_topic / 2)
    assert not policy.admits_value(low, "参加者は何人")
    assert not policy.below_topic(low)


def test_the_gate_reads_the_flag() -> None:
    assert "below_topic" in FEATURES
    assert not Evidence().below_topic


def test_a_sentence_in_a_passage_below_the_context_bound_reaches_the_gate() -> None:
    """A slide's short bullet (「参加者は120人」) under a title the question paraphrases: the gate reads `context`."""
    policy = AbstainPolicy()
    thin = _candidate(0.6, context=policy.min_context / 2)
    assert policy.context_ok(thin)
    assert policy.admits_value(thin, "参加者は何人")
    assert policy.admits_name(thin)


def test_with_the_context_bound_kept_the_policy_cuts_as_before() -> None:
    policy = AbstainPolicy(context_to_gate=False)
    thin = _candidate(0.6, context=policy.min_context / 2)
    assert not policy.context_ok(thin)
    assert not policy.admits_value(thin, "参加者は何人")
    assert policy.context_ok(_candidate(0.6, context=policy.min_context + 0.1))


def test_held_keeps_the_passage_bound_a_cut_and_the_topic_bound_handed_over() -> None:
    """With no gate loaded the answerer chooses with `held()`: the passage bound cuts, as before it was handed over."""
    policy = AbstainPolicy()
    thin = _candidate(0.6, context=policy.min_context / 2)
    assert not policy.held().admits_value(thin, "参加者は何人") and not policy.held().admits_name(thin)
    assert policy.held().topic_to_gate  # withheld after the choice when no gate is loaded (`Answerer`), as before


def _unfocused(policy: AbstainPolicy) -> SimpleNamespace:
    """A value sentence about the subject whose words near the value share little of the asking clause."""
    return SimpleNamespace(**{**vars(_candidate(0.6)), "focus": policy.min_focus / 3})


def test_the_focus_bound_is_a_fallback_for_the_gate() -> None:
    """No sentence meets the asking clause's bound: the bounds without it admit the best, and the gate weighs it."""
    policy = AbstainPolicy()
    low = _unfocused(policy)
    assert not policy.admits_value(low, "参加者は何人")  # a sentence meeting the bound is still chosen first
    assert policy.focus_to_gate
    assert policy.without_focus().admits_value(low, "参加者は何人")


def test_with_no_gate_the_focus_bound_is_a_cut() -> None:
    held = AbstainPolicy().held()
    assert not held.focus_to_gate
    assert not held.admits_value(_unfocused(held), "参加者は何人")
