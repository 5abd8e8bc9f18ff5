"""Answers read from the KPI and programme records, on the project's real index.

Each records answer must state the asked field first, cite the document lines the figures were read
from, and quote them verbatim. The expected figures are the corpus's own (004's KPI table, 001's
モーダルシフト等推進事業 page); the tests also read them back from the document itself.
Skipped, with the reason, when no usable index is built.
"""

from __future__ import annotations

import os
import re

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.answer.values import strip_markers  # noqa: E402
from assistant.records.models import KpiRecord  # noqa: E402
from assistant.text.normalize import nfkc, normalize  # noqa: E402
from assistant.types import Answer, Citation  # noqa: E402

from .corpus_lines import doc_lines, squash  # noqa: E402

DOC_001 = "001_66b98a4b6793b39c.txt"
DOC_003 = "003_6b6a8afd27e09b17.txt"
DOC_004 = "004_49aeb67bc23e3385.txt"
JOB_RATE = "新規高卒者管内企業就職率"

# (question, what the answer's first sentence must say) — figures as 004 writes them.
KPI_CASES = [
    (f"{JOB_RATE}の進捗率は？", "進捗率は82.9％"),
    (f"{JOB_RATE}の目標値は？", "目標値は63.9％(R6)"),
    (f"{JOB_RATE}の令和3年の実績は？", "59.5％(R3)"),
    (f"{JOB_RATE}のR3の実績値は？", "59.5％(R3)"),
    ("「空知の耕作面積の維持」について、目標値を教えて", "目標値は113,600ha(R7)"),
]
PROGRAMME_RATE_Q = "「モーダルシフト等推進事業」だと補助率はどれだけ？"
SPORTS_Q = "スポーツツーリズム関連消費額、目標値はいくら？"
AKIYA_BUDGET_Q = "「空き家対策総合支援事業」に付いている予算はいくら？"
# Records answers whose first sentence's figures must all be in the quote.
FIGURE_CASES = [
    *[pytest.param(q, id=q) for q, _ in KPI_CASES],
    pytest.param(SPORTS_Q, id="sports-tourism"),
    pytest.param(AKIYA_BUDGET_Q, id="akiya-budget"),
    pytest.param(PROGRAMME_RATE_Q, id="modal-shift-rate"),
    pytest.param("「モーダルシフト等推進事業」にR5補正で付いた予算額は？", id="modal-shift-budget"),
]


# -- fixtures and helpers -------------------------------------------------------------------------


def quoted_lines(engine, c: Citation) -> str:
    lines = doc_lines(engine, c.doc)
    assert 1 <= c.quote_line_start <= c.quote_line_end <= len(lines), (c.quote_line_start, c.quote_line_end)
    return "\n".join(lines[c.quote_line_start - 1 : c.quote_line_end])


def assert_quote_verbatim(engine, c: Citation) -> None:
    assert squash(c.quote), "empty quote"
    assert squash(c.quote) in squash(quoted_lines(engine, c)), (c.doc, c.quote_line_start, c.quote_line_end, c.quote)


def first_sentence(answer: Answer) -> str:
    """What the [1] marker vouches for: the text before the first marker."""
    return answer.answer.split("[1]", 1)[0]


_YEAR_LABEL = re.compile(r"R\d{1,2}(?!\d)")  # records normalise 令和6年度 to R6; not a stated figure
_NUMBER = re.compile(r"\d[\d,.]*")


def stated_numbers(text: str) -> list[str]:
    text = _YEAR_LABEL.sub("", nfkc(text))
    return [n.rstrip(".,") for n in _NUMBER.findall(text)]


def number_in(number: str, text: str) -> bool:
    """``number`` stands in ``text`` as a whole number (113 is not in 113,600)."""
    return bool(re.search(rf"(?<![\d.,]){re.escape(number)}(?![.,]?\d)", squash(nfkc(text))))


def ask(engine, question: str, **kw) -> Answer:
    return engine.answerer.answer(question, **kw)


