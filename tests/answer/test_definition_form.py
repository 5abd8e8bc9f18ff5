"""Whether an answer explains the term a question asks about (`assistant.answer.definition_form`), on invented text."""

from __future__ import annotations

import pytest

from assistant.answer.definition_form import term_unexplained
from assistant.question.named import definition_asked


def test_the_term_is_read_from_a_question_word_or_from_the_word_definition() -> None:
    assert definition_asked("「まちなかサロン」とはどういう意味ですか") == "まちなかサロン"
    assert definition_asked("「里山トラスト」の定義を教えて") == "里山トラスト"
    assert definition_asked("地域循環共生圏の意味は？") == "地域循環共生圏"
    # 意味合い is a nuance, and a question asking another thing of the term asks no definition.
    assert definition_asked("「里山トラスト」の意味合いは変わった？") == ""
    assert definition_asked("里山トラストの会員数は？") == ""


@pytest.mark.parametrize(
    "text",
    [
        "みどり市では、まちなかサロンの運営を支援する。",  # used as a word of another sentence
        "商店街の活性化、まちなかサロン等の整備、空き店舗の活用を進める。",  # an item of a list
        "■ まちなかサロンの開催[市、商工会]",  # a bullet naming an activity
        "・まちなか・サロンの充実",  # spelt with a middle dot
    ],
)
def test_a_passage_only_using_the_term_does_not_explain_it(text: str) -> None:
    assert term_unexplained("「まちなかサロン」とはどういう意味ですか", text)


@pytest.mark.parametrize(
    "text",
    [
        "まちなかサロンとは、高齢者が気軽に集える商店街の空き店舗を使った居場所のことである。",
        "まちなかサロンは、商店街の空き店舗を使った高齢者の居場所である。",
        "高齢者が気軽に集える空き店舗の居場所(いわゆるまちなかサロン)を広げる。",
        "空き店舗を使って高齢者が集う居場所を「まちなかサロン」と呼んでいる。",
        "空き店舗を高齢者の居場所とする事業「まちなかサロン」を始めた。",
        "※まちなかサロン・・・空き店舗を使った高齢者の居場所。",
        "まちなかサロン(空き店舗を活用した高齢者の居場所)を整備する。",
    ],
)
def test_a_passage_explaining_the_term_in_a_common_form(text: str) -> None:
    assert not term_unexplained("「まちなかサロン」とはどういう意味ですか", text)


def test_no_definition_asked_or_the_term_not_written_is_left_to_other_signals() -> None:
    assert not term_unexplained("まちなかサロンは何か所ある？", "まちなかサロンの開催")
    # A passage about another thing: the uncovered-words features judge it.
    assert not term_unexplained("「まちなかサロン」とはどういう意味ですか", "空き店舗の活用を進める。")
