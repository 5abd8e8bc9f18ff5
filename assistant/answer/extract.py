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

from assistant.answer.ranking import CANDIDATE_FEATURES, PRIOR, Ranker
from assistant.answer.value_choice import PRIOR_CHOOSER, ValueChooser
from assistant.answer.values import (
    BRACKET_LABEL,
    FIELD_LABEL,
    NOW_WORDS,
    SOURCE_LINE,
    counts_something_else,
    defines,
    is_target_value,
)
from assistant.ingest.chunking import Sentence, split_sentences
from assistant.question.kinds import QueryIntent
from assistant.question.rules import asks
from assistant.question.words import (
    INTERROGATIVE,
    asked_acts,
    asks_value,
    content_tokens,
    defined_term,
    focus_tokens,
    frame_tokens,
    named_things,
    topic_tokens,
)
from assistant.text.normalize import normalize
from assistant.text.tokenizer import tokenize
from assistant.text.years import years_in
from assistant.types import Chunk, Hit

MIN_FOCUS_IDF = 2.0


MIN_ANCHOR_IDF = 5.5  # a word found in at most two passages: what the question is about


MAX_CACHED_PASSAGES = 20000  # sentence analyses kept per engine (a bound for very large corpora)


MIN_NAME_SHARE = 0.7  # share of a named thing's character pairs that its passage must hold


def _names_another(sentence: str, names: Sequence[str]) -> bool:
    """Whether ``sentence`` (or a table row) is about a programme or event other than the one(s) named."""
    own = named_things(sentence, min_len=5)  # 「地域未来交付金」: in a passage, shorter names count too
    if not own and sentence.count("|") < 2:
        return False  # a table row is one programme's record: it must name the one asked about
    text = re.sub(r"\s+|の", "", normalize(sentence))
    # In one sentence the name must stand in one piece (most of it): pairs scattered over a table
    # row (「地方創生 | 地域未来交付金」) are not 「新地方創生交付金」.
    return not all(_longest_common(n, text) >= MIN_NAME_SHARE * len(n) for n in names)


def _longest_common(a: str, b: str) -> int:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


@dataclass(frozen=True)
class _ChunkAnalysis:
    sentences: list[Sentence]
    tokens: list[frozenset[str]]
    chunk_tokens: frozenset[str]
    heading_tokens: frozenset[str]
    vectors: np.ndarray | None  # one embedding per sentence (with the heading), normalised


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


def asks_what_is_now(intent: QueryIntent) -> bool:
    """「現在何人が登録」 asks what is, not what is aimed at."""
    return asks("now", intent.text) and not asks("target_words", intent.text)


