"""A drill-down naming nothing of its own, and a follow-up whose subject the passages do not hold.

Every example is invented (towns, programmes and KPIs that are not in the corpus).
"""

from __future__ import annotations

from assistant.answer.conversation import resolve_turn
from assistant.answer.extract import Candidate
from assistant.answer.follow_up import holding_first, last_answer
from assistant.ingest.chunking import Sentence
from assistant.types import Chunk, Hit

from .chat_turns import apart, assistant, user

IDF = {"ほたる": 6.0, "保全": 3.0, "区域": 3.0, "登録": 2.0, "桜並木": 6.0, "みどり": 5.0, "協議会": 2.0}


def test_the_carried_subject_is_what_the_query_holds_besides_the_turn() -> None:
    history = [user("あおば町のほたる保全区域の登録目標は？"), assistant("30区域です [1]")]
    r = resolve_turn("今は何区域登録されてる？", history, apart)
    assert not r.stands_alone and r.carried.startswith("あおば町のほたる保全区域")
    assert resolve_turn("あおば町の人口は？", None).carried == ""


def _cand(text: str, score: float) -> Candidate:
    sentence = Sentence(1, 1, 0, len(text), text)
    hit = Hit(Chunk("c0", "doc.txt", "資料", "", 0, 0, text, text), score, rank=1)
    return Candidate(hit, sentence, score, 0.5, 0.5, None, 0.5, 0.5, True, True, 1, 1, text)


def test_a_drill_down_naming_nothing_of_its_own_prefers_the_sentence_just_shown() -> None:
    """「いくら出したの？」 after an answer quoting a donation: that sentence's sum, not a better-scored fee."""
    fee = _cand("会員企業は毎年10万円を会費として納めている。", 0.9)
    donation = _cand("みどり協議会は桜並木の整備に約2億円を寄付した。", 0.6)
    history = [
        user("みどり協議会の寄付で整備された通りは？"),
        assistant("みどり協議会は桜並木の整備に約2億円を寄付した。 [1]"),
    ]
    assert holding_first([fee, donation], [], IDF, last_answer(history), value=True) == [donation, fee]
    # No answer shown before: the scores' order stays.
    assert holding_first([fee, donation], [], IDF) == [fee, donation]
