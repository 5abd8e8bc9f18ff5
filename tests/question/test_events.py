"""A date question's event against the events a sentence dates (invented examples)."""

from __future__ import annotations

from assistant.question.events import event_groups


def test_event_groups_read_verbal_nouns_and_verb_forms() -> None:
    assert event_groups("要綱が施行されたのは何年") == {"beginning"}  # coming into force is a beginning
    assert event_groups("基本方針を閣議決定した日") == {"decide"}  # one word, not 決定 after 閣議
    assert event_groups("試験運行が始まった時期") == {"beginning"}
    assert event_groups("令和5年度の事業費は") == frozenset()


def test_an_event_word_inside_a_noun_names_a_thing_not_an_event() -> None:
    assert event_groups("指定管理者はいつから運営している") == frozenset()
    assert event_groups("認定農業者の数は") == frozenset()
    assert event_groups("実施計画の期間は") == frozenset()
    assert event_groups("交流会の開催日は") == {"beginning"}  # before a word of time it still asks the date
    assert event_groups("協会の設立年") == {"beginning"}
