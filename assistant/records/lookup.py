"""Which KPI record a question is about: shared by the records answers and the retriever's hint."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from assistant.question.rules import asks
from assistant.records.interfaces import RecordMatcher
from assistant.records.models import KpiRecord
from assistant.text.normalize import normalize
from assistant.text.tokenizer import tokenize

MIN_NAME_MATCH = 0.6  # share of the record name's words that the question must contain


def years_asked(question: str) -> list[str]:
    """Fiscal years the question names, as R-codes (令和3年 -> R3)."""
    return [t for t in tokenize(question) if re.fullmatch(r"R\d{1,2}", t)]


def choose_kpi(records: list[KpiRecord], question: str) -> KpiRecord:
    """Among records of the same indicator, the new plan's or the progress table's as asked, then the first."""
    plan = asks("kpi_plan", question)

    def score(r: KpiRecord) -> tuple:
        is_plan = any(t.year == "R11" for t in r.targets)
        return (is_plan == plan, -r.line_start)

    return max(records, key=score)


#: The measure a question counts or rates: the run of one script written right before 数, 件数, 人数 or 率
#: (「ページビュー数」「PV数」「フォロワー数」「移住相談件数」).
_MEASURE = re.compile(r"([\u30a0-\u30ffー]{2,}|[A-Za-z]{2,}|[\u4e00-\u9fff]{2,})(?:件数|人数|数|率)")


#: A KPI's own fields rate or count the indicator itself (進捗率, 達成率, 目標件数): not another measure.
_FIELD_WORDS = frozenset("進捗 達成 目標 実績 基準 増加 減少 伸び 増減 成長".split())


def other_measure(question: str, record: KpiRecord) -> bool:
    """The question counts another measure than the indicator (「…のページビュー数」 of 「…のフォロワー数」).

    The indicator's name shares the question's subject (a site, a programme) but not the word for what is
    counted: it is a near miss, not this record.
    """
    names = [normalize(n).replace(" ", "") for n in (record.indicator, *record.variants)]
    measures = [m.group(1) for m in _MEASURE.finditer(normalize(question)) if m.group(1) not in _FIELD_WORDS]
    held = set().union(*(tokenize(n) for n in names))

    def named(measure: str) -> bool:
        # A word in kana or letters is one loanword (ページビュー); kanji compounds are paraphrased word by word
        # (観光客数 for 観光入込客数): one of their words is enough.
        if not re.fullmatch(r"[\u4e00-\u9fff]+", measure):
            return any(measure in n for n in names)
        return any(len(t) >= 2 and t in held for t in tokenize(measure))

    return bool(measures) and not any(named(m) for m in measures)


def named_kpi(
    store: RecordMatcher, question: str, docs: Sequence[str] | None, idf: Mapping[str, float] | None
) -> KpiRecord | None:
    """The KPI record a question names (most fully named, then the one holding the asked year), of the measure
    the question counts."""
    matches = [
        m
        for m in store.match_kpi(question, list(docs) if docs else None, idf)
        if m.score >= MIN_NAME_MATCH and not other_measure(question, m.record)
    ]
    if not matches:
        return None
    top = matches[0]
    tied = [m.record for m in matches if m.score >= top.score - 1e-9 and m.words == top.words]
    return choose_kpi(tied, normalize(question))


def kpi_lines(
    store: RecordMatcher, question: str, docs: Sequence[str] | None, idf: Mapping[str, float] | None
) -> tuple[str, int, int] | None:
    """For a question in KPI words (評価指標, 実績値, 目標値…) naming an indicator: where its record stands.

    The retriever ranks the passage holding those lines first: the summary table the PDF scattered
    over many lines shares few words with the question, yet it is where the yearly values are.
    """
    if not asks("kpi_words", normalize(question)):
        return None
    record = named_kpi(store, question, docs, idf)
    if record is None:
        return None
    # The place that holds the yearly series (the summary table) over a row that holds one year.
    spans = [s for s in record.sources if not docs or s.doc in docs]
    if not spans:
        return record.doc, record.line_start, record.line_end
    span = max(spans, key=lambda s: (len(s.text), -s.line_start))
    return span.doc, span.line_start, span.line_end
