"""The topic bound is weighed by the fitted gate, not cut by the policy (issue 13)."""

from __future__ import annotations

from types import SimpleNamespace

from assistant.answer.confidence import FEATURES, Evidence
from assistant.answer.policy import AbstainPolicy


def _candidate(topic: float) -> SimpleNamespace:
    """A value sentence close to the question in every measure but the opening subject's."""
    sentence = SimpleNamespace(clean="みどり町の移住相談会の参加者は120人だった。")
    return SimpleNamespace(
        value="120人",
        overlap=0.6,
        context=0.6,
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
