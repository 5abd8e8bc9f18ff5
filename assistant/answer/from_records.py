"""Answers from the structured KPI and programme records, citing the lines they were read from.

「移住相談件数の進捗率は90.0％です（基準値120件(R1)、実績値180件(R5)、目標値200件(R7)）[1]」
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from assistant.answer.citations import make_citation
from assistant.answer.kpi_text import kpi_answer
from assistant.answer.limits import MAX_ANSWER_CHARS
from assistant.answer.programme_text import ASKED_ONLY, budget_text, rate_of_costs, rates_text, run_fields, term
from assistant.answer.record_form import record_answers_form
from assistant.answer.values import strip_markers, window
from assistant.question.kinds import QueryIntent
from assistant.question.rules import asks
from assistant.question.words import asked_part
from assistant.records.interfaces import RecordMatcher
from assistant.records.lookup import MIN_NAME_MATCH, named_kpi, years_asked
from assistant.records.models import Cap, KpiRecord, ProgrammeRecord, Rate, RecordMatch, SourceSpan
from assistant.retrieval.interfaces import DocumentCatalog, PassageLookup, Passages
from assistant.text.names import writes_a_name
from assistant.text.normalize import compact, normalize
from assistant.types import Answer, Citation, Hit

#: How a programme's part is named after what it supports: 「人材育成への支援」 is 「人材育成」's part.
_SUPPORT_TAIL = re.compile(r"(?:への|に対する|の)?支援$")


def names_part(part: str, text: str) -> bool:
    """Whether compact ``text`` names a part: whole, or by what it supports (「人材育成のほうは？」)."""
    head = _SUPPORT_TAIL.sub("", compact(part))
    return compact(part) in text or (len(head) >= 2 and head != compact(part) and head in text)


def _named_part(r: ProgrammeRecord, query: str, question: str = "") -> ProgrammeRecord:
    """The part of a programme the question names (「…の人材育成への支援」 of 「P（人材育成への支援）」): its own
    applicants, costs, rates and caps, read from the source that section was read from; else the whole.

    A part the turn itself names comes before one the conversation carries (the part discussed before)."""
    found = (re.fullmatch(rf"{re.escape(r.name)}[（(](?P<part>.+)[）)]", v) for v in r.variants)
    parts = [m["part"] for m in found if m]
    asked = [p for p in parts if names_part(p, compact(question))]
    for named in asked or parts:
        if not names_part(named, compact(query)):
            continue
        part = compact(named)
        span = next((s for s in r.sources if part in compact(s.text)), None)
        if span is None:
            continue
        text = compact(span.text)
        return replace(
            r,
            eligible=tuple(e for e in r.eligible if compact(e) in text),
            covered_costs=tuple(c for c in r.covered_costs if compact(c) in text),
            rates=tuple(x for x in r.rates if x.condition and compact(x.condition) == part) or r.rates,
            caps=tuple(x for x in r.caps if x.condition and compact(x.condition) == part) or r.caps,
        )
    return r


def _named_terms(terms: tuple, question: str) -> tuple:
    """The rates (or caps) whose condition the question names (「人材育成への支援の支援額」), else all of them."""
    q = compact(question)
    named = tuple(t for t in terms if t.condition and names_part(t.condition, q))
    return named or terms


def _programme_answer_text(
    r: ProgrammeRecord, question: str, docs: Sequence[str] | None = None, query: str | None = None
) -> str | None:
    """The programme's facts, those the question asks for first; None if the record lacks them.

    ``query`` is the question with what the conversation carries over (the part of the programme asked about).
    """
    q = normalize(question)
    r = _named_part(r, normalize(query or question), q)
    amounts = [b for b in r.budgets if b.amount]
    years = set(years_asked(q))
    if years and asks("programme_budget", q):
        # 「令和2年度当初予算額」 of a programme whose record gives R3's: only the asked years' budgets count.
        amounts = [b for b in amounts if years & set(years_asked(normalize(b.fiscal_year or "")))]
    if asks("programme_budget", q):
        # 「当初予算」 is not a 補正 line, nor the reverse: a budget of the other kind does not answer.
        kinds = [k for k in ("当初", "補正") if k in q]
        amounts = [b for b in amounts if not kinds or not b.kind or any(k in b.kind for k in kinds)]
    budget = ["予算額" + "、".join(budget_text(b) for b in amounts)] if amounts else []
    costs = r.covered_costs
    rates, caps = _named_terms(r.rates, q), _named_terms(r.caps, q)
    fields = [  # (asked?, present?, text)
        (
            asks("programme_rate", q),
            bool(rates),
            rates_text([term(rate_of_costs(x.rate, r.sources), x.condition) for x in rates]),
        ),
        (asks("programme_cap", q), bool(caps), "、".join(term(x.cap, x.condition) for x in caps)),
        (asks("programme_budget", q), bool(budget), "、".join(budget)),
        (
            asks("programme_eligible", q),
            bool(r.eligible),
            "支援対象: " + "、".join(r.eligible),
        ),
        (
            # 「経費のどれだけ」 asks for a rate, not for what the costs are.
            asks("programme_costs", q) and not asks("cost_share", q),
            bool(costs),
            "対象経費: " + "、".join(costs),
        ),
        *run_fields(r, q),
    ]
    fields = [(wanted, present, _clip(text)) for wanted, present, text in fields]
    asked = [(present, text) for wanted, present, text in fields if wanted]
    # The record must hold what was asked; otherwise the passages may say more (or nothing).
    if not asked or not all(present for present, _ in asked):
        return None
    # Costs, period and ministry are said only when asked: they carry no figure the citation must back.
    rest = [text for wanted, present, text in fields if present and not wanted and not text.startswith(ASKED_ONLY)]
    # Only facts whose figures the quoted lines hold: the citation must back every number stated.
    said = " ".join(text for _, text in asked)
    span = best_span(r, said, docs)
    q_start, q_end = _quote_lines(span, said)
    quoted = normalize("".join(span.text.split("\n")[q_start - span.line_start : q_end - span.line_start + 1]))
    held = _figures(quoted)
    rest = [t for t in rest if _figures(t) <= held]
    return f"{r.name}: " + "、".join([text for _, text in asked] + rest) + " [1]"


MAX_FIELD_CHARS = 90


def _clip(text: str) -> str:
    """A field cut to a readable length; the citation holds the rest."""
    return text if len(text) <= MAX_FIELD_CHARS else text[: MAX_FIELD_CHARS - 1] + "…"


# Figures worth matching: fractions, decimals, grouped or multi-digit numbers (not bullets' 1, 2).
_FIGURE = re.compile(r"\d+\s?/\s?\d+|\d[\d,]*\.\d+|\d{1,3}(?:,\d{3})+|\d{2,}|定額")
MAX_QUOTE_LINES = 12


def _figures(text: str) -> set[str]:
    """The figures a text states, spaces and thousands separators removed (1,000 == 1000)."""
    return {re.sub(r"[\s,]", "", f) for f in _FIGURE.findall(normalize(text))}


def best_span(record: KpiRecord | ProgrammeRecord, answer_text: str, docs: Sequence[str] | None) -> SourceSpan:
    """The place the record was read from that holds most of what the answer states (in ``docs``).

    Figures first (a KPI merged from a project page's row, R6 only, and the summary table, R3..R6, is cited
    at the table when the answer gives the series), then the answer's words (the section of a programme
    whose applicants and costs it lists); the first place wins ties.
    """
    spans = list(record.sources) or [SourceSpan(record.doc, record.line_start, record.line_end, record.source_text)]
    allowed = [s for s in spans if not docs or s.doc in docs] or spans
    figures = _figures(answer_text)
    pieces = [compact(p) for p in re.split(r"[、,:：\s]", strip_markers(answer_text)) if len(compact(p)) >= 4]

    def held(s: SourceSpan) -> tuple[int, int, int]:
        text = compact(s.text)
        return len(figures & _figures(s.text)), sum(p in text for p in pieces), -allowed.index(s)

    return max(allowed, key=held)


def _quote_lines(span: SourceSpan, answer_text: str) -> tuple[int, int]:
    """The span's lines that hold the figures the answer states (at most ``MAX_QUOTE_LINES``)."""
    figures = _figures(answer_text)
    lines = span.text.split("\n")
    found = {i: len(figures & _figures(line)) for i, line in enumerate(lines)}
    hits = [i for i, n in found.items() if n]
    if not hits:
        return span.line_start, span.line_end
    # The window of at most MAX_QUOTE_LINES lines holding the most stated figures.
    best = max(
        ((a, max(h for h in hits if a <= h < a + MAX_QUOTE_LINES)) for a in hits),
        key=lambda w: (sum(found[h] for h in hits if w[0] <= h <= w[1]), -(w[1] - w[0])),
    )
    first = 0 if best[1] < MAX_QUOTE_LINES else best[0]  # keep the name line when it fits
    return span.line_start + first, span.line_start + best[1]