# -- KPI answers --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "expected"), KPI_CASES)
def test_kpi_answered_from_records(engine, question: str, expected: str) -> None:
    a = ask(engine, question)
    assert not a.abstained
    assert a.source == "records"
    assert a.kind == "kpi"
    assert len(a.citations) == 1 and a.citations[0].n == 1
    assert a.citations[0].doc == DOC_004
    assert nfkc(expected) in nfkc(first_sentence(a)), a.answer  # ㏊/ha, ％/%: the row's or the table's form
    # The stated figure is in the cited lines of the document itself.
    figure = re.sub(r"^.*?は", "", expected).split("(")[0]
    assert squash(nfkc(figure)) in squash(nfkc(quoted_lines(engine, a.citations[0]))), a.citations[0].quote


def test_kpi_answer_names_the_indicator_and_the_whole_record(engine) -> None:
    a = ask(engine, f"{JOB_RATE}の進捗率は？")
    lead = first_sentence(a)
    assert lead.startswith(JOB_RATE)
    # The other fields follow: baseline 60.9％(R2), the actuals R3–R6, target 63.9％(R6).
    rest = a.answer.split("[1]", 1)[1]
    for part in ("基準値60.9％(R2)", "59.5％(R3)", "53.0％(R6)", "目標値63.9％(R6)"):
        assert nfkc(part) in nfkc(rest), a.answer


def test_kpi_pending_actual_is_said_as_not_stated_with_the_row_beside_it(engine) -> None:
    """A year the table marks 集計中 has no figure: an abstention that says so and why, never a number."""
    a = ask(engine, "移住相談件数のR6の実績は？")
    assert a.abstained and a.source == "records" and not a.citations
    lead = a.answer.split("。", 1)[0]
    assert lead.startswith("移住相談件数のR6の実績値の記載はありません（集計中"), a.answer
    assert not re.search(r"\d+件", lead), lead  # no figure is invented for R6
    assert a.related and "集計中" in a.related[0].quote
    assert_quote_verbatim(engine, a.related[0])
    # A year the table does give is still answered.
    stated_year = ask(engine, "移住相談件数のR5の実績は？")
    assert not stated_year.abstained and "781件(R5)" in first_sentence(stated_year)


def test_a_part_of_a_record_is_not_answered_from_the_record(engine) -> None:
    """The record holds the whole indicator's figures and a programme's terms: not a part of them."""
    whole = ask(engine, "「管内への観光入込客数」、R4の実績はどうだった？")
    assert whole.source == "records" and "1,159.6万人" in first_sentence(whole)
    part = ask(engine, "「管内への観光入込客数」のうち、修学旅行生はR4に何万人？")
    assert part.source != "records" and "1,159.6" not in part.answer, part.answer
    budget = ask(engine, "地域公共交通確保維持改善事業の予算は？")
    assert budget.source == "records"


def test_kpi_actual_year_picks_that_year(engine) -> None:
    a = ask(engine, f"{JOB_RATE}の令和3年の実績は？")
    lead = first_sentence(a)
    assert "59.5" in lead
    for other in ("60.3", "52.0", "53.0"):  # R4–R6 actuals are not the answer to R3
        assert other not in lead


# -- programme answers ------------------------------------------------------------------------------
def test_programme_rate_answer_lists_rates_and_cites_line_95(engine) -> None:
    a = ask(engine, PROGRAMME_RATE_Q)
    assert a.source == "records" and not a.abstained
    lead = first_sentence(a)
    assert lead.startswith("モーダルシフト等推進事業")
    assert "1/2以内" in lead and "2/3以内" in lead
    assert lead.index("補助率") < lead.index("上限")  # the asked field comes first
    c = a.citations[0]
    assert c.doc == DOC_001
    assert c.quote_line_start <= 95 <= c.quote_line_end
    assert_quote_verbatim(engine, c)
    line_95 = doc_lines(engine, DOC_001)[94]
    assert "1/2以内" in line_95 and "2/3以内" in line_95  # the document says so at that line


def test_programme_answer_shows_the_cited_lines_as_written(engine) -> None:
    a = ask(engine, PROGRAMME_RATE_Q)
    assert a.source == "records"
    assert len(strip_markers(a.answer)) <= 300
    # After the fields, the cited lines in the document's own words (NFKC, spaces joined).
    m = re.search(r"\[1\]（(.+)）$", a.answer)
    assert m, a.answer
    shown = re.sub(r"[\s…]", "", m.group(1))
    quote = re.sub(r"\s", "", normalize(a.citations[0].quote))  # cleaned as the answer is (no ** marks)
    assert shown and shown in quote


