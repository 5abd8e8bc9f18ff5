"""Number cards: a figure on its own line, named by the label above and the description below."""

from __future__ import annotations

from assistant.answer.card import card_value, cards
from assistant.question.kinds import analyze
from assistant.types import Chunk

SLIDE = (
    "来訪者の内訳\n\n"
    "宿泊客\n\n約12万人\n\n市外から訪れ、一泊以上滞在した人\n\n"
    "日帰り客\n\n約30万人\n\n市外から訪れ、その日のうちに帰った人"
)
IDF = {"宿泊": 4.0, "滞在": 4.0, "日帰り": 4.0, "帰っ": 3.0, "市外": 2.0, "一泊": 4.5, "泊まっ": 4.0}


def _chunk(text: str) -> Chunk:
    return Chunk("c", "doc.txt", "資料", "", 1, 1 + text.count("\n"), text, text)


def test_each_figure_reads_its_label_and_description() -> None:
    found = {(c.value, c.label) for c in cards(_chunk(SLIDE), analyze("何人？"))}
    assert found == {("約12万人", "宿泊客"), ("約30万人", "日帰り客")}


def test_the_card_holding_the_question_words_answers() -> None:
    asked = "そのうち一泊以上滞在した人は何人？"
    card = card_value(asked, analyze(asked), [_chunk(SLIDE)], IDF)
    assert card is not None and card.value == "約12万人"


def test_words_of_no_card_give_no_answer() -> None:
    asked = "そのうち泊まった外国人は何人？"
    assert card_value(asked, analyze(asked), [_chunk(SLIDE)], {**IDF, "外国": 5.0}) is None


def test_the_adverb_a_drill_down_opens_with_is_not_asked_of_the_card() -> None:
    """「さらにその中で…」 leads to the card; 更に is written on none, so it must not count against the one named."""
    asked = "さらにその中で、一泊以上滞在した人は何人？"
    idf = {**IDF, "更に": 6.0}
    card = card_value(asked, analyze(asked), [_chunk(SLIDE)], idf)
    assert card is not None and card.value == "約12万人"
