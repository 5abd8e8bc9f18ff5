"""Slide fields enumerated in parallel (①②): the item at the position the question names (invented slides)."""

from __future__ import annotations

from assistant.answer.aligned import aligned_answer, aligned_value, fields_in
from assistant.evals.metrics import lead_of
from assistant.question.kinds import analyze
from assistant.types import Chunk, Citation, Hit

SLIDE = (
    "○就職フェア\n"
    "開催日：①令和6年5月10日②5月24日\n"
    "場 所：①旭川市②名寄市\n"
    "企業数：①32社 ②27社\n"
    "参加者：①生徒85名、教員6名②生徒41名、教員5名"
)
FAIR = "開催日：①令和6年6月1日～9日\n②令和6年10月2日～8日\n（①銀座店 ②大阪店）"
IDF = {
    t: 4.0 for t in ("アサヒカワ", "ナヨロ", "オオサカ", "ギンザ", "生徒", "企業")
}  # readings: how proper nouns are tokenised


def _chunk(text: str, line_start: int = 1) -> Chunk:
    return Chunk("c", "doc.txt", "資料", "", line_start, line_start + text.count("\n"), text, text)


def test_fields_are_cut_at_circled_numbers_with_their_continuation_lines() -> None:
    fields = fields_in(_chunk(SLIDE))
    assert [f.label for f in fields] == ["開催日", "場所", "企業数", "参加者"]
    assert fields[2].items == ("32社", "27社")
    fair = fields_in(_chunk(FAIR))
    assert fair[0].items == ("令和6年6月1日~9日", "令和6年10月2日~8日") and (fair[0].line_start, fair[0].line_end) == (
        1,
        2,
    )
    assert fair[1].label == "" and fair[1].items == ("銀座店", "大阪店")


def test_the_value_stands_where_the_question_names_its_item() -> None:
    chunk = _chunk(SLIDE)
    q = "名寄市で開いた就職フェアには何社が参加した？"
    found = aligned_value(q, analyze(q), [chunk], IDF)
    assert found is not None and found.value == "27社" and found.position == 1
    q = "旭川の就職フェアに来た生徒は何人？"
    found = aligned_value(q, analyze(q), [chunk], IDF)
    assert found is not None and found.value == "85名"
    q = "大阪店での開催期間はいつからいつまで？"
    found = aligned_value(q, analyze(q), [_chunk(FAIR)], IDF)
    assert found is not None and found.value == "令和6年10月2日~8日"  # a range's other end given as a day


def test_no_answer_when_the_question_names_no_single_item_or_asks_no_field() -> None:
    chunk = _chunk(SLIDE)
    q = "就職フェアには何社が参加した？"  # which of the two is not said
    assert aligned_value(q, analyze(q), [chunk], IDF) is None
    q = "名寄市の就職フェアの参加費はいくら？"  # no field holds an amount
    assert aligned_value(q, analyze(q), [chunk], IDF) is None


def test_the_answer_leads_with_the_value_and_quotes_both_fields() -> None:
    chunk = _chunk(SLIDE, line_start=40)
    q = "名寄市で開いた就職フェアには何社が参加した？"
    found = aligned_value(q, analyze(q), [chunk], IDF)
    assert found is not None

    def citation(n: int, hit: Hit, quote: str, start: int, end: int) -> Citation:
        c = hit.chunk
        return Citation(n, c.chunk_id, c.doc, c.title, None, c.text, quote, c.line_start, c.line_end, start, end)

    answer = aligned_answer(found, q, citation).answer
    assert lead_of(answer.answer) == "27社です "
    c = answer.citations[0]
    assert (c.quote_line_start, c.quote_line_end) == (42, 43) and c.quote in SLIDE