@dataclass(frozen=True)
class RecordSources:
    """What a records answer reads: the records, the passages that cite them, and the term weights."""

    records: RecordMatcher
    passages: Passages
    lookup: PassageLookup
    catalog: DocumentCatalog
    idf: Mapping[str, float]


def _citation_for(answerer: RecordSources, span: SourceSpan, answer_text: str, n: int = 1) -> Citation:
    """Cite the span's lines that hold the stated figures, inside the passage that holds them."""
    q_start, q_end = _quote_lines(span, answer_text)
    best, best_overlap = None, -1
    for position in answerer.lookup.in_lines(span.doc, q_start, q_end):
        chunk = answerer.passages.at(position)
        overlap = min(chunk.line_end, q_end) - max(chunk.line_start, q_start)
        if overlap > best_overlap:
            best, best_overlap = chunk, overlap
    assert best is not None
    lines = span.text.split("\n")
    quote = "\n".join(lines[q_start - span.line_start : q_end - span.line_start + 1])
    return make_citation(answerer.catalog, n, Hit(best, 1.0, rank=1), quote, q_start, q_end)


@dataclass(frozen=True)
class RecordAnswer:
    """An answer read from a record, and the record's names (what the answer says it is about)."""

    answer: Answer
    names: str  # the indicator or programme name with its variants
    context: str  # … with the project or ministry it belongs to
    #: The question as asked (resolved, not the carried query) writes the record's name or a variant whole (a gate feature).
    named_whole: bool = False
    #: The record states every field asked, each of several values with its condition. False: not stated, or a
    #: field not checked (a programme's period or ministry); a KPI record and a block state the one field they read.
    complete: bool = False


