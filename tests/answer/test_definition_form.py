"""Whether an answer explains the term a question asks about (`assistant.answer.definition_form`), on invented text."""

from __future__ import annotations

import pytest

from assistant.answer.definition_form import term_unexplained
from assistant.question.named import definition_asked

ASKED = "「まちなかサロン」とはどういう意味ですか"


@pytest.mark.parametrize(
    "question",
    [
        "「街中サロン」とはどういう意味ですか",
        "街中サロンとは何ですか",
        "街中サロンって何でしょうか",
        "街中サロンとは何を指しますか",
        "「街中サロン」とは？",
        "「街中サロン」の定義を教えて",
        "街中サロンの意味は？",
    ],
)
def test_the_term_is_read_from_every_common_way_of_asking_what_it_is(question: str) -> None:
    assert definition_asked(question) == "街中サロン"


def test_a_bare_term_written_partly_in_hiragana_is_read_only_in_brackets() -> None:
    # A limitation: a bare run with hiragana cannot be told from the words around it (「…の…」).
    assert definition_asked("「まちなかサロン」とは何ですか") == "まちなかサロン"
    assert definition_asked("まちなかサロンとは何ですか") == ""


@pytest.mark.parametrize(
    "question",
    [
        "「まちなかサロン」の意味合いは変わった？",  # a nuance
        "まちなかサロンの会員数は？",
        "まちなかサロンって何年から？",  # a value asked with the term
        "まちなかサロンとは何人ですか",
        "まちなかサロンの定義はいつ変わった？",
        "まちなかサロンとはどのような目的ですか",
        "まちなかサロンとは別に、居場所づくりの事業はある？",
    ],
)
def test_a_question_asking_another_thing_of_the_term_asks_no_definition(question: str) -> None:
    assert definition_asked(question) == ""


@pytest.mark.parametrize(
    "text",
    [
        "みどり市では、まちなかサロンの運営を支援する。",  # used as a word of another sentence
        "商店街の活性化、まちなかサロン等の整備、空き店舗の活用を進める。",  # an item of a list
        "■ まちなかサロンの開催[市、商工会]",  # a bullet naming an activity
        "・まちなか・サロンの充実",  # spelt with a middle dot
        "市の「まちなかサロン」の創出に取り組む。",  # quoted after a particle: a use, not an introduction
        "交流拠点と「まちなかサロン」の拡大",
        "まちなかサロンが増加している。",
        "まちなかサロンとは別に、子ども食堂も支援する。",
        "まちなかサロンといった新たな居場所を広げる。",
    ],
)
def test_a_passage_only_using_the_term_does_not_explain_it(text: str) -> None:
    assert term_unexplained(ASKED, text)


@pytest.mark.parametrize(
    "text",
    [
        "まちなかサロンとは、高齢者が気軽に集える商店街の空き店舗を使った居場所のことである。",
        "まちなかサロンは、商店街の空き店舗を使った高齢者の居場所である。",
        "高齢者が気軽に集える空き店舗の居場所(いわゆるまちなかサロン)を広げる。",
        "空き店舗を使って高齢者が集う居場所を「まちなかサロン」と呼んでいる。",
        "空き店舗を使った高齢者の居場所をまちなかサロンと言います。",
        "空き店舗を高齢者の居場所とする事業「まちなかサロン」を始めた。",
        "※まちなかサロン・・・空き店舗を使った高齢者の居場所。",
        "まちなかサロン(空き店舗を活用した高齢者の居場所)を整備する。",
        "まちなかサロン | 空き店舗を活用した高齢者の居場所",  # a glossary's row
        "【まちなかサロン】空き店舗を活用した高齢者の居場所",
        "まちなかサロン－空き店舗を活用した高齢者の居場所",
    ],
)
def test_a_passage_explaining_the_term_in_a_common_form(text: str) -> None:
    assert not term_unexplained(ASKED, text)


def test_no_definition_asked_or_the_term_not_written_is_left_to_other_signals() -> None:
    assert not term_unexplained("まちなかサロンは何か所ある？", "まちなかサロンの開催")
    # A passage about another thing: the uncovered-words features judge it.
    assert not term_unexplained(ASKED, "空き店舗の活用を進める。")
    assert not term_unexplained(ASKED, "")
