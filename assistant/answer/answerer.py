"""The answerer: question (+ history) -> retrieval -> records or extractive answer -> citations.

It abstains (「資料には該当する記載が見つかりませんでした」) when no retrieved sentence holds what was
asked: the kind of value (amount, count, rate, date), a name, or enough of the question's words.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.answer.conversation import resolve
from assistant.answer.extract import (
    VALUE_KINDS,
    Candidate,
    SentenceScorer,
    content_tokens,
    counter_pattern,
    find_name,
    window,
)
from assistant.query import QueryIntent, analyze
from assistant.types import Answer, Citation, Hit

if TYPE_CHECKING:
    from assistant.engine import Engine

ABSTAIN_TEXT = "資料には該当する記載が見つかりませんでした。"
MAX_ANSWER_CHARS = 300


@dataclass(frozen=True)
class AbstainPolicy:
    """Thresholds for answering; tuned on the dev sets' answerable and unanswerable items."""

    min_overlap: float = 0.34  # share of the question's words in the answering sentence and its neighbours
    min_value_overlap: float = 0.3  # the same, for a sentence holding the asked-for value
    min_context: float = 0.5  # share of the question's words in the answering passage


def _asks_name(intent: QueryIntent) -> bool:
    import re

    return bool(re.search(r"何という|何と呼|名前|名称|呼び方|略称|何型", intent.text))


class Answerer:
    """Extractive, offline answerer with citations; see module docstring."""

    def __init__(self, engine: Engine, policy: AbstainPolicy | None = None):
        self.engine = engine
        self.policy = policy or AbstainPolicy()
        self.retriever = engine.hybrid
        self.retriever.warm_up()
        numbered = {d["doc"]: bool(d.get("line_numbers")) for d in engine.documents()}
        self.scorer = SentenceScorer(self.retriever._idf or {}, numbered)

    # -- citations ------------------------------------------------------------------------------
    def citation(self, n: int, hit: Hit, quote: str, q_start: int, q_end: int) -> Citation:
        c = hit.chunk
        meta = self.engine.document(c.doc) or {}
        return Citation(
            n=n,
            chunk_id=c.chunk_id,
            doc=c.doc,
            title=c.title,
            date=meta.get("date"),
            text=c.text,
            quote=quote,
            line_start=c.line_start,
            line_end=c.line_end,
            quote_line_start=q_start,
            quote_line_end=q_end,
        )

    def related(self, hits: Sequence[Hit], n: int = 3) -> list[Citation]:
        """The closest passages, shown beside an abstention."""
        out = []
        for i, hit in enumerate(hits[:n], start=1):
            first = hit.chunk.text.strip().splitlines()[0] if hit.chunk.text.strip() else ""
            out.append(self.citation(i, hit, first, hit.chunk.line_start, hit.chunk.line_start))
        return out

    # -- answering ------------------------------------------------------------------------------
    def answer(
        self,
        question: str,
        history: Sequence[dict[str, str]] | None = None,
        docs: Sequence[str] | None = None,
        top_k: int | None = None,
    ) -> Answer:
        t0 = time.perf_counter()
        query = resolve(question, history)
        intent = analyze(question)
        if intent.answer_kind == "general" and query != question:
            intent = QueryIntent(intent.text, intent.value_kinds, analyze(query).answer_kind)
        k = top_k or self.engine.settings.top_k
        hits = self.retriever.retrieve(query, max(k, 5), docs)
        answer = self._from_records(question, query, intent, hits, docs) or self._extractive(query, intent, hits[:k])
        answer.took_ms = round((time.perf_counter() - t0) * 1000, 2)
        return answer

    def _from_records(self, question, query, intent, hits, docs) -> Answer | None:
        from assistant.answer.records import answer_from_records

        return answer_from_records(self, question, query, intent, hits, docs)

    def _abstain(self, question: str, intent: QueryIntent, hits: Sequence[Hit]) -> Answer:
        return Answer(
            id=uuid.uuid4().hex,
            question=question,
            answer=ABSTAIN_TEXT,
            abstained=True,
            kind=intent.answer_kind,
            citations=[],
            related=self.related(hits),
        )

    def _pick(self, query: str, intent: QueryIntent, hits: Sequence[Hit]) -> tuple[Candidate, str | None] | None:
        """The sentence that answers, and the key value or name in it; None means abstain."""
        p = self.policy
        cands = self.scorer.candidates(query, intent, hits)
        if not cands or not content_tokens(query):
            return None
        wants_value = any(intent.wants(k) for k in VALUE_KINDS) or counter_pattern(intent.text) is not None
        if wants_value:
            valued = [c for c in cands if c.value and c.overlap >= p.min_value_overlap and c.context >= p.min_context]
            if not valued:
                return None
            return valued[0], valued[0].value
        if _asks_name(intent):
            for c in cands[:6]:
                if c.overlap < p.min_value_overlap or c.context < p.min_context:
                    continue
                name = find_name(c.sentence.clean, intent.text)
                if name:
                    return c, name
            return None
        best = cands[0]
        if best.overlap < p.min_overlap or best.context < p.min_context:
            return None
        return best, None

    def _support(self, best: Candidate, limit: int) -> tuple[str, str, int, int]:
        """The answering sentence with its neighbours in the passage, within ``limit`` characters.

        Returns the cleaned text, the verbatim quote and the quote's first and last lines.
        """
        from assistant.chunking import split_sentences

        chunk = best.hit.chunk
        sentences = split_sentences(chunk.text, chunk.line_start, self.scorer.doc_numbered.get(chunk.doc, False))
        idx = next((i for i, s in enumerate(sentences) if s.start == best.sentence.start), None)
        if idx is None:
            return best.sentence.clean, best.quote, best.line_start, best.line_end
        lo = hi = idx
        length = len(sentences[idx].clean)
        # Grow after, then before: a label's content follows it; a value's subject precedes it.
        for step in (1, -1, 1, -1):
            j = hi + 1 if step > 0 else lo - 1
            if 0 <= j < len(sentences) and length + len(sentences[j].clean) + 1 <= limit and hi - lo < 2:
                if step > 0:
                    hi = j
                else:
                    lo = j
                length += len(sentences[j].clean) + 1
        text = " ".join(s.clean for s in sentences[lo : hi + 1])
        quote = chunk.text[sentences[lo].start : sentences[hi].end]
        return text, quote, sentences[lo].line_start, sentences[hi].line_end

    def _extractive(self, question: str, intent: QueryIntent, hits: Sequence[Hit]) -> Answer:
        picked = self._pick(question, intent, hits)
        if picked is None:
            return self._abstain(question, intent, hits)
        best, key = picked
        lead = f"{key}です [1]。" if key else ""
        budget = MAX_ANSWER_CHARS - len(lead) - 6
        support, quote, q_start, q_end = self._support(best, budget)
        body = window(support, key or best.sentence.clean[:20], budget)
        text = f"{lead}（{body}）" if key else f"{body} [1]"
        citation = self.citation(1, best.hit, quote, q_start, q_end)
        return Answer(
            id=uuid.uuid4().hex,
            question=question,
            answer=text,
            abstained=False,
            kind=intent.answer_kind,
            citations=[citation],
            related=[],
        )