def names_record(record: KpiRecord | ProgrammeRecord, query: str) -> bool:
    """Whether ``query`` writes the record's name or one of its variants whole (at least 4 characters)."""
    first = record.indicator if isinstance(record, KpiRecord) else record.name
    return writes_a_name((first, *record.variants), query)


def _conditioned(terms: tuple[Rate, ...] | tuple[Cap, ...]) -> bool:
    """One value, or several that each say when they apply (「1/2（…を満たす主体）」「2/3（…）」)."""
    return len(terms) <= 1 or all(t.condition for t in terms)


def states_completely(r: ProgrammeRecord, question: str, query: str) -> bool:
    """Whether the record states each programme field the question asks, each of several values with its condition."""
    # Several rates without their conditions leave the reader to guess which applies; with them the answer is whole.
    q = normalize(question)
    r = _named_part(r, normalize(query or question), q)
    checks = (
        (asks("programme_rate", q), bool(r.rates) and _conditioned(_named_terms(r.rates, q))),
        (asks("programme_cap", q), bool(r.caps) and _conditioned(_named_terms(r.caps, q))),
        (asks("programme_eligible", q), bool(r.eligible)),
        (asks("programme_budget", q), any(b.amount for b in r.budgets)),
    )
    asked = [ok for wanted, ok in checks if wanted]
    return bool(asked) and all(asked)


def _names(record: KpiRecord | ProgrammeRecord) -> tuple[str, str]:
    if isinstance(record, KpiRecord):
        names = " ".join([record.indicator, *record.variants])
        return names, f"{names} {record.project or ''}"
    names = " ".join([record.name, *record.variants])
    return names, f"{names} {record.ministry or ''}"


def answering_programme(
    matches: Sequence[RecordMatch], question: str, docs: Sequence[str] | None, query: str
) -> tuple[ProgrammeRecord, str | None]:
    """The named programme whose record answers the question, and its answer text (None: none answers).

    When the best-named record holds nothing asked, another naming as many of the question's words may:
    a plan's measure 「…リ・デザインの全面展開」 shares a scheme's words 「令和8年度…リ・デザイン全面展開
    プロジェクト」 (named less fully only by the words the question leaves out) but states no rate. So may the
    programme whose block the best-named was read in: 「Xの広域連携計画を策定する調査費の補助」 names a plan that
    X事業's block mentions, and X事業 holds the subsidy.
    """
    top = matches[0]
    for m in matches:
        if not isinstance(m.record, ProgrammeRecord):
            continue
        if m.words < top.words and not (isinstance(top.record, ProgrammeRecord) and m.record.encloses(top.record)):
            continue
        if (text := _programme_answer_text(m.record, question, docs, query)) is not None:
            return m.record, text
    assert isinstance(top.record, ProgrammeRecord)
    return top.record, None


