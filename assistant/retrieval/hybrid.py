"""Hybrid retrieval: BM25 and dense candidates fused, re-ranked, near-duplicates collapsed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.chunking import split_sentences
from assistant.cleaning import compact
from assistant.query import analyze, has_value
from assistant.retrieval.base import doc_mask, top_indices
from assistant.retrieval.bm25 import BM25Retriever
from assistant.retrieval.dense import DenseRetriever
from assistant.tokenizer import tokenize
from assistant.types import Hit

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


def _shingles(text: str, n: int = 8) -> set[str]:
    t = compact(text)
    return {t[i : i + n] for i in range(max(len(t) - n + 1, 1))}


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
        bm25: BM25Retriever,
        dense: DenseRetriever | None,
        params: FusionParams | None = None,
        numbered_docs: frozenset[str] = frozenset(),
        record_hint: Callable[[str, Sequence[str] | None, dict[str, float]], tuple[str, int, int] | None] | None = None,
    ):
        self.bm25 = bm25
        # (question, docs, idf) -> (doc, first line, last line) of a structured record it names.
        self.record_hint = record_hint
        self.numbered_docs = numbered_docs  # documents whose lines start with PDF line numbers
        self.dense = dense
        self.params = params or FusionParams()
        self.chunks = bm25.chunks
        self._tokens: list[frozenset[str]] | None = None
        self._heading_tokens: list[frozenset[str]] | None = None
        self._idf: dict[str, float] | None = None
        self._sentence_vectors: np.ndarray | None = None  # every passage's sentences, stacked
        self._sentence_starts: np.ndarray | None = None  # where each passage's rows begin
        self._by_doc: dict[str, list[int]] | None = None  # passage indices per document

    def _prepare(self) -> None:
        if self._tokens is not None:
            return
        self._tokens = [frozenset(tokenize(c.search_text)) for c in self.chunks]
        self._heading_tokens = [frozenset(tokenize(c.heading)) for c in self.chunks]
        df: dict[str, int] = {}
        for toks in self._tokens:
            for t in toks:
                df[t] = df.get(t, 0) + 1
        n = len(self.chunks)
        self._idf = {t: float(np.log(1 + (n - d + 0.5) / (d + 0.5))) for t, d in df.items()}
        self._prepare_sentences()

    def _sentence_model(self):
        """The static model, when the sentence feature applies (see `FusionParams.sentence_weight`).

        Only the built-in static model (embedding sentences is milliseconds there, but minutes with
        a transformer on CPU, whose whole-passage vectors already read context), and only for
        corpora up to ``SENTENCE_MAX_PASSAGES``: the vectors are computed at warm-up and kept in
        memory (about 9 KB a passage); embedding cold passages at query time instead cost 150 ms
        at the 95th percentile on a 100x corpus (`assistant bench`).
        """
        embedder = getattr(self.dense, "embedder", None)
        if not self.params.sentence_weight or embedder is None or not getattr(embedder, "builtin", False):
            return None
        if len(self.chunks) > SENTENCE_MAX_PASSAGES:
            return None
        return embedder

    def _prepare_sentences(self) -> None:
        """Embed every passage's sentences (with its heading), once."""
        model = self._sentence_model()
        if model is None:
            return
        texts: list[str] = []
        starts: list[int] = []
        for c in self.chunks:
            starts.append(len(texts))
            # The answerer's sentence units: a slide's lines are units of their own.
            units = [u.clean for u in split_sentences(c.text, c.line_start, c.doc in self.numbered_docs)]
            texts.extend(f"{c.heading} {u}" for u in units or [c.search_text])
        self._sentence_vectors = model.embed_queries(texts).astype(np.float32)
        self._sentence_starts = np.array(starts, dtype=np.int64)

    def _best_sentence(self, vector: np.ndarray) -> np.ndarray | None:
        """Per passage, the highest cosine between the question and one of its sentences."""
        if self._sentence_vectors is None or self._sentence_starts is None:
            return None
        sims = self._sentence_vectors @ vector.reshape(-1).astype(np.float32)
        return np.maximum.reduceat(sims, self._sentence_starts)

    def _overlapping(self, doc: str, line_start: int, line_end: int) -> set[int]:
        """The passage(s) holding most of the given lines of ``doc``."""
        if self._by_doc is None:
            self._by_doc = {}
            for i, c in enumerate(self.chunks):
                self._by_doc.setdefault(c.doc, []).append(i)
        best, best_overlap = set(), 0
        for i in self._by_doc.get(doc, []):
            c = self.chunks[i]
            overlap = min(c.line_end, line_end) - max(c.line_start, line_start) + 1
            if overlap > best_overlap:
                best, best_overlap = {i}, overlap
            elif overlap == best_overlap and overlap > 0:
                best.add(i)
        return best

    def warm_up(self) -> None:
        """Precompute token sets and sentence vectors (done lazily on first query otherwise)."""
        self._prepare()

    def retrieve(self, query: str, k: int = 5, docs: Sequence[str] | None = None) -> list[Hit]:
        self._prepare()
        assert self._tokens is not None and self._idf is not None and self._heading_tokens is not None
        p = self.params
        mask = doc_mask(self.chunks, docs)
        query_tokens = tokenize(query)  # once, for BM25 and the coverage feature
        bm = self.bm25.scores(query, query_tokens)
        if mask is not None:
            bm = np.where(mask, bm, 0.0)
        cand = set(int(i) for i in top_indices(bm, p.candidates) if bm[i] > 0)
        dense_scores: dict[int, float] = {}
        q_vector = None
        if self.dense is not None and p.dense_weight > 0:
            q_vector = self.dense.embed(query)
            ids, sims = self.dense.search_vector(q_vector, p.candidates, docs)
            dense_scores = {int(i): float(s) for i, s in zip(ids, sims, strict=True)}
            cand |= set(dense_scores)
        if not cand:
            return []
        hinted: set[int] = set()
        if self.record_hint is not None and p.record_weight:
            where = self.record_hint(query, docs, self._idf)
            if where is not None:
                hinted = self._overlapping(*where)
                cand |= hinted
        cand_list = sorted(cand)
        best_sentence = self._best_sentence(q_vector) if q_vector is not None else None
        if dense_scores:
            vals = np.array(list(dense_scores.values()))
            floor = float(vals.min()) if len(vals) > 1 else 0.0
            span = float(vals.max()) - floor or 1.0
        q_tokens = set(query_tokens)
        q_weight = sum(self._idf.get(t, 0.0) for t in q_tokens) or 1.0
        intent = analyze(query)
        wanted = [k_ for k_ in intent.value_kinds if k_ in ("amount", "rate", "count", "percent", "date", "cap")]
        scored = []
        for i in cand_list:
            dense_part = (dense_scores[i] - floor) / span if i in dense_scores else 0.0
            score = p.bm25_weight * float(bm[i]) + p.dense_weight * dense_part
            coverage = sum(self._idf.get(t, 0.0) for t in q_tokens & self._tokens[i]) / q_weight
            score += p.coverage_weight * coverage
            if best_sentence is not None:
                score += p.sentence_weight * float(best_sentence[i])
            if wanted:
                text = self.chunks[i].search_text
                score += p.value_weight * sum(has_value(text, w) for w in wanted) / len(wanted)
            if i in hinted:
                score += p.record_weight
            if q_tokens & self._heading_tokens[i]:
                score += p.heading_weight * len(q_tokens & self._heading_tokens[i]) / max(len(q_tokens), 1)
            scored.append((score, i))
        scored.sort(key=lambda x: (-x[0], x[1]))
        hits: list[Hit] = []
        kept_shingles: list[set[str]] = []
        for score, i in scored:
            sh = _shingles(self.chunks[i].search_text)
            if any(len(sh & o) / max(len(sh), len(o), 1) >= p.duplicate_overlap for o in kept_shingles):
                continue
            kept_shingles.append(sh)
            hits.append(
                Hit(
                    self.chunks[i],
                    float(score),
                    rank=len(hits) + 1,
                    bm25_score=float(bm[i]),
                    dense_score=dense_scores.get(i),
                )
            )
            if len(hits) >= k:
                break
        return hits