def test_share_of_costs_is_a_rate_question_not_a_costs_question(engine) -> None:
    a = ask(engine, "「地域生活圏形成リーディング事業」、経費のどの程度が補助の対象？")
    assert a.source == "records"
    lead = first_sentence(a)
    # The costs field (「対象経費: …」) is not listed; a rate may name the costs it is a share of (「支援対象経費の2/3」).
    assert "補助率" in lead and "対象経費:" not in lead


# -- every records answer ---------------------------------------------------------------------------
RECORDS_QUESTIONS = [q for q, _ in KPI_CASES] + [
    PROGRAMME_RATE_Q,
    SPORTS_Q,
    AKIYA_BUDGET_Q,
    "「認定こども園設置数」について目標値は？",
]


@pytest.mark.parametrize("question", RECORDS_QUESTIONS)
def test_records_quote_is_verbatim_at_its_lines(engine, question: str) -> None:
    a = ask(engine, question)
    assert a.source == "records", a.answer
    assert a.citations
    for c in a.citations:
        assert_quote_verbatim(engine, c)
        chunk = engine.chunk(c.chunk_id)
        assert chunk is not None and chunk.doc == c.doc and c.text == chunk.text


@pytest.mark.parametrize("question", FIGURE_CASES)
def test_records_first_sentence_figures_are_in_the_quote(engine, question: str) -> None:
    a = ask(engine, question)
    assert a.source == "records", a.answer
    numbers = stated_numbers(first_sentence(a))
    assert numbers, a.answer
    quote = a.citations[0].quote
    missing = [n for n in numbers if not number_in(n, quote)]
    assert not missing, (missing, a.answer, quote)


def test_records_answer_honours_the_docs_filter(engine) -> None:
    q = SPORTS_Q  # the same KPI sentence is in 003 and 004
    for doc in (DOC_003, DOC_004):
        a = ask(engine, q, docs=[doc])
        assert a.source == "records"
        assert [c.doc for c in a.citations] == [doc]
        assert "3,800億円" in first_sentence(a)


# -- not from records -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "question",
    [
        f"{JOB_RATE}は基準年からどれだけ伸びましたか",
        "移住相談件数は基準年からどれだけ伸びましたか",
        "空知の耕作面積の維持は基準年に比べてどれだけ減った？",
    ],
)
def test_comparison_is_not_answered_from_records(engine, question: str) -> None:
    assert engine.records.match_kpi(question), "the question names a KPI record"  # so the gate is what's tested
    a = ask(engine, question)
    assert a.source != "records", a.answer


def test_budget_question_about_a_kpi_is_not_a_kpi_answer(engine) -> None:
    q = "認定こども園の整備費の予算額は？"
    assert any("認定こども園" in m.record.indicator for m in engine.records.match_kpi(q))
    a = ask(engine, q)
    assert not (a.source == "records" and a.kind == "kpi"), a.answer
    assert "22カ所" not in a.answer  # the KPI's target is not a budget


# -- RecordStore.match_kpi --------------------------------------------------------------------------
@pytest.mark.parametrize("weighted", [False, True])
def test_match_kpi_ranks_the_most_specific_indicator_first(engine, weighted: bool) -> None:
    idf = engine.answerer.scorer.idf if weighted else None
    matches = engine.records.match_kpi(SPORTS_Q, None, idf)
    names = [m.record.indicator for m in matches]
    assert names[0] == "スポーツツーリズム関連消費額"
    assert "消費額" in names
    assert names.index("消費額") > max(i for i, n in enumerate(names) if n == "スポーツツーリズム関連消費額")
    assert all(isinstance(m.record, KpiRecord) for m in matches)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_match_kpi_generic_indicator_when_only_it_is_named(engine) -> None:
    matches = engine.records.match_kpi("訪日外国人旅行者の消費額の目標は？", None, engine.answerer.scorer.idf)
    assert matches[0].record.indicator == "消費額"
    assert "スポーツツーリズム関連消費額" not in [m.record.indicator for m in matches if m.score >= 0.6]