#: The rules by which a question asks a field a programme record holds: its terms, when it runs, who runs it.
_PROGRAMME_ASKS = ("programme_terms", "programme_period", "programme_ministry")


def answer_from_records(
    answerer: RecordSources,
    question: str,
    query: str,
    intent: QueryIntent,
    hits: Sequence[Hit],
    docs: Sequence[str] | None,
    latest: str | None = None,
) -> RecordAnswer | None:
    """A records-based answer when the question names a KPI or programme and asks what they hold.

    ``latest``: a follow-up's own words with the item the conversation discussed last (`Resolution.latest`). A KPI
    the turn names wins, then one they name, then one only the carried query names: after 「AのKPI、基準値は？」「Bは？」
    the query writes both, and 「R7は？」 asks B's. (Not a programme: the item discussed is often one of its parts, 「人材育成への支援」, which
    another programme's name may share.)"""
    store = answerer.records
    idf = dict(answerer.idf)
    doc_list = list(docs) if docs else None
    text, record, kind = None, None, intent.answer_kind
    not_stated, said = False, None  # said: a KPI record's answer (None when a programme answers)
    asks_number = any(intent.wants(k) for k in ("count", "percent", "quantity", "amount"))
    if asks("kpi_words", intent.text) or intent.answer_kind == "kpi" or asks_number:
        named = next(
            (r for q in dict.fromkeys((question, latest, query)) if q and (r := named_kpi(store, q, doc_list, idf))),
            None,
        )
        # Comparisons (何倍, 比べて, 増えた) are stated in prose, not in the record's fields.
        if named is not None and not asks("comparison", intent.text):
            record = named
            # Without KPI words, only a specific field (進捗率, 目標値, an actual year) answers a number question.
            said = kpi_answer(record, question, summary_ok=asks("kpi_words", intent.text))
            text, not_stated = (said.text, said.not_stated) if said is not None else (None, False)
            kind = "kpi"
    if text is None and any(asks(k, intent.text) for k in _PROGRAMME_ASKS):
        matches = [m for m in store.match_programme(query, doc_list, idf) if m.score >= MIN_NAME_MATCH]
        if matches:
            record, text = answering_programme(matches, question, doc_list, query)
            if kind == "general":
                kind = "programme"
    if text is None or record is None:
        return None
    if not not_stated and not record_answers_form(intent, text):
        return None  # a figure does not say why, nor when, nor over another span: the passages may
    part = asked_part(intent.text)
    if part and part not in compact(_names(record)[0]):
        # A part of a whole is asked (「宿泊者数のうち、県外客は」) and the record is the whole: it does not hold it.
        return None
    citation = _citation_for(answerer, best_span(record, text, doc_list), text)
    if isinstance(record, ProgrammeRecord):
        text = _with_source_words(text, citation.quote)
    if not_stated:
        # No figure to give: an abstention that says why, with the row beside it (not cited as an answer).
        answer = Answer(
            id=uuid.uuid4().hex,
            question=question,
            answer=text.replace(" [1]", "。", 1),
            abstained=True,
            kind=kind,
            citations=[],
            related=[citation],
            source="records",
            abstained_by="evidence",
        )
        return RecordAnswer(answer, *_names(record))
    whole = names_record(record, question)
    # A KPI record's answer (`said`) states the one field asked (or only its summary); a programme's, each value asked.
    complete = said.states_asked if said is not None else states_completely(record, question, query)
    answer = Answer(
        id=uuid.uuid4().hex,
        question=question,
        answer=text,
        abstained=False,
        kind=kind,
        citations=[citation],
        related=[],
        source="records",
    )
    return RecordAnswer(answer, *_names(record), named_whole=whole, complete=complete)


def _with_source_words(text: str, quote: str) -> str:
    """The answer followed by the cited lines as written (「定額（上限500万円）」), as far as they fit.

    The record's fields are read out of broken tables; the document's own words let an official
    check them at a glance.
    """
    words = re.sub(r"\s+", " ", normalize(quote)).strip()
    room = MAX_ANSWER_CHARS - len(text) - 4
    if not words or room < 20 or compact(words) == compact(text):
        return text
    if len(words) > room:
        # Centred on the longest figure the answer states, as the document writes it (1,000 / 1000).
        figures = sorted(_figures(text), key=len, reverse=True)
        found = next((m for f in figures if (m := re.search(r"[,\s]?".join(map(re.escape, f)), words))), None)
        words = window(words, found.group(0) if found else None, room)
    return f"{text}（{words}）"
