"""A source line answers a question about the source, and only it (`values.SOURCE_ASKED`), invented examples."""

from __future__ import annotations

from assistant.answer.extract import SentenceScorer
from assistant.answer.values import SOURCE_ASKED
from assistant.question.kinds import analyze
from assistant.text.tokenizer import tokenize
from assistant.types import Chunk, Hit


def _scorer_values(question: str, text: str) -> list[str | None]:
    idf = {t: 3.0 for t in tokenize(text + question)}
    chunk = Chunk("s1", "doc.txt", "資料", "ひばり市の交通", 1, 3, text, text)
    cands = SentenceScorer(idf, {}).candidates(question, analyze(question), [Hit(chunk, 1.0, 1)])
    return [c.value for c in cands]


BUS = "ひばり市の路線バスの利用満足度は64%。\n出典:「ひばり市交通利用者調査」(ひばり市、2022年10月実施)"
RELEASED = "ひばり市の出所者の就労相談は年40件。\n出典:「ひばり市更生支援調査」(ひばり市、2023年2月実施)"


def test_a_question_about_the_source_reads_the_source_line() -> None:
    assert "2022年10月" in _scorer_values("利用満足度の出典となった調査は、何年何月に調べたもの？", BUS)
    assert "2023年2月" in _scorer_values("就労相談の数字の出典の調査は何年何月のもの？", RELEASED)


def test_near_miss_a_question_not_about_the_source_gets_no_value_from_it() -> None:
    assert "2022年10月" not in _scorer_values("ひばり市交通利用者調査を調べたのは何年何月？", BUS)
    # 出所者 (a person released from prison) is no source: the question is not about the source line.
    assert "2023年2月" not in _scorer_values("出所者の就労相談の調査を調べたのは何年何月？", RELEASED)


def test_source_asked_reads_a_source_not_a_released_person() -> None:
    assert SOURCE_ASKED.search("この満足度の数字の出所は、いつの調査？")
    assert SOURCE_ASKED.search("出典はどの資料？")
    assert not SOURCE_ASKED.search("出所者の就労相談は何件？")
