"""A follow-up answered from passages about another thing, and a drill-down naming nothing of its own.

Every example is invented (towns, programmes and KPIs that are not in the corpus).
"""

from __future__ import annotations

from assistant.answer.conversation import resolve_turn
from assistant.answer.extract import Candidate
from assistant.answer.follow_up import holding_first, last_answer, subject_absent
from assistant.ingest.chunking import Sentence
from assistant.types import Chunk, Hit

from .chat_turns import apart, assistant, user

IDF = {"ほたる": 6.0, "保全": 3.0, "区域": 3.0, "登録": 2.0, "桜並木": 6.0, "みどり": 5.0, "協議会": 2.0}


def test_the_carried_subject_is_what_the_query_holds_besides_the_turn() -> None:
    history = [user("あおば町のほたる保全区域の登録目標は？"), assistant("30区域です [1]")]
    r = resolve_turn("今は何区域登録されてる？", history, apart)
    assert not r.stands_alone and r.carried.startswith("あおば町のほたる保全区域")
    assert resolve_turn("あおば町の人口は？", None).carried == ""


def test_a_follow_up_value_from_passages_without_the_subject_is_a_near_miss() -> None:
    """「今は何区域登録されてる？」 after a goal for firefly areas: a count of other trees is not the answer."""
    subject = "あおば町のほたる保全区域の登録目標"
    other = "ひばり村では桜並木の保存樹木を12本指定した。"
    assert subject_absent(subject, other, IDF)
    about = "ほたる保全区域は令和6年度末で18区域を登録済み。"
    assert not subject_absent(subject, about, IDF)
    # Nothing carried (the turn stood alone), or no passage text: nothing to check.
    assert not subject_absent("", other, IDF)
    assert not subject_absent(subject, "", IDF)


def test_the_subject_words_a_turn_says_again_do_not_show_the_subject_is_there() -> None:
    """「協議会に加盟している団体は？」 after 「みどり協議会、加盟団体は…」: a passage about another 協議会 holds 協議会 and 加盟."""
    subject = "みどり協議会、加盟団体は毎年"
    other = "ひばり村の観光協議会には12団体が加盟している。"
    assert not subject_absent(subject, other, IDF)  # 協議会 alone is a share of the subject
    assert subject_absent(subject, other, IDF, "協議会に加盟している団体は何団体？")


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
