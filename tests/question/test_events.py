"""A date question's event against the events a sentence dates (invented examples)."""

from __future__ import annotations

import pytest

from assistant.answer.policy import other_event_dated
from assistant.question.events import dates_other_event, event_groups
from assistant.text.normalize import normalize


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


@pytest.mark.parametrize(
    ("question", "sentence", "other"),
    [
        ("みどり村の村長の就任は何年？", "平成30年に村は観光協会を設立した。", True),
        ("条例はいつ施行された？", "条例は令和5年3月に成立した。", True),
        # A paraphrase of the same kind of event matches: 設置 and 設立, 始まった and 開始.
        ("観光協会の設置は何年？", "平成30年に村は観光協会を設立した。", False),
        ("試験運行が始まった時期は？", "令和4年に試験運行を開始した。", False),
        # A field naming no event may still date the asked one.
        ("交流会はいつ開きましたか？", "開催日:令和6年5月12日", False),
        ("交流会の立ち上げの会合はいつ開きましたか？", "開催日:令和6年5月12日", False),
        # Founded, started, held, opened: each says a thing began, and writers date a start by any of them.
        ("この制度はいつ始まった？", "平成27年度に制度を創設した。", False),
        ("いつから導入された？", "平成30年度に制度を創設。", False),
        ("実証実験はいつ実施された？", "令和4年度に実証実験を開始した。", False),
        ("道路はいつ開通した？", "令和2年3月に供用を開始した。", False),
        ("指定管理者はいつから運営している？", "令和3年度に運営を開始した。", False),
        # A decision or a publication is another kind of event than a start.
        ("計画はいつ公表された？", "令和5年3月に計画を策定した。", True),
        # A question naming no event asks nothing of the sentence's.
        ("次の見直しの時期は？", "令和8年度に見直しを行う。", False),
    ],
)
def test_a_date_of_another_kind_of_event_does_not_answer(question: str, sentence: str, other: bool) -> None:
    assert dates_other_event(normalize(question), normalize(sentence)) is other


def test_only_a_date_asked_and_a_date_given_are_checked() -> None:
    sentence = normalize("平成30年に村は観光協会を設立し、会員は120社となった。")
    assert other_event_dated(normalize("村長の就任は何年？"), sentence, "平成30年")
    assert not other_event_dated(normalize("村長の就任は何年？"), sentence, None)
    assert not other_event_dated(normalize("会員は何社？"), sentence, "120社")