def value_words(question: str, intent: QueryIntent) -> set[str]:
    """The words a value's neighbourhood is matched against (「今どのくらい」: 現在 too, for 33% then, 82% now)."""
    q = content_tokens(question)
    return q | NOW_WORDS if asks_what_is_now(intent) else q


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
        self._default_idf = max(idf.values(), default=1.0)

    def weight(self, tokens: set[str]) -> float:
        return sum(self.idf.get(t, self._default_idf) for t in tokens)

    def chunk_tokens(self, chunk: Chunk) -> frozenset[str]:
        found = self._chunk_tokens.get(chunk.chunk_id)
        if found is None:
            found = frozenset(tokenize(f"{chunk.heading} {chunk.search_text}"))
            if len(self._chunk_tokens) >= MAX_CACHED_PASSAGES:
                self._chunk_tokens.pop(next(iter(self._chunk_tokens)))
            self._chunk_tokens[chunk.chunk_id] = found
        return found

    def names_in_reach(self, chunk: Chunk, names: Sequence[str]) -> bool:
        """Whether the passage or its neighbours name each of ``names`` (most of its characters)."""
        if not names:
            return True
        near = [chunk, *(self.neighbours(chunk) if self.neighbours else ())]
        have = set().union(*(self.chunk_pairs(c) for c in near))
        return all(len(_pairs(n) & have) >= MIN_NAME_SHARE * len(_pairs(n)) for n in names)

    def chunk_pairs(self, chunk: Chunk) -> frozenset[str]:
        """Character pairs of a passage (heading included, spaces and の dropped), computed once."""
        found = self._chunk_pairs.get(chunk.chunk_id)
        if found is None:
            found = frozenset(_pairs(re.sub(r"\s+|の", "", normalize(f"{chunk.heading} {chunk.text}"))))
            if len(self._chunk_pairs) >= MAX_CACHED_PASSAGES:
                self._chunk_pairs.pop(next(iter(self._chunk_pairs)))
            self._chunk_pairs[chunk.chunk_id] = found
        return found

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
        found = self._analyses.get(chunk.chunk_id)
        if found is None:
            sentences = split_sentences(chunk.text, chunk.line_start, self.doc_numbered.get(chunk.doc, False))
            tokens = [frozenset(tokenize(s.clean)) for s in sentences]
            vectors = None
            if self.use_semantic and sentences:
                vectors = self.embed([f"{chunk.heading} {s.clean}" for s in sentences])
            found = _ChunkAnalysis(
                sentences,
                tokens,
                self.chunk_tokens(chunk),
                frozenset(tokenize(chunk.heading)),
                vectors,
            )
            if len(self._analyses) >= MAX_CACHED_PASSAGES:
                self._analyses.pop(next(iter(self._analyses)))  # drop the oldest entry
            self._analyses[chunk.chunk_id] = found
        return found

    def candidates(self, question: str, intent: QueryIntent, hits: Sequence[Hit]) -> list[Candidate]:
        q = content_tokens(question)
        q_weight = self.weight(q) or 1.0
        wants_value = asks_value(intent)
        quoted = [normalize(m) for m in re.findall(r"「([^「」]{2,30})」", question)]
        # Words found in many passages (開催, 予定, 手) say nothing about what was asked.
        focus = {t for t in focus_tokens(question) if self.idf.get(t, self._default_idf) >= MIN_FOCUS_IDF}
        if len(focus) < 2 and not asks("name", intent.text):
            # One word beside a value (「開催」「予定」) is too little to judge by; beside a name it is
            # what is named (「…という名前の学校」).
            focus = set()
        focus_weight = self.weight(focus) or 1.0
        topic = topic_tokens(question)
        topic_weight = self.weight(topic) or 1.0
        # The question's rarest word that the corpus knows: a passage without it is about something else.
        # Nouns only: a rare verb (配る, 付く) is phrasing, not the thing asked about.
        nouns = set(tokenize(question, nouns_only=True)) - frame_tokens()
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
        names = named_things(question)
        asks_now = asks_what_is_now(intent)
        q_vector = self.embed([question])[0] if self.use_semantic else None
        # Numbers the question names (「1次公募」「2021年」) pick out one row among similar ones.
        q_numbers = {t for t in q if any(ch.isdigit() for ch in t)}
        q_years = years_in(question)
        near_words = value_words(question, intent)
        out: list[Candidate] = []
        for hit in hits:
            chunk = hit.chunk
            info = self.analysis(chunk)
            sentences, tokens = info.sentences, info.tokens
            quoted_in_chunk = any(qt in chunk.search_text for qt in quoted)
            context = self.weight(q & info.chunk_tokens) / q_weight
            anchored = anchor is None or self.near_passages_hold(chunk, anchor)
            named = self.names_in_reach(chunk, names)
            # A passage that never names its subject continues the one before it (a slide cut in two).
            carried: frozenset[str] = frozenset()
            if topic and not topic & info.chunk_tokens:
                carried = self.chunk_tokens(prev) if (prev := self.previous(chunk)) is not None else frozenset()
            sims = info.vectors @ q_vector if q_vector is not None and info.vectors is not None else None
            for k, sent in enumerate(sentences):
                s_tokens = tokens[k]
                # Neighbouring sentences often carry the subject ("○KPI名" above its values).
                before = frozenset().union(*tokens[max(0, k - 2) : k])
                after = tokens[k + 1] if k + 1 < len(tokens) else frozenset()
                local = s_tokens | before
                # A name often comes first and what it is after it (「…」を発足。…地域シンクタンク。).
                focus_near = local | after if asks_name else local
                if focus:
                    # Word pieces also count as written: 「交通結節点」 may be cut 交通/結節/点 in one
                    # sentence and 交通/結/節点 in the question.
                    span = range(max(0, k - 2), min(len(sentences), k + (2 if asks_name else 1)))
                    near_text = "".join(sentences[j].clean for j in span)
                    seen = {t for t in focus if t in focus_near or (len(t) >= 2 and t in near_text)}
                    focus_share = self.weight(seen) / focus_weight
                else:
                    focus_share = 1.0
                heading_tokens = info.heading_tokens
                topic_share = self.weight(topic & (local | heading_tokens | carried)) / topic_weight if topic else 1.0
                overlap = self.weight(q & s_tokens) / q_weight
                near_overlap = self.weight(q & (local | after)) / q_weight
                value = (
                    self.values.choose(sent.clean, intent, near_words, self.weight)
                    if wants_value or intent.wants("place")
                    else None
                )
                if value and asks_now and re.search(r"現在|現時点", sent.clean):
                    score_now = 0.2
                else:
                    score_now = 0.0
                if value and names and _names_another(sent.clean, names):
                    value = None  # a table row about 「地域未来交付金」 does not give 「新地方創生交付金」's budget
                if value and counts_something_else(sent.clean, value, acts):
                    value = None  # 「約3,000人の応募」 does not say how many were hired
                if value and asks_now and is_target_value(sent.clean, value):
                    value = None  # 「今後10年間で1,000万人を目指す」 does not say how many there are now
                if SOURCE_LINE.search(sent.clean):
                    value, score_bias = None, -0.5  # 「出典:…より作成」 names sources, never answers
                else:
                    score_bias = 0.0
                label = FIELD_LABEL.match(sent.clean) or BRACKET_LABEL.match(sent.clean)
                # 「事業者:空知中央バス…」「全国平均:0.86」「【想定される経費】 高速道路料金」: a slide
                # field named by the question's words.
                label_tokens = set(tokenize(label.group(1))) - frame_tokens() if label else set()
                near_text = " ".join(sentences[j].clean for j in range(max(0, k - 2), k + 1))
                quoted_near = bool(quoted) and any(qt in near_text for qt in quoted)
                window_years = years_in(f"{chunk.heading} {near_text}") if q_years else frozenset()
                x = {
                    "overlap": overlap,
                    "near_overlap": near_overlap,
                    "context": context,
                    "inv_rank": 1.0 / hit.rank,
                    "hit_score": float(hit.score),
                    "semantic": float(sims[k]) if sims is not None else 0.0,
                    "focus": focus_share if focus and asks_in_words else 0.0,
                    "topic": topic_share,
                    "anchored": float(anchored),
                    "named": float(named),
                    "value_found": float(wants_value and bool(value)),
                    "value_missing": float(wants_value and not value),
                    "now": float(score_now > 0),
                    "field_label": float(bool(label_tokens) and label_tokens <= q),
                    "defines": float(bool(defined) and defines(sent.clean, defined)),
                    "short": float(len(sent.clean) < 6),
                    "source_line": float(score_bias < 0),
                    "numbers_hit": float(bool(q_numbers & local)),
                    "numbers_miss": float(bool(q_numbers) and not q_numbers & local),
                    "quoted_near": float(quoted_near),
                    "quoted_absent": float(bool(quoted) and not quoted_near and not quoted_in_chunk),
                    "year_hit": float(bool(q_years) and q_years <= window_years),
                    "year_miss": float(bool(q_years) and not q_years <= window_years),
                }
                features = tuple(x[f] for f in CANDIDATE_FEATURES)
                score = self.ranker.score(features)
                out.append(
                    Candidate(
                        hit=hit,
                        sentence=sent,
                        score=score,
                        overlap=near_overlap,
                        context=context,
                        value=value,
                        focus=focus_share,
                        topic=topic_share,
                        anchored=anchored,
                        named=named,
                        line_start=sent.line_start,
                        line_end=sent.line_end,
                        quote=chunk.text[sent.start : sent.end],
                        features=features,
                    )
                )
        out.sort(key=lambda c: -c.score)
        return out
