"""A place's population in brackets is a note on the place: it answers only a question about population."""

from __future__ import annotations

import pytest

from assistant.answer.population_note import asks_population, without_population_notes
from assistant.answer.value_choice import PRIOR_CHOOSER, VALUE_FEATURES, ValueChooser
from assistant.answer.value_words import value_words
from assistant.question.kinds import analyze
from assistant.text.normalize import normalize

#: Made up: a case study opening with the town's population, and a later sentence with the service's users.
OPENING = "青葉株式会社は、東北県緑町(人口約 8 千人)を拠点に、買い物代行のアプリを運営している。"
USERS = "令和6年4月現在、アプリの利用者は約240名、配達協力者は約30名となっている。"


def _choose(chooser: ValueChooser, sentence: str, question: str) -> str | None:
    intent = analyze(question)
    return chooser.choose(normalize(sentence), intent, value_words(question, intent), lambda t: float(len(t)))


@pytest.mark.parametrize("chooser", [PRIOR_CHOOSER, ValueChooser(tuple(0.0 for _ in VALUE_FEATURES))])
def test_the_population_note_does_not_answer_how_many_use_a_service(chooser: ValueChooser) -> None:
    assert _choose(chooser, OPENING, "青葉株式会社のアプリ、利用者はどれくらい？") is None
    assert _choose(chooser, USERS, "青葉株式会社のアプリ、利用者はどれくらい？") == "約240名"


def test_another_count_of_people_named_with_jinko_is_not_population() -> None:
    # 関係人口 and 圏域人口 count other people than the town's residents: the note stays hidden.
    assert not asks_population("緑町に関わる関係人口の規模を知りたい")
    assert not asks_population("緑町を含む圏域人口は？")
    assert _choose(PRIOR_CHOOSER, OPENING, "緑町の関係人口は何人？") is None
    # Residents qualifying another count are no population asked; the total population and residents counted are.
    assert not asks_population("緑町の住民で講座に出たのは何人？")
    assert asks_population("緑町の総人口は何人？") and asks_population("緑町の町民は何人いますか？")


@pytest.mark.parametrize("question", ["緑町の人口は？", "緑町には何人が住んでいますか？", "緑町の住民はどれくらい？"])
def test_a_question_about_population_is_answered_by_the_note(question: str) -> None:
    assert asks_population(question)
    assert _choose(PRIOR_CHOOSER, OPENING, question) == "約 8 千人"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("生活圏人口10万人程度以上を目安とする", True),  # a threshold named by 人口, not a bracketed note
        ("人口:2市合計14万人(北市8.6万人、南市5.4万人)", True),  # a case's figure line
        ("西川市(人口 14.5 万人)では", False),
        ("西川市（人口約1.2万人）では", False),
    ],
)
def test_only_a_bracket_opened_by_population_is_a_note(text: str, kept: bool) -> None:
    blanked = without_population_notes(normalize(text))
    assert len(blanked) == len(normalize(text))  # positions hold for the chooser's features
    assert (blanked == normalize(text)) is kept