def test_match_kpi_docs_filter(engine) -> None:
    matches = engine.records.match_kpi(SPORTS_Q, [DOC_003])
    assert matches and {m.record.doc for m in matches} == {DOC_003}
    assert engine.records.match_kpi("スポーツツーリズム関連消費額", ["no_such_doc.txt"]) == []


def test_a_dash_in_place_of_a_figure_is_said_as_not_stated() -> None:
    """「-％」 is no progress rate: the answer says there is none, and why when the actual is pending."""
    from assistant.answer.kpi_text import kpi_answer_text, stated
    from assistant.records.models import KpiRecord, KpiValue

    assert stated("-％") is None and stated("－") is None and stated("82.9％") == "82.9％"
    record = KpiRecord(
        "k", "900_fake.txt", None, "図書館の来館者数", "人", KpiValue("R2", "5,000人", None),
        (KpiValue("R5", "4,800人", None), KpiValue("R6", None, "集計中（6月頃）")),
        (KpiValue("R7", "6,000人", None),), "-％", 1, 3, "図書館の来館者数 5,000人 -％",
    )  # fmt: skip
    text = kpi_answer_text(record, "図書館の来館者数の進捗率は？")
    assert text is not None
    assert text.startswith("図書館の来館者数の進捗率の記載はありません（R6の実績値は集計中（6月頃））")
    assert "進捗率は-" not in text and "進捗率-％" not in text and "進捗率記載なし" in text


def test_which_fields_the_document_leaves_without_a_figure() -> None:
    """A dash for progress and a year counted as 集計中 are not stated; a stated year, the target, the baseline are."""
    from assistant.answer.kpi_text import kpi_answer_text, kpi_not_stated
    from assistant.records.models import KpiRecord, KpiValue

    record = KpiRecord(
        "k", "900_fake.txt", None, "体験農園の利用者数", "人", KpiValue("R3", "800人", None),
        (KpiValue("R4", "850人", None), KpiValue("R5", None, "集計中（10月頃）")),
        (KpiValue("R8", "1,200人", None),), "－", 1, 3, "体験農園の利用者数 800人 －",
    )  # fmt: skip
    assert kpi_not_stated(record, "体験農園の利用者数の令和5年度の実績は？")
    assert kpi_not_stated(record, "体験農園の利用者数の進捗率は？")
    # Asked when the count comes out, the pending status is the answer.
    when = "体験農園の利用者数、令和5年度の数字はいつ頃まとまりますか？"
    assert not kpi_not_stated(record, when)
    text = kpi_answer_text(record, when)
    assert text is not None and "集計中（10月頃）(R5)です" in text.split(" [1]")[0]
    for question in (
        "体験農園の利用者数の令和4年度の実績は？",
        "体験農園の利用者数の目標値は？",
        "体験農園の利用者数の基準値は？",
    ):
        assert not kpi_not_stated(record, question), question
    # A year the table has no column for: not stated, and not said to be pending (its status is another year's).
    assert kpi_not_stated(record, "体験農園の利用者数のR6の実績は？")
    text = kpi_answer_text(record, "体験農園の利用者数のR6の実績は？")
    assert text is not None and text.startswith("体験農園の利用者数のR6の実績値の記載はありません")
    assert "集計中" not in text.split(" [1]")[0].split("。")[0]
    text = kpi_answer_text(record, "体験農園の利用者数の令和5年度の実績は？")
    assert text is not None and text.startswith("体験農園の利用者数のR5の実績値の記載はありません（集計中（10月頃））")


def test_a_target_for_a_year_the_record_lacks_is_not_answered_from_it() -> None:
    """「令和9年度の目標」 of an indicator whose only target is R12: the record does not hold it."""
    from assistant.answer.kpi_text import kpi_answer_text
    from assistant.records.models import KpiRecord, KpiValue

    record = KpiRecord(
        "k", "900_fake.txt", None, "市内の宿泊者数", "人", KpiValue("R4", "30万人", None),
        (KpiValue("R5", "32万人", None),), (KpiValue("R12", "40万人", None),), None, 1, 1,
        "○市内の宿泊者数 30万人(R4) → 40万人(R12)",
    )  # fmt: skip
    assert kpi_answer_text(record, "市内の宿泊者数、令和9年度の中間目標は？") is None
    text = kpi_answer_text(record, "市内の宿泊者数の令和12年度の目標値は？")
    assert text is not None and text.startswith("市内の宿泊者数の目標値は40万人(R12)です")
    text = kpi_answer_text(record, "市内の宿泊者数の目標値は？")
    assert text is not None and text.startswith("市内の宿泊者数の目標値は40万人(R12)です")


