"""The act a date question asks about, read in the words after a date (`question/events.py`; invented examples)."""

from __future__ import annotations

from assistant.question.events import act_follows_date


def test_verbal_nouns_and_verb_forms_name_the_act_after_the_date() -> None:
    assert act_follows_date("いつ施行された", "令和6年4月1日施行", "令和6年4月1日")
    assert act_follows_date("いつ始まった", "令和5年度から始まった。", "令和5年度")
    assert act_follows_date("いつ設置された", "平成30年に設立", "平成30年")  # one group: 設置 and 設立
    assert not act_follows_date("いつ公表された", "令和5年3月に策定", "令和5年3月")  # another kind of act


def test_an_event_word_inside_a_noun_names_a_thing_not_an_act() -> None:
    assert not act_follows_date("いつ実施計画を作った", "令和5年3月実施。", "令和5年3月")
    assert not act_follows_date("いつ指定管理者を選んだ", "令和3年4月指定。", "令和3年4月")
    assert act_follows_date("いつが開催日", "令和6年5月10日開催", "令和6年5月10日")  # before a word of time: an act
