"""A bare figure turn borrowing a count with the thing counted (`conversation.with_predicate`), invented examples."""

from __future__ import annotations

from assistant.answer.conversation import resolve_turn, with_predicate
from assistant.answer.value_words import value_words
from assistant.answer.values import find_value
from assistant.question.kinds import analyze
from assistant.text.normalize import normalize

from .chat_turns import assistant, user

_HISTORY = [user("人口が5万人を超える市はいくつ？"), assistant("12市です [1]。")]
_SENTENCE = normalize("県内で人口が5万人を超える市は12市、10万人を超える市は4市となっている。")


def _together(_turn: str, _subject: str) -> bool:
    return True


def test_a_bare_threshold_turn_borrows_the_thing_counted() -> None:
    r = resolve_turn("10万人超は？", _HISTORY, _together)
    assert r.predicate == "市はいくつ？"
    intent = with_predicate(analyze(r.question), r.question, r.predicate)
    assert find_value(_SENTENCE, intent, value_words(r.question, intent)) == "4市"


def test_a_turn_naming_a_part_counts_that_part_not_the_thing_before() -> None:
    """「そのうち町は？」 names what it counts: only the question word is borrowed."""
    r = resolve_turn("そのうち町は？", _HISTORY, _together)
    assert r.predicate == "いくつ？"
    intent = with_predicate(analyze(r.question), r.question, r.predicate)
    assert intent.text == analyze(r.question).text


def test_without_the_thing_counted_the_figure_turn_is_read_as_before() -> None:
    """Read with the question word alone, the turn's figure has no noun to hold it to 市."""
    intent = with_predicate(analyze("10万人超は？"), "10万人超は？", "いくつ？")
    assert find_value(_SENTENCE, intent, value_words("10万人超は？", intent)) != "4市"
