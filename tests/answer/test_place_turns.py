"""A follow-up asking where an event was held (「会場は？」「どこでやったの？」) after another field of it
(`follow_up.holding_first`): the place is labelled in its own words (「場所：…」), not in the sentence last quoted."""

from __future__ import annotations

from assistant.answer.extract import Candidate
from assistant.answer.follow_up import holding_first
from assistant.ingest.chunking import Sentence
from assistant.types import Chunk, Hit

#: An invented event card: the count the last answer quoted, and the place two lines above it.
_CARD = "みなと音楽祭の開催 日時：令和6年8月3日 場所：みなと市民ホール 来場者：約1,200名"


def _cand(text: str, passage: str = _CARD) -> Candidate:
    chunk = Chunk(f"c{len(passage)}", "doc.txt", "資料", "", 1, 1, passage, passage)
    return Candidate(Hit(chunk, 1.0, 1), Sentence(1, 1, 0, len(text), text), 1.0, 0.5, 0.5, None,
                     *[0.5] * 2, True, True, 1, 1, text)  # fmt: skip


_COUNT = _cand("来場者：約1,200名")
_PLACE = _cand("日時：令和6年8月3日 場所：みなと市民ホール")
_SHOWN = "約1,200名です [1]。（来場者：約1,200名）"
_IDF = {"会場": 5.0}


def test_a_place_word_turn_reads_the_labelled_place_first() -> None:
    assert holding_first([_COUNT, _PLACE], ["会場"], _IDF, _SHOWN, turn="会場は？") == [_PLACE, _COUNT]
    assert holding_first([_COUNT, _PLACE], [], _IDF, _SHOWN, turn="それ、場所はどこ？") == [_PLACE, _COUNT]


def test_which_one_of_a_kind_is_no_place_asked() -> None:
    """「どこの楽団が出た？」 asks which one of a kind, not where it was held: the labelled place is not put first."""
    assert holding_first([_COUNT, _PLACE], [], _IDF, _SHOWN, turn="どこの楽団が出た？") == [_COUNT, _PLACE]
    assert holding_first([_COUNT, _PLACE], [], _IDF, _SHOWN, turn="どこで開かれた？") == [_PLACE, _COUNT]


def test_without_a_labelled_place_the_order_is_the_turns_words() -> None:
    plain = _cand("みなと音楽祭は毎年夏に開かれる。")
    assert holding_first([plain, _COUNT], ["会場"], _IDF, _SHOWN, turn="会場は？") == [plain, _COUNT]
