"""Extractive answering: score the sentences of retrieved passages and pull out the asked-for value.

No language model: the answer is built from the documents' own words, so every number in it is
in a cited sentence. What the question asks is read in `question.py`; values and names are cut
from passage text in `values.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.answer.act_dates import act_dated
from assistant.answer.label_above import value_text
from assistant.answer.passage_reach import cached, names_held, pairs, section_lead
from assistant.answer.ranking import CANDIDATE_FEATURES, PRIOR, Ranker
from assistant.answer.sentence_table import Columns, SentenceTable, StoredAnalysis, StoredVectors
from assistant.answer.value_choice import PRIOR_CHOOSER, ValueChooser
from assistant.answer.value_roles import row_value_of_role
from assistant.answer.value_words import asks_what_is_now, value_words
from assistant.answer.values import SOURCE_ASKED, counts_something_else, defines, is_target_value, value_label
from assistant.answer.written_focus import written_focus
from assistant.ingest.analysis import analyse, pairs_text, passage_tokens
from assistant.ingest.chunking import Sentence
from assistant.question.figure_role import asked_figure_role
from assistant.question.kinds import QueryIntent
from assistant.question.outlook import predicate_nouns
from assistant.question.rules import asks
from assistant.question.words import (
    INTERROGATIVE,
    asked_acts,
    asked_part,
    asks_value,
    content_tokens,
    defined_term,
    focus_tokens,
    frame_tokens,
    named_things,
    topic_tokens,
    turn_names,
)
from assistant.records.models import KpiRecord
from assistant.text.normalize import normalize
from assistant.text.tokenizer import adverbial_nouns, tokenize
from assistant.text.years import years_in
from assistant.types import Chunk, Hit

MIN_FOCUS_IDF = 2.0
MIN_ANCHOR_IDF = 5.5  # a word found in at most two passages: what the question is about


@dataclass(frozen=True)
class _ChunkAnalysis:
    sentences: list[Sentence]
    tokens: list[frozenset[str]]
    chunk_tokens: frozenset[str]
    heading_tokens: frozenset[str]
    vectors: np.ndarray | None  # one embedding per sentence (with the heading), normalised
    table: SentenceTable  # the sentences' word windows as postings (`sentence_table`)


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved passage, scored for a question."""

    hit: Hit
    sentence: Sentence
    score: float
    overlap: float  # IDF-weighted share of the question's content words in the sentence
    context: float  # the same share over the whole passage
    value: str | None  # the asked-for value found in the sentence
    focus: float  # share of the asking clause's words in this sentence and the two before it
    topic: float  # share of the question's opening subject in the same window and the heading
    anchored: bool  # the passage holds the question's rarest word (the thing it is about)
    named: bool  # the passage (or the one before or after it) names the programme or event asked about
    line_start: int  # in the document
    line_end: int
    quote: str  # the original words, verbatim
    features: tuple[float, ...] = ()  # its `CANDIDATE_FEATURES`, in that order


@dataclass(frozen=True)
class _Passage:
    """A retrieved passage's analysis and what the scorer measures of it as a whole, for one question."""

    hit: Hit
    info: _ChunkAnalysis
    context: float
    anchored: bool
    named: bool
    carried: frozenset[str]  # the previous passage's words, when this one never names the subject
    sims: np.ndarray  # cosine of each sentence and the question (zeros without a model)
    quoted_in_chunk: bool


