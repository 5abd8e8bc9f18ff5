"""A date written with the act a bare asking clause asks (`answer/act_dates.py`, `question/events.py`), invented.

Each relaxed rule has a near miss beside it that must still fail.
"""

from __future__ import annotations

import numpy as np

from assistant.answer.act_dates import act_dated
from assistant.question.events import act_follows_date
from assistant.question.words import bare_asking_clause

ASKED = "景観を守るために改めたひばり市景観条例は、いつ公布された？"


def test_an_asking_clause_of_an_act_alone_is_bare() -> None:
    assert bare_asking_clause(ASKED) == "いつ公布された"
    assert bare_asking_clause("ひばり市景観条例の公布日はいつ？") == ""  # one clause: its own nouns
    assert bare_asking_clause("ひばり市景観条例は、市議会でいつ可決された？") == ""  # 市議会 is its own


def test_the_act_written_after_the_date_dates_the_asked_act() -> None:
    assert act_follows_date("いつ公布された", "同年9月30日公布", "9月30日")
    assert act_follows_date("何月何日に可決された", "※令和6年6月20日可決。", "令和6年6月20日")
    # An act before the question word and another after it: the one after is asked (公布).
    assert act_follows_date("可決と同じ月の何日に公布された", "同年6月28日公布", "6月28日")


def test_near_miss_a_date_of_another_act_or_of_no_act_is_not_the_asked_one() -> None:
    assert not act_follows_date("いつ公布された", "※令和6年6月20日可決。", "令和6年6月20日")
    assert not act_follows_date("可決と同じ月の何日に公布された", "※令和6年6月20日可決。", "令和6年6月20日")
    assert not act_follows_date("いつ公布された", "令和6年7月1日に説明会を開き、公布に備えた。", "令和6年7月1日")


def test_an_act_dated_sentence_meets_the_focus_only_in_a_passage_sharing_the_question() -> None:
    rows = [(0.7, "同年9月30日公布", "9月30日"), (0.2, "同年9月30日公布", "9月30日"), (0.7, "9月30日に開催", "9月30日")]
    # The second passage holds too few of the question's words (another bylaw's note): a near miss.
    assert act_dated(np.zeros(3), ASKED, rows).tolist() == [1.0, 0.0, 0.0]


def test_near_miss_an_asking_clause_with_its_own_noun_leaves_the_shares() -> None:
    rows = [(0.7, "同年9月30日公布", "9月30日")]
    assert act_dated(np.zeros(1), "ひばり市景観条例の公布日はいつ？", rows).tolist() == [0.0]
