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


def test_with_no_gate_the_bounds_handed_to_it_hold() -> None:
    """`ungated_cut`: a sentence answer below the context bound, or flagged below the topic one, is not served."""
    policy = AbstainPolicy()
    fine = {"from_records": 0.0, "context": policy.min_context + 0.1, "below_topic": 0.0}
    fine |= {"asks_value": 1.0, "has_value": 1.0, "overlap": 0.6}
    assert not policy.ungated_cut(fine)
    assert policy.ungated_cut({**fine, "context": policy.min_context / 2})
    assert policy.ungated_cut({**fine, "below_topic": 1.0})
    # A record's answer has no passage share (its evidence is the record): the context bound is not its.
    assert not policy.ungated_cut({**fine, "from_records": 1.0, "context": 0.0})
    assert not AbstainPolicy(context_to_gate=False).ungated_cut({**fine, "context": 0.0})


def test_a_words_answer_below_the_overlap_bound_reaches_the_gate() -> None:
    """A paraphrased definition question (few shared words): handed over, the gate reads `overlap`; ungated, a cut."""
    policy = AbstainPolicy(overlap_to_gate=True)
    loose = _candidate(0.6)
    loose.overlap = policy.min_overlap / 2
    assert policy.words_ok(loose)
    assert not AbstainPolicy().words_ok(loose)  # the default keeps the cut (more near misses answered otherwise)
    words = {"from_records": 0.0, "context": 0.6, "below_topic": 0.0, "asks_value": 0.0, "has_value": 0.0}
    assert policy.ungated_cut({**words, "overlap": policy.min_overlap / 2})
    assert not policy.ungated_cut({**words, "overlap": policy.min_overlap + 0.1})
    # A value answer keeps its own (lower) bound in `admits_value`; this one is for words answers only.
    assert not policy.ungated_cut({**words, "asks_value": 1.0, "has_value": 1.0, "overlap": 0.2})