class SentenceScorer:
    """Scores sentences of retrieved passages against a question (IDF-weighted word overlap)."""

    def __init__(
        self,
        idf: dict[str, float],
        doc_numbered: dict[str, bool],
        embed: Callable[[list[str]], np.ndarray] | None = None,
        neighbours: Callable[[Chunk], Sequence[Chunk]] | None = None,
        ranker: Ranker | None = None,
        values: ValueChooser | None = None,
    ):
        self.idf = idf
        # The passages before and after one in its document: a slide's subject may sit one passage up.
        self.neighbours = neighbours
        self._chunk_tokens: dict[str, frozenset[str]] = {}
        self._chunk_pairs: dict[str, frozenset[str]] = {}
        self.doc_numbered = doc_numbered
        # Paraphrased questions share few words with their answer; the embedding model bridges them.
        self.embed = embed
        self.use_semantic = embed is not None
        # How candidates are scored: the fitted model of the build, or the hand-set prior.
        self.ranker = ranker or PRIOR
        # Which of a sentence's values is the answer: the fitted chooser of the build, or `find_value`.
        self.values = values or PRIOR_CHOOSER
        self._analyses: dict[str, _ChunkAnalysis] = {}
        self.stored_vectors: StoredVectors | None = None  # the retriever's vectors of the same sentences
        self.stored_analysis: StoredAnalysis | None = None  # the build's analyses of the passages
        self.kpi_rows: Sequence[KpiRecord] = ()  # the KPI records, whose roles say which of a row's figures answers
        self._default_idf = max(idf.values(), default=1.0)

    def weight(self, tokens: set[str]) -> float:
        return sum(self.idf.get(t, self._default_idf) for t in tokens)

    def chunk_tokens(self, chunk: Chunk) -> frozenset[str]:
        def make() -> frozenset[str]:
            stored = self.stored_analysis(chunk.chunk_id) if self.stored_analysis else None
            return stored.chunk_tokens if stored is not None else passage_tokens(chunk)

        return cached(self._chunk_tokens, chunk.chunk_id, make)

    def names_in_reach(self, chunk: Chunk, names: Sequence[str]) -> bool:
        """Whether the passage or its neighbours name each of ``names`` (most of its characters)."""
        if not names:
            return True
        near = [chunk, *(self.neighbours(chunk) if self.neighbours else ()), *section_lead(chunk, self.previous)]
        have = set().union(*(self.chunk_pairs(c) for c in near))
        return names_held(names, have)

    def chunk_pairs(self, chunk: Chunk) -> frozenset[str]:
        """Character pairs of a passage (heading included, spaces and の dropped), computed once."""

        def make() -> frozenset[str]:
            stored = self.stored_analysis(chunk.chunk_id) if self.stored_analysis else None
            return frozenset(pairs(stored.pairs_text if stored is not None else pairs_text(chunk)))

        return cached(self._chunk_pairs, chunk.chunk_id, make)

    def previous(self, chunk: Chunk) -> Chunk | None:
        before = [n for n in (self.neighbours(chunk) if self.neighbours else ()) if n.line_start < chunk.line_start]
        return before[0] if before else None

    def near_passages_hold(self, chunk: Chunk, token: str) -> bool:
        """Whether ``token`` is in the passage or in the ones next to it in its document."""
        if token in self.chunk_tokens(chunk):
            return True
        return any(token in self.chunk_tokens(n) for n in (self.neighbours(chunk) if self.neighbours else ()))

    def analysis(self, chunk: Chunk) -> _ChunkAnalysis:
        """Sentences of a passage with their tokens and embeddings, computed once per passage."""
        return cached(self._analyses, chunk.chunk_id, lambda: self._analyse(chunk))

    def _analyse(self, chunk: Chunk) -> _ChunkAnalysis:
        """The analysis `analysis` keeps: the stored one, or computed (embedded when the build stored no vectors)."""
        text = self.stored_analysis(chunk.chunk_id) if self.stored_analysis else None
        if text is None:
            text = analyse(chunk, self.doc_numbered.get(chunk.doc, False))
        sentences, tokens = list(text.sentences), list(text.tokens)
        vectors = None
        if self.use_semantic and sentences:
            vectors = self.stored_vectors(chunk.chunk_id, len(sentences)) if self.stored_vectors else None
            if vectors is None:
                vectors = self.embed([f"{chunk.heading} {s.clean}" for s in sentences])
        return _ChunkAnalysis(
            sentences,
            tokens,
            self.chunk_tokens(chunk),
            text.heading_tokens,
            vectors,
            SentenceTable.build(sentences, tokens),
        )

    def _passage(self, hit, quoted, anchor, names, topic, q, q_weight, q_vector) -> _Passage:
        chunk = hit.chunk
        info = self.analysis(chunk)
        # A passage that never names its subject continues the one before it (a slide cut in two).
        carried: frozenset[str] = frozenset()
        if topic and not topic & info.chunk_tokens:
            carried = self.chunk_tokens(prev) if (prev := self.previous(chunk)) is not None else frozenset()
        if q_vector is not None and info.vectors is not None:
            sims = np.asarray(info.vectors @ q_vector, dtype=np.float64)
        else:
            sims = np.zeros(len(info.sentences))
        return _Passage(
            hit=hit,
            info=info,
            context=self.weight(q & info.chunk_tokens) / q_weight,
            anchored=anchor is None or self.near_passages_hold(chunk, anchor),
            named=self.names_in_reach(chunk, names),
            carried=carried,
            sims=sims,
            quoted_in_chunk=any(qt in chunk.search_text for qt in quoted),
        )

    def candidates(
        self, question: str, intent: QueryIntent, hits: Sequence[Hit], asked: str | None = None
    ) -> list[Candidate]:
        """Scored answer sentences of ``hits``; ``asked`` is a follow-up turn as typed (its clause is the focus)."""
        q = content_tokens(question)
        q_weight = self.weight(q) or 1.0
        wants_value = bool(asks_value(intent))
        quoted = [normalize(m) for m in re.findall(r"「([^「」]{2,30})」", question)]
        # Words found in many passages (開催, 予定, 手) say nothing about what was asked.
        # A follow-up's searched text carries its subject; the clause that asks is the turn's own.
        focus = {t for t in focus_tokens(asked or question) if self.idf.get(t, self._default_idf) >= MIN_FOCUS_IDF}
        focus = written_focus(focus, self.idf)
        if len(focus) < 2 and not asks("name", intent.text):
            # One word beside a value (「開催」「予定」) is too little to judge by; beside a name it is
            # what is named (「…という名前の学校」).
            focus = set()
        focus_weight = self.weight(focus) or 1.0
        topic = topic_tokens(question)
        topic_weight = self.weight(topic) or 1.0
        # The question's rarest word that the corpus knows: a passage without it is about something else.
        # Nouns only: a rare verb (配る, 付く) is phrasing, not the thing asked about.
        # A noun said as an adverb (「毎年どれほど」「当日何人」) is when, not what: it anchors nothing.
        nouns = set(tokenize(question, nouns_only=True)) - frame_tokens() - adverbial_nouns(question)
        # The predicate's outlook word (「…に減る見込み」) is how the value is held, not what it is about.
        nouns -= predicate_nouns(question)
        # One-character nouns are mostly affixes (旧, 各, 新): too little to name a subject.
        known = [t for t in nouns if t in self.idf and len(t) >= 2 and not any(ch.isdigit() for ch in t)]
        anchor = max(sorted(known), key=lambda t: self.idf[t]) if known else None  # sorted: ties the same every run
        if anchor is not None and self.idf[anchor] < MIN_ANCHOR_IDF:
            anchor = None
        asks_name = asks("name", intent.text)
        defined = defined_term(question)
        acts = asked_acts(question)
        # A question in words has a clause that asks; a keyword query (「…相談会 事業者」) has none.
        asks_in_words = bool(INTERROGATIVE.search(intent.text))
        names = turn_names(named_things(question), asked)
        asks_now = asks_what_is_now(intent)
        # The role asked of a progress-table row's figure (現在 → the latest actual, 当初 → the baseline).
        role_rows = self.kpi_rows if self.kpi_rows and asked_figure_role(intent.text) else ()
        q_vector = self.embed([question])[0] if self.use_semantic else None
        # Numbers the question names (「1次公募」「2021年」) pick out one row among similar ones.
        q_numbers = {t for t in q if any(ch.isdigit() for ch in t)}
        q_years = years_in(question)
        near_words = value_words(question, intent, asked)
        asks_source = bool(SOURCE_ASKED.search(question))
        passages = [self._passage(hit, quoted, anchor, names, topic, q, q_weight, q_vector) for hit in hits]
        cols = Columns([p.info.table for p in passages])
        if not cols.n:
            return []
        ordered = [(t, self.idf.get(t, self._default_idf)) for t in q]  # summed in the set's order
        overlap = cols.weight("own", ordered) / q_weight
        near_overlap = cols.weight("wide", ordered) / q_weight
        if focus:
            words = [(t, self.idf.get(t, self._default_idf)) for t in focus]
            focus_share = cols.focus(words, next_too=asks_name) / focus_weight
        else:
            focus_share = np.ones(cols.n)
        if topic:
            words = [(t, self.idf.get(t, self._default_idf)) for t in topic]
            topic_share = cols.weight("local", words, [p.info.heading_tokens | p.carried for p in passages])
            topic_share = topic_share / topic_weight
        else:
            topic_share = np.ones(cols.n)
        numbers_hit = cols.any_of("local", q_numbers)
        source_line = cols.flag("source_line")
        # Per sentence, in the passages' order: the value, and the features only a loop over the text gives.
        values: list[str | None] = []
        now = np.zeros(cols.n, dtype=bool)
        field_label = np.zeros(cols.n, dtype=bool)
        defines_it = np.zeros(cols.n, dtype=bool)
        quoted_near = np.zeros(cols.n, dtype=bool)
        year_hit = np.zeros(cols.n, dtype=bool)
        looks_for_value = wants_value or intent.wants("place")
        part = asked_part(intent.text) if looks_for_value else None  # a part of a whole asked (「そのうち…は何人」)
        for p, passage in enumerate(passages):
            table, at = passage.info.table, int(cols.offsets[p])
            lines = [s.clean for s in passage.info.sentences] if part else []
            for k, sent in enumerate(passage.info.sentences):
                # A bare value line is read with the label above it that names the part asked (`label_above`).
                read = value_text(lines, k, intent.text) if part else sent.clean
                value = self.values.choose(read, intent, near_words, self.weight) if looks_for_value else None
                if read != sent.clean and value is not None and value not in sent.clean:
                    value = None  # read across the join: the value must be the line's own
                if value and role_rows:
                    value = row_value_of_role(intent.text, value, sent.clean, role_rows) or value
                if value and asks_now and table.says_now[k]:
                    now[at + k] = True
                if table.source_line[k] and not asks_source:
                    value = None  # 「出典:…より作成」 names sources: it answers only a question about the source
                elif value:
                    if counts_something_else(sent.clean, value, acts):
                        value = None  # 「約3,000人の応募」 does not say how many were hired
                    if value and asks_now and is_target_value(sent.clean, value):
                        value = None  # 「今後10年間で1,000万人を目指す」 does not say how many there are now
                values.append(value)
                if defined and defines(sent.clean, defined):
                    defines_it[at + k] = True
            for k in table.labelled:
                # 「事業者:空知中央バス…」「全国平均:0.86」「【想定される経費】 高速道路料金」: a slide
                # field named by the question's words.
                field_label[at + k] = table.labels[k] <= q
            if quoted:
                for k, text in enumerate(table.spaced):
                    quoted_near[at + k] = any(qt in text for qt in quoted)
            if q_years:
                heading = passage.hit.chunk.heading
                for k, text in enumerate(table.spaced):
                    year_hit[at + k] = q_years <= years_in(f"{heading} {text}")
        found = np.array([bool(v) for v in values], dtype=bool)
        texts = [s.clean for p in passages for s in p.info.sentences]
        context = cols.per_passage([p.context for p in passages])
        if focus and asks("date", intent.text):  # a date the asked act follows (`act_dates`)
            focus_share = act_dated(focus_share, asked or question, zip(context.tolist(), texts, values, strict=True))
        # Which thing the value counts: 「人口4千人」 does not answer 「利用者は何人」 as 「利用者数は約180名」 does.
        label_words = focus or q
        label_weight = self.weight(label_words) or 1.0
        value_label_share = np.array(
            [
                self.weight(set(tokenize(value_label(t, v))) & label_words) / label_weight if v else 0.0
                for t, v in zip(texts, values, strict=True)
            ]
        )
        quoted_in_chunk = cols.per_passage([p.quoted_in_chunk for p in passages]) > 0
        x = {
            "overlap": overlap,
            "near_overlap": near_overlap,
            "context": context,
            "inv_rank": cols.per_passage([1.0 / p.hit.rank for p in passages]),
            "hit_score": cols.per_passage([float(p.hit.score) for p in passages]),
            "semantic": np.concatenate([p.sims for p in passages]),
            "focus": focus_share if focus and asks_in_words else np.zeros(cols.n),
            "topic": topic_share,
            "anchored": cols.per_passage([p.anchored for p in passages]),
            "named": cols.per_passage([p.named for p in passages]),
            "value_found": found & wants_value,
            "value_missing": ~found & wants_value,
            "now": now,
            "field_label": field_label,
            "defines": defines_it,
            "short": cols.flag("short"),
            "source_line": source_line,
            "numbers_hit": numbers_hit,
            "numbers_miss": ~numbers_hit & bool(q_numbers),
            "quoted_near": quoted_near,
            "quoted_absent": ~quoted_near & ~quoted_in_chunk & bool(quoted),
            "year_hit": year_hit,
            "year_miss": ~year_hit & bool(q_years),
            "value_label": value_label_share,
        }
        matrix = np.column_stack([np.asarray(x[f], dtype=np.float64) for f in CANDIDATE_FEATURES])
        scores = self.ranker.scores(matrix).tolist()
        rows = matrix.tolist()
        near_list, focus_list, topic_list = near_overlap.tolist(), focus_share.tolist(), topic_share.tolist()
        out: list[Candidate] = []
        i = 0
        for passage in passages:
            chunk = passage.hit.chunk
            for sent in passage.info.sentences:
                out.append(
                    Candidate(
                        hit=passage.hit,
                        sentence=sent,
                        score=scores[i],
                        overlap=near_list[i],
                        context=passage.context,
                        value=values[i],
                        focus=focus_list[i],
                        topic=topic_list[i],
                        anchored=passage.anchored,
                        named=passage.named,
                        line_start=sent.line_start,
                        line_end=sent.line_end,
                        quote=chunk.text[sent.start : sent.end],
                        features=tuple(rows[i]),
                    )
                )
                i += 1
        out.sort(key=lambda c: -c.score)
        return out
