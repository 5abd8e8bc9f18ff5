"""A meaning asked, answered by a passage that writes the term and defines nothing, is a near miss."""

from __future__ import annotations

import pytest

from assistant.answer.constraints import unmet
from assistant.answer.definition_checks import asked_term, meaning_unstated

#: Made up: a plan's sentence using two terms without saying what they are.
USES = "地域の魅力発信として、グリーンツーリズム等の体験型観光やワーケーション誘致を進める。 [1]"


@pytest.mark.parametrize(
    "question",
    [
        "「グリーンツーリズム」とはどういう意味ですか？",
        "グリーンツーリズムの定義は？",
        "グリーンツーリズムってどのようなもの？",
    ],
)
def test_a_passage_using_the_term_answers_no_meaning(question: str) -> None:
    assert meaning_unstated(question, USES, None)
    assert unmet(question, USES) == "meaning"


@pytest.mark.parametrize(
    "passage",
    [
        "グリーンツーリズムとは、農山漁村で自然や文化に触れる余暇活動をいう。",
        "農山漁村で自然や文化に触れる滞在型の余暇活動(グリーンツーリズム)を推進する。",
        "農山漁村で自然や文化に触れる余暇活動(いわゆるグリーンツーリズム)を推進する。",
        "グリーンツーリズム(農山漁村での滞在型の余暇活動)を推進する。",
        "農山漁村での滞在型の余暇活動を「グリーンツーリズム」と呼ぶ。",
        "農山漁村で自然に触れる「グリーンツーリズム」の人気が高まっている。",
        "都市住民が農山漁村に滞在して自然や文化に触れる余暇活動を指す。",
        "グリーンツーリズムは農山漁村で自然や文化に触れる余暇活動のこと。",
        "グリーンツーリズムは農山漁村で自然や文化に触れる余暇活動である。",
    ],
)
def test_each_written_form_of_a_definition_answers(passage: str) -> None:
    assert not meaning_unstated("グリーンツーリズムとはどういう意味？", passage, None)


def test_what_the_check_leaves_alone() -> None:
    q = "グリーンツーリズムとはどういう意味？"
    assert not meaning_unstated(q, USES, "体験型観光")  # a value or name extracted: other checks judge it
    assert not meaning_unstated(q, "農山漁村での余暇活動を進める。", None)  # the term unwritten: the gate weighs it
    # Not a meaning asked: 「とは別の」, a list asked with 「って何」.
    assert asked_term("県庁所在地とは違う町に移った訳は？") == ""
    assert asked_term("審議会の三つの分科会って何？") == ""
    # A frame before the term is not the term: 「青葉町の」.
    assert asked_term("青葉町のグリーンツーリズムとはどういうもの？") == "グリーンツーリズム"
