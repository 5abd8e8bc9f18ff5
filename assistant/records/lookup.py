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


#: The shortest tail of a project's name that names it (「日胆地域活性化プロジェクト」 of 「アイヌ文化等の地域資源を
#: 活かした日胆地域活性化プロジェクト」): a slide writes the modifier on a line of its own, a question often leaves it
#: out. At least this many characters, and this share of the whole name.
MIN_PROJECT_TAIL = 8
MIN_PROJECT_SHARE = 0.4


#: Where the words modifying a name named in a question start: after a bracket, a comma, a space or a topic.
_MODIFIER_START = re.compile(r".*[、。,「」『』()（）\s]|.*(?:は|が|を|で)")


def project_tail_named(project: str, question: str) -> int:
    """How long a tail of ``project``'s name the compact ``question`` writes (0: none long enough, or one the question
    gives a modifier of its own: 「十勝の産業振興プロジェクト」 is not 「一次産業の…産業振興プロジェクト」)."""
    name = re.sub(r"\s", "", normalize(project))
    least = max(MIN_PROJECT_TAIL, int(len(name) * MIN_PROJECT_SHARE + 0.999))
    held = set(tokenize(name))
    for start in range(0, len(name) - least + 1):
        at = question.find(name[start:])
        if at < 0:
            continue
        before = question[:at]
        m = _MODIFIER_START.match(before)
        modifier = before[m.end() :] if m else before
        own = {t for t in tokenize(modifier, nouns_only=True) if len(t) >= 2 or re.match(r"[\u4e00-\u9fff]", t)}
        return len(name) - start if own <= held else 0
    return 0


def project_kpi(
    rows: Sequence[KpiRecord], question: str, docs: Sequence[str] | None = None, turn: str = ""
) -> KpiRecord | None:
    """The one KPI record of the project a question names by name (「日胆地域活性化プロジェクトのKPIは？」), or None.

    None too when the named project has several indicators, or two projects are named as fully.

    A follow-up's ``turn`` naming a word of another project's name and not of this one (「ジオパークのほうは？」 after
    the 日胆 project) asks about that one: None too."""
    q = re.sub(r"\s", "", normalize(question))
    named = [
        (n, r) for r in rows if r.project and (not docs or r.doc in docs) and (n := project_tail_named(r.project, q))
    ]
    if not named:
        return None
    longest = max(n for n, _ in named)
    found = [r for n, r in named if n == longest]
    if len(found) != 1:
        return None
    own = {t for t in tokenize(turn) if len(t) >= 2} - set(tokenize(found[0].project or ""))
    if any(own & set(tokenize(r.project)) for r in rows if r.project and r.project != found[0].project):
        return None
    return found[0]
