"""Hybrid retrieval: BM25 and dense candidates fused, re-ranked, near-duplicates collapsed."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.ingest.chunking import split_sentences
from assistant.question.kinds import analyze
from assistant.retrieval.features import VALUE_KINDS, TermTable, ValueTable, best_sentence
from assistant.retrieval.interfaces import (
    LexicalScorer,
    PassageLookup,
    Passages,
    PassageTerms,
    QueryEmbedder,
    TermStatistics,
    VectorIndex,
)
from assistant.retrieval.query_adapter import QueryAdapter
from assistant.text.normalize import compact
from assistant.text.tokenizer import tokenize
from assistant.types import Hit

#: (question, docs, idf) -> (doc, first line, last line) of a structured record the question names.
RecordHint = Callable[[str, Sequence[str] | None, Mapping[str, float]], tuple[str, int, int] | None]

SENTENCE_MAX_PASSAGES = 5000  # above this, no sentence feature (see HybridRetriever._sentence_model)


@dataclass(frozen=True)
class FusionParams:
    """Weights of the fused score; tuned with `assistant eval` over the sets in evals/."""

    bm25_weight: float = 1.0
    dense_weight: float = 0.3
    candidates: int = 40
    coverage_weight: float = 0.3
    value_weight: float = 0.15
    heading_weight: float = 0.05
    # Late interaction: the best single sentence's similarity to the question (static model only).
    sentence_weight: float = 0.5
    # The passage holding the lines of the KPI record a question names (see `record_hint`).
    record_weight: float = 0.7
    duplicate_overlap: float = 0.8

    def weights(self) -> tuple[float, ...]:
        """The weights of `FUSION_FEATURES`, in that order."""
        return tuple(getattr(self, f"{name}_weight") for name in FUSION_FEATURES)


#: What a candidate passage's fused score is a weighted sum of (each has a ``<name>_weight`` in `FusionParams`).
FUSION_FEATURES: tuple[str, ...] = ("bm25", "dense", "coverage", "sentence", "value", "record", "heading")


@dataclass(frozen=True)
class FusionCandidate:
    """A candidate passage: its position, its `FUSION_FEATURES` and its raw cosine (None when dense missed it)."""

    position: int
    features: tuple[float, ...]
    dense_score: float | None


@functools.lru_cache(maxsize=4096)
def _shingles(text: str, n: int = 8) -> frozenset[str]:
    """A passage's 8-character shingles; kept, as the same passages come back query after query."""
    t = compact(text)
    return frozenset(t[i : i + n] for i in range(max(len(t) - n + 1, 1)))


@functools.lru_cache(maxsize=65536)
def _near_duplicates(a: str, b: str, overlap: float) -> bool:
    """Whether two passages share ``overlap`` of their shingles; kept, as the same top passages meet again."""
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / max(len(sa), len(sb), 1) >= overlap


