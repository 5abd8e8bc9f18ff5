"""Slide fields enumerated in parallel (①②): the item at the position the question names (invented slides)."""

from __future__ import annotations

from assistant.answer.aligned import aligned_answer, aligned_value, fields_in, table_fields
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
    q = "大阪店の開催期間は何日から何日まで？"
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
    # A figure is said with the words its item writes it with: 「生徒41名」, not 「41名」.
    q = "名寄市の就職フェアに来た生徒は何人？"
    found = aligned_value(q, analyze(q), [chunk], IDF)
    assert found is not None and lead_of(aligned_answer(found, q, citation).answer.answer) == "生徒41名です "


TABLE_HEAD = "○ 第1期計画／第2期計画／第3期計画の比較"
TABLE = (
    "年度 2010年～ 2016年～ 2022年～\n"
    "\n"
    "利用者数： 約12万人\n"
    "施設数：40か所\n"
    "利用者数： 約18万人\n"
    "施設数：55か所\n"
    "利用者数：（2023年 約21万人）\n"
    "施設数：61か所"
)


def test_a_table_flattened_column_by_column_is_read_by_its_repeated_labels() -> None:
    head, body = _chunk(TABLE_HEAD, 1), _chunk(TABLE, 2)
    fields = {f.label: f.items for f in table_fields(body, head)}
    assert fields["利用者数"] == ("約12万人", "約18万人", "(2023年約21万人)")
    assert fields["年度"] == ("2010年~", "2016年~", "2022年~")
    assert fields[""] == ("○ 第1期計画", "第2期計画", "第3期計画の比較")
    idf = {t: 4.0 for t in ("2016年", "H28", "利用", "施設", "計画")}  # a year is tokenised with its era form
    q = "2016年からの計画の頃、施設数は何か所でしたか？"
    found = aligned_value(q, analyze(q), [body], idf, lambda c: head)
    assert found is not None and found.value == "55か所"


def test_an_item_named_no_better_than_another_names_no_position() -> None:
    slide = "概要：①地域の交通の確保を考える講座 ②地域の担い手の確保を考える講座\n参加者：①生徒30名 ②生徒25名"
    idf = {t: 4.0 for t in ("交通", "確保", "講座", "地域", "担い手")}
    q = "地域の確保を考える講座に来た生徒は何人？"  # both sessions are about 地域 and 確保
    assert aligned_value(q, analyze(q), [_chunk(slide)], idf) is None
    q = "地域の交通の確保を考える講座に来た生徒は何人？"
    found = aligned_value(q, analyze(q), [_chunk(slide)], idf)
    assert found is not None and found.value == "30名"


def test_the_field_whose_label_the_question_writes_out_in_full_gives_the_value() -> None:
    # 「参加企業数」 shares 「参加」 with 参加者 but writes all of 企業数; the words' IDF does not decide it.
    slide = "○合同企業説明会\n場 所：①北見市②網走市\n参加者：①生徒70名②生徒52名\n企業数：①30社 ②22社"
    idf = {"アバシリ": 4.0, "キタミ": 4.0}
    q = "網走会場の参加企業数は？"
    found = aligned_value(q, analyze(q), [_chunk(slide)], idf)
    assert found is not None and found.value == "22社" and found.field.label == "企業数"
    q = "北見会場の参加者は何名？"
    found = aligned_value(q, analyze(q), [_chunk(slide)], idf)
    assert found is not None and found.value == "70名"
    # 「企業」 and 「参加」 are both written out; 「参加」 stands in the asked phrase, nearer the asking word.
    q = "名寄市の企業説明会で参加生徒は何名いた？"
    found = aligned_value(q, analyze(q), [_chunk(SLIDE)], {"ナヨロ": 4.0})
    assert found is not None and found.field.label == "参加者" and found.value == "41名"
