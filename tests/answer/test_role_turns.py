"""Follow-ups naming what they ask about among the subject's items: an item pointed at by name (「その支援法人、…」) or
the kind of thing whose name is asked (「どこの大学の…」)."""

from __future__ import annotations

from assistant.answer.extract import Candidate
from assistant.answer.follow_up import holding_first, pointed_item
from assistant.ingest.chunking import Sentence
from assistant.types import Chunk, Hit


def _cand(text: str, passage: str, score: float) -> Candidate:
    chunk = Chunk(f"c{len(passage)}", "doc.txt", "資料", "", 1, 1, passage, passage)
    return Candidate(
        Hit(chunk, score, 1),
        Sentence(1, 1, 0, len(text), text),
        score,
        0.5,
        0.5,
        None,
        *[0.5] * 2,
        True,
        True,
        1,
        1,
        text,
    )


def test_the_item_pointed_at_by_name_is_read() -> None:
    assert pointed_item("その支援法人、条例上の呼称は何？") == "支援法人"
    assert pointed_item("どこの大学のゼミが協力した？") == "大学"  # not 「この大学」 inside 「どこの大学」
    assert pointed_item("そのうち市町村は？") == ""
    assert pointed_item("上限は？") == ""


def test_a_place_pointer_or_an_aspect_of_the_last_answer_is_no_item() -> None:
    assert pointed_item("あそこの施設は何時まで？") == ""  # 「あそこの」 points at a place, not 「この施設」
    assert pointed_item("その結果、何人増えた？") == ""
    assert pointed_item("その内訳は？") == ""
    assert pointed_item("その後都市部ではどうなった？") == ""
    assert pointed_item("その理由は？") == ""
    # Items named after a pointer are still read.
    assert pointed_item("この施設の定員は？") == "施設"
    assert pointed_item("その結社の代表は？") == "結社"
    assert pointed_item("当該団体の所在地は？") == "団体"


def test_of_the_sentences_holding_the_turns_words_the_one_about_the_pointed_item_comes_first() -> None:
    """「その支援法人、条例上の呼称は何？」: the note naming the council in the ordinance is about another item of the subject."""
    passage = "※1条例上は「みどり地域協議会」 ※2条例上は「みどり支援法人」"
    council = _cand("※1条例上は「みどり地域協議会」", passage, 0.9)
    body = _cand("※2条例上は「みどり支援法人」", passage, 0.5)
    idf = {"条例": 4.0}
    assert holding_first([council, body], ["条例"], idf, turn="その支援法人、条例上の呼称は何？") == [body, council]
    assert holding_first([council, body], ["条例"], idf, turn="条例上の呼称は何？") == [council, body]