class HybridRetriever:
    """BM25 + dense, fused by normalised scores, then re-ranked on features that pay here.

    The fused score is ``w_b * bm25 + w_d * (cos - floor) / (max(cos) - floor)`` (bm25 already scaled
    per field by `BM25Retriever.scores`) over the
    union of both candidate lists; the re-ranker adds IDF-weighted query-term coverage, a bonus
    when a passage holds the kind of value the question asks for (amount, rate, count, date…) and
    heading matches. Copies of the same passage (004 repeats 003) are collapsed to the best one.
    """

    def __init__(
        self,
        passages: Passages,
        lookup: PassageLookup,
        lexical: LexicalScorer,
        terms: TermStatistics,
        vectors: VectorIndex | None = None,
        embedder: QueryEmbedder | None = None,
        params: FusionParams | None = None,
        numbered_docs: frozenset[str] = frozenset(),
        record_hint: RecordHint | None = None,
        passage_terms: PassageTerms | None = None,
    ):
        self.passages = passages
        self.lookup = lookup
        self.lexical = lexical
        self.terms = terms
        self.vectors = vectors
        self.embedder = embedder
        self.record_hint = record_hint
        self.passage_terms = passage_terms  # stored token sets, read in one call per search
        self.numbered_docs = numbered_docs  # documents whose lines start with PDF line numbers
        self.params = params or FusionParams()
        # Maps the question's vector for the passage search only (`query_adapter`); None searches with it as is.
        self.query_adapter: QueryAdapter | None = None
        self._tokens: dict[int, tuple[frozenset[str], frozenset[str]]] = {}  # position -> (text, heading) tokens
        self._idf: Mapping[str, float] | None = None
        self._sentence_vectors: np.ndarray | None = None  # every passage's sentences, stacked
        self._sentence_starts: np.ndarray | None = None  # where each passage's rows begin
        self._terms = TermTable(len(passages))  # the token sets above as ids, for array features
        self._values = ValueTable(len(passages))

    @property
    def idf(self) -> Mapping[str, float]:
        """The corpus term weights the re-ranker uses (shared with the answerer)."""
        self._prepare()
        assert self._idf is not None
        return self._idf

    def _prepare(self) -> None:
        if self._idf is not None:
            return
        self._idf = self.terms.idf()
        self._prepare_sentences()

    def _passage_tokens(self, i: int) -> tuple[frozenset[str], frozenset[str]]:
        """The tokens of a passage's text and of its heading (cached: candidates recur across questions)."""
        got = self._tokens.get(i)
        if got is None:
            c = self.passages.at(i)
            got = (frozenset(tokenize(c.search_text)), frozenset(tokenize(c.heading)))
            self._tokens[i] = got
        return got

    def _sentence_model(self):
        """The static model, when the sentence feature applies (see `FusionParams.sentence_weight`).

        Only the built-in static model (embedding sentences is milliseconds there, but minutes with
        a transformer on CPU, whose whole-passage vectors already read context), and only for
        corpora up to ``SENTENCE_MAX_PASSAGES``: the vectors are computed at warm-up and kept in
        memory (about 9 KB a passage); embedding cold passages at query time instead cost 150 ms
        at the 95th percentile on a 100x corpus (`assistant bench`).
        """
        embedder = self.embedder
        if not self.params.sentence_weight or embedder is None or not getattr(embedder, "builtin", False):
            return None
        if len(self.passages) > SENTENCE_MAX_PASSAGES:
            return None
        return embedder

    def _prepare_sentences(self) -> None:
        """Embed every passage's sentences (with its heading), once (unless the build stored them)."""
        if self._sentence_vectors is not None:
            return
        model = self._sentence_model()
        if model is None:
            return
        texts: list[str] = []
        starts: list[int] = []
        for i in range(len(self.passages)):
            c = self.passages.at(i)
            starts.append(len(texts))
            # The answerer's sentence units: a slide's lines are units of their own.
            units = [u.clean for u in split_sentences(c.text, c.line_start, c.doc in self.numbered_docs)]
            texts.extend(f"{c.heading} {u}" for u in units or [c.search_text])
        self._sentence_vectors = model.embed_queries(texts).astype(np.float32)
        self._sentence_starts = np.array(starts, dtype=np.int64)

    def preload(
        self,
        terms: Sequence[tuple[frozenset[str], frozenset[str]]] | None = None,
        sentences: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> None:
        """Take warm-up results computed at build time: each passage's (text, heading) token sets
        and the stacked sentence vectors with their starts. Each is used only when it fits."""
        n = len(self.passages)
        if terms is not None and len(terms) == n:
            self._tokens = {i: (frozenset(t), frozenset(h)) for i, (t, h) in enumerate(terms)}
        if sentences is not None and self._sentence_model() is not None and len(sentences[1]) == n:
            self._sentence_vectors, self._sentence_starts = sentences

    def sentence_vectors(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The sentence vectors and starts the sentence feature uses (None when it does not apply)."""
        self._prepare()
        if self._sentence_vectors is None or self._sentence_starts is None:
            return None
        return self._sentence_vectors, self._sentence_starts

    def _best_sentence(self, vector: np.ndarray) -> np.ndarray | None:
        """Per passage, the highest cosine between the question and one of its sentences."""
        if self._sentence_vectors is None or self._sentence_starts is None:
            return None
        sims = self._sentence_vectors @ vector.reshape(-1).astype(np.float32)
        return np.maximum.reduceat(sims, self._sentence_starts)

    def _overlapping(self, doc: str, line_start: int, line_end: int) -> set[int]:
        """The passage(s) holding most of the given lines of ``doc``."""
        best, best_overlap = set(), 0
        for i in self.lookup.in_lines(doc, line_start, line_end):
            c = self.passages.at(i)
            overlap = min(c.line_end, line_end) - max(c.line_start, line_start) + 1
            if overlap > best_overlap:
                best, best_overlap = {i}, overlap
            elif overlap == best_overlap and overlap > 0:
                best.add(i)
        return best

    def warm_up(self) -> None:
        """Precompute token sets and sentence vectors (done lazily on first query otherwise)."""
        self._prepare()

    def fusion_features(self, query: str, docs: Sequence[str] | None = None) -> list[FusionCandidate]:
        """Each candidate passage with its `FUSION_FEATURES`, whose weighted sum is its fused score."""
        found = self._candidates(query, docs)
        if found is None:
            return []
        positions, features, dense = found
        return [
            FusionCandidate(i, tuple(row), d)
            for i, row, d in zip(positions.tolist(), features.tolist(), dense, strict=True)
        ]

    def _candidates(
        self, query: str, docs: Sequence[str] | None
    ) -> tuple[np.ndarray, np.ndarray, list[float | None]] | None:
        """The candidates' positions (ascending), their `FUSION_FEATURES` (a row each) and raw cosines."""
        idf = self.idf
        p = self.params
        query_tokens = tokenize(query)  # once, for BM25 and the coverage feature
        bm = self.lexical.top(query, query_tokens, p.candidates, docs)
        cand = set(bm)
        dense_scores: dict[int, float] = {}
        q_vector = None
        if self.vectors is not None and self.embedder is not None and p.dense_weight != 0:
            q_vector = self.embedder.embed_queries([query])
            adapter = self.query_adapter
            searching = q_vector if adapter is None else adapter.adapt(query, q_vector)
            ids, sims = self.vectors.search_vector(searching, p.candidates, docs)
            dense_scores = dict(zip(np.asarray(ids).tolist(), np.asarray(sims).tolist(), strict=True))
            cand |= set(dense_scores)
        if not cand:
            return None
        hinted: set[int] = set()
        if self.record_hint is not None and p.record_weight:
            where = self.record_hint(query, docs, idf)
            if where is not None:
                hinted = self._overlapping(*where)
                cand |= hinted
        cand_list = sorted(cand)
        positions = np.array(cand_list, dtype=np.int64)
        # Dense and hinted candidates have a lexical score too (0 outside the document filter).
        missing = [i for i in cand_list if i not in bm]
        if missing:
            bm.update(self.lexical.score(query, query_tokens, missing))
            if docs:
                wanted_docs = set(docs)
                bm.update({i: 0.0 for i in missing if self.passages.at(i).doc not in wanted_docs})
        dense = np.zeros(len(cand_list))
        if dense_scores:
            vals = np.array(list(dense_scores.values()))
            floor = float(vals.min()) if len(vals) > 1 else 0.0
            span = float(vals.max()) - floor or 1.0
            got = np.array([i in dense_scores for i in cand_list])
            dense[got] = (np.array([dense_scores[i] for i in positions[got].tolist()]) - floor) / span
        sentence = np.zeros(len(cand_list))
        if q_vector is not None and self._sentence_vectors is not None and self._sentence_starts is not None:
            sentence = best_sentence(self._sentence_vectors, self._sentence_starts, positions, q_vector)
        if self.passage_terms is not None:
            cold = [i for i in cand_list if i not in self._tokens]
            if cold:
                self._tokens.update(self.passage_terms.term_sets(cold))
        self._terms.fill(cand_list, self._passage_tokens)
        q_tokens = set(query_tokens)
        q_weight = sum(idf.get(t, 0.0) for t in q_tokens) or 1.0
        covered, heading = self._terms.matches(positions, q_tokens, idf)
        wanted = [k for k in analyze(query).value_kinds if k in VALUE_KINDS]
        value = self._values.share(positions, wanted, lambda i: self.passages.at(i).search_text)
        features = np.column_stack(
            (
                np.array([bm.get(i, 0.0) for i in cand_list], dtype=np.float64),
                dense,
                covered / q_weight,
                sentence.astype(np.float64),
                value,
                np.array([i in hinted for i in cand_list], dtype=np.float64),
                heading / max(len(q_tokens), 1),
            )
        )
        return positions, features, [dense_scores.get(i) for i in cand_list]

    def retrieve(self, query: str, k: int = 5, docs: Sequence[str] | None = None) -> list[Hit]:
        p = self.params
        found = self._candidates(query, docs)
        if found is None:
            return []
        positions, features, dense = found
        fused = features @ np.asarray(p.weights(), dtype=np.float64)
        hits: list[Hit] = []
        kept: list[str] = []
        for j in np.lexsort((positions, -fused)).tolist():  # best first, ties by position
            chunk = self.passages.at(int(positions[j]))
            text = chunk.search_text
            if any(_near_duplicates(text, o, p.duplicate_overlap) for o in kept):
                continue
            kept.append(text)
            hits.append(
                Hit(
                    chunk,
                    float(fused[j]),
                    rank=len(hits) + 1,
                    bm25_score=float(features[j, 0]),
                    dense_score=dense[j],
                )
            )
            if len(hits) >= k:
                break
        return hits