def test_a_budget_for_a_year_the_record_lacks_is_not_answered_from_it() -> None:
    """「令和6年度の予算額」 of a programme whose record gives R7's: the record does not hold it."""
    from assistant.answer.from_records import _programme_answer_text
    from assistant.records.models import Budget, ProgrammeRecord

    line = "川辺遊歩道整備事業 R7当初予算額 860百万円(前年度0.95倍)"
    record = ProgrammeRecord(
        "p", "900_fake.txt", "川辺遊歩道整備事業", (), "土木部", (Budget("860百万円", "令和7年度", "当初"),),
        (), (), (), (), (), None, None, 1, 1, line,
    )  # fmt: skip
    assert _programme_answer_text(record, "川辺遊歩道整備事業、R6当初の予算額は？") is None
    for question in ("令和7年度に川辺遊歩道整備事業へ付いた予算額は？", "川辺遊歩道整備事業の予算額は？"):
        text = _programme_answer_text(record, question)
        assert text is not None and "860百万円(令和7年度当初)" in text


def test_a_budget_of_the_other_kind_does_not_answer() -> None:
    """「R6の当初予算」 of a programme whose record gives R6's 補正 only: the record does not hold it."""
    from assistant.answer.from_records import _programme_answer_text
    from assistant.records.models import Budget, ProgrammeRecord

    line = "公民館耐震改修事業 R6補正予算額 7.5百万円"
    record = ProgrammeRecord(
        "p", "900_fake.txt", "公民館耐震改修事業", (), "教育部", (Budget("7.5百万円", "令和6年度", "補正"),),
        (), (), (), (), (), None, None, 1, 1, line,
    )  # fmt: skip
    assert _programme_answer_text(record, "公民館耐震改修事業のR6当初の予算は？") is None
    text = _programme_answer_text(record, "公民館耐震改修事業のR6補正の予算は？")
    assert text is not None and "7.5百万円" in text


def test_a_prose_target_is_said_in_the_documents_words() -> None:
    """「今後5年間で延べ300社」 is said as written, horizon and particle included; a table's target keeps its form."""
    from assistant.answer.kpi_text import kpi_answer_text
    from assistant.records.models import KpiRecord, KpiValue

    prose = KpiRecord(
        "k", "900_fake.txt", None, "創業支援件数", "社", None, (),
        (KpiValue(None, "延べ300社", "今後5年間"),), None, 1, 1,
        "【今後5年間で延べ300社の創業を支援することを目指す】",
    )  # fmt: skip
    text = kpi_answer_text(prose, "創業支援件数の目標は？")
    assert text is not None and text.startswith("創業支援件数の目標値は今後5年間で延べ300社です")
    dated = KpiRecord(
        "k", "900_fake.txt", None, "港の取扱貨物量", "トン", None, (),
        (KpiValue("2040年", "2倍", None),), None, 1, 1, "・2040年までに港の取扱貨物量を2倍に拡大する",
    )  # fmt: skip
    text = kpi_answer_text(dated, "港の取扱貨物量の目標は？")
    # The words between the year and the figure are more than a particle: the record's form stays.
    assert text is not None and text.startswith("港の取扱貨物量の目標値は2倍(2040年)です")
    labelled = KpiRecord(
        "k", "900_fake.txt", None, "交流人口", "人", None, (),
        (KpiValue(None, "50万人", "今後3年間", "実人数"), KpiValue(None, "120万人", "今後3年間", "延べ人数")),
        None, 1, 1, "今後3年間で実人数50万人、延べ人数120万人を目指す",
    )  # fmt: skip
    text = kpi_answer_text(labelled, "交流人口の目標は？")
    assert text is not None and text.startswith("交流人口の目標値は今後3年間で実人数50万人、延べ人数120万人です")
