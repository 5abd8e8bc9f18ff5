"""The outlook word of a question's predicate (`question/outlook.py`), invented examples."""

from __future__ import annotations

from assistant.question.outlook import predicate_nouns


def test_an_outlook_word_after_the_question_word_is_no_anchor() -> None:
    assert predicate_nouns("2035年に水揚げ量が最も減るとされるさくら漁港は、何トンに減る見込み？") == {"見込み"}
    assert predicate_nouns("市民プールの改修工事は、いつ終わる予定なの？") == {"予定"}


def test_near_miss_an_outlook_word_naming_the_thing_asked_stays() -> None:
    # Before the question word it says what is asked about (「給食費の見込み額」); so too when written before it as well.
    assert predicate_nouns("ひばり市の給食費の見込み額は何円？") == set()
    assert predicate_nouns("さくら漁港の水揚げ推計は、何トンに減る推計？") == set()
    assert predicate_nouns("さくら漁港の水揚げ見込み") == set()  # no question word: no predicate to read
