"""The answerer: question (+ history) -> retrieval -> records or extractive answer -> citations.

It abstains (「資料には該当する記載が見つかりませんでした」) when no retrieved sentence holds what was
asked: the kind of value (amount, count, rate, date), a name, or enough of the question's words.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import numpy as np

from assistant.answer import event_dates, figure_first
from assistant.answer import follow_up as fu
from assistant.answer.alone_turn import with_turn_alone
from assistant.answer.block_field import other_blocks_field
from assistant.answer.blocks import BlockReaders
from assistant.answer.citations import make_citation, related_citations
from assistant.answer.confidence import ConfidenceModel, Evidence, features_of
from assistant.answer.constraints import abstained_by, not_asked, unmet
from assistant.answer.conversation import Resolution, resolve_turn, with_predicate
from assistant.answer.drill_down import shown_passages, with_shown_passages
from assistant.answer.every_round import said_value
from assistant.answer.extract import Candidate, SentenceScorer
from assistant.answer.follow_up import CorpusCooccurrence, holding_first, turn_nouns
from assistant.answer.from_records import RecordAnswer, RecordSources, answer_from_records
from assistant.answer.label_above import chosen_label, year_below
from assistant.answer.lead_value import lead_sentence
from assistant.answer.limits import MAX_ANSWER_CHARS
from assistant.answer.passage_lead import passages_answer, running_on, support_window
from assistant.answer.place_label import block_place
from assistant.answer.policy import AbstainPolicy
from assistant.answer.ranking import PRIOR, Ranker
from assistant.answer.scoring_texts import first_pick, own_words_first, scoring_texts
from assistant.answer.sentence_evidence import sentence_evidence
from assistant.answer.sentence_table import AnalysisAt, StoredAnalysis, StoredVectors
from assistant.answer.series_member import member_first, with_member_passage
from assistant.answer.shown import ShownReader
from assistant.answer.subject_elsewhere import elsewhere
from assistant.answer.unnamed import unnamed
from assistant.answer.value_choice import ValueChooser
from assistant.answer.value_roles import kpi_rows_of, role_unmet
from assistant.answer.values import fuller_name, glued_label, window
from assistant.answer.word_answers import answering_sentence, defines_asked_term, name_in
from assistant.question.kinds import QueryIntent, analyze
from assistant.question.rules import asked_role, asks
from assistant.question.words import asks_value, content_tokens
from assistant.records.interfaces import RecordMatcher
from assistant.retrieval.interfaces import DocumentCatalog, PassageLookup, Passages, Retriever
from assistant.text.tokenizer import tokenize
from assistant.types import AbstainedBy, Answer, Chunk, Citation, Hit

ABSTAIN_TEXT = "資料には該当する記載が見つかりませんでした。"


class Answerer:
    """Extractive, offline answerer with citations; see module docstring."""

    def __init__(
        self,
        retriever: Retriever,
        passages: Passages,
        lookup: PassageLookup,
        catalog: DocumentCatalog,
        records: RecordMatcher | None,
        *,
        idf: Mapping[str, float],
        embed: Callable[[Sequence[str]], np.ndarray] | None = None,
        top_k: int = 5,
        policy: AbstainPolicy | None = None,
        confidence: ConfidenceModel | None = None,
        ranker: Ranker | None = None,
        values: ValueChooser | None = None,
        sentence_vectors: Callable[[], tuple[np.ndarray, np.ndarray] | None] | None = None,
        analyses: AnalysisAt | None = None,
    ):
        self.retriever = retriever
        self.passages = passages
        self.lookup = lookup
        self.catalog = catalog
        self.records = records
        self.top_k = top_k
        self.policy = policy or AbstainPolicy()
        self.confidence = confidence  # fitted on the tune split; None answers whenever the rules find a value
        numbered = {d["doc"]: bool(d.get("line_numbers")) for d in catalog.documents()}
        self.scorer = SentenceScorer(
            dict(idf), numbered, embed, neighbours=self.neighbours, ranker=ranker, values=values
        )
        if sentence_vectors is not None:  # the retriever's: not embedded twice
            self.scorer.stored_vectors = StoredVectors(sentence_vectors, lookup.position)
        self.scorer.stored_analysis = StoredAnalysis(analyses, lookup.position) if analyses else None  # the build's
        self.scorer.kpi_rows = kpi_rows_of(records)  # a store listing its KPIs: its rows' roles are known
        self._cooccurrences: dict = {}  # follow-up decisions, shared by the requests to this build
        line_numbers = frozenset(doc for doc, has in numbered.items() if has)
        self.blocks = BlockReaders(retriever, passages, lookup, self.scorer.idf, self.citation, line_numbers)
        self._record_sources = (
            RecordSources(records, passages, lookup, catalog, self.scorer.idf) if records is not None else None
        )

    def neighbours(self, chunk: Chunk) -> list[Chunk]:
        """The passages just before and after ``chunk`` in its document."""
        i = self.lookup.position(chunk.chunk_id)
        if i is None:
            return []
        around = [self.passages.at(j) for j in (i - 1, i + 1) if 0 <= j < len(self.passages)]
        return [c for c in around if c.doc == chunk.doc]

    def citation(self, n: int, hit: Hit, quote: str, q_start: int, q_end: int) -> Citation:
        return make_citation(self.catalog, n, hit, quote, q_start, q_end)

    def related(self, hits: Sequence[Hit], n: int = 3) -> list[Citation]:
        """The closest passages, shown beside an abstention."""
        return related_citations(self.catalog, hits, n)

    def answer(
        self,
        question: str,
        history: Sequence[dict[str, str]] | None = None,
        docs: Sequence[str] | None = None,
        top_k: int | None = None,
    ) -> Answer:
        return self.answer_with_hits(question, history, docs, top_k)[0]

    def answer_with_hits(
        self,
        question: str,
        history: Sequence[dict[str, str]] | None = None,
        docs: Sequence[str] | None = None,
        top_k: int | None = None,
    ) -> tuple[Answer, list[Hit]]:
        """The answer and the passages it was chosen from (for a chat model to rewrite)."""
        t0 = time.perf_counter()
        # No gate loaded (or its file refused): the bounds handed to it are cuts again in the choice (`held`).
        rules = self.policy if self.confidence is not None else self.policy.held()
        answered = self._answered(question, history, docs, top_k, rules)
        answer, features, hits, intent, why, resolution = answered
        if (why or (self.confidence is None and features and features["below_topic"])) and not answer.abstained:
            # Another year, member or part than asked (`constraints.unmet`), or no gate to weigh a `below_topic` value.
            answer = self._abstain(answer.question, intent, hits, abstained_by(why) if why else "confidence")
        if self.confidence is not None and features is not None and not answer.abstained:
            answer.confidence = round(self.confidence.probability(features), 4)
            if answer.confidence < self.confidence.threshold_for(features):
                # Not sure enough: an honest abstention with the related passages, not a guess.
                answer = self._abstain(answer.question, intent, hits, "confidence")
        if history and not resolution.stands_alone:
            answer, hits = with_turn_alone(
                question,
                (answer, hits),
                resolution,
                lambda: self.answer_with_hits(question, None, docs, top_k),
                lambda: self.retriever.retrieve(question, top_k or self.top_k, docs),
                self.scorer.idf,
                self._cited_chunks,
            )
        answer.question = question
        answer.took_ms = round((time.perf_counter() - t0) * 1000, 2)
        return answer, hits

    def answer_with_features(
        self,
        question: str,
        history: Sequence[dict[str, str]] | None = None,
        docs: Sequence[str] | None = None,
        top_k: int | None = None,
    ) -> tuple[Answer, dict[str, float] | None, list[Hit], QueryIntent]:
        """The rules' answer before the confidence check, its `FEATURES` (None when abstaining) and the passages.

        The bounds handed to the gate are not cut here, with or without a gate loaded: these are its training rows."""
        return self._answered(question, history, docs, top_k)[:4]

    def _answered(
        self,
        question: str,
        history: Sequence[dict[str, str]] | None,
        docs: Sequence[str] | None,
        top_k: int | None,
        rules: AbstainPolicy | None = None,
    ) -> tuple[Answer, dict[str, float] | None, list[Hit], QueryIntent, str, Resolution]:
        """`answer_with_features`, the question's qualifier the answer's words contradict ("" for none), the turn
        as resolved against its history. ``rules`` choose the sentence (the answerer's policy by default)."""
        resolution = self.resolve(question, history, docs)
        query, asked = resolution.query, resolution.question or question
        intent = analyze(asked)
        if intent.answer_kind == "general" and query != asked:
            intent = QueryIntent(intent.text, intent.value_kinds, analyze(query).answer_kind)
        plain = intent
        if resolution.predicate and not intent.value_kinds:
            # 「交通結節点は？」 after 「…は何地区？」: the elliptical turn asks what the turn before asked.
            intent = with_predicate(intent, asked, resolution.predicate)
        k = top_k or self.top_k
        hits = self.retriever.retrieve(query, max(k, 5), docs)
        # A numbered member asked (「第4回」): the passages writing it go ahead of those writing only its siblings.
        turn = None if resolution.stands_alone else asked
        hits = with_member_passage(query, turn, hits, k, lambda depth: self.retriever.retrieve(query, depth, docs))
        # 「2回目の開催日」: read at its place in a slide's field before a record quoting the whole field.
        numbered = self.blocks.before_records(asked, intent, hits[:k], query)
        found = (
            numbered
            or self._from_records(asked, resolution, intent, hits, docs)
            or self.blocks.answer(
                asked, intent, hits[:k], docs, query, (fu.last_question(history), fu.last_answer(history))
            )
        )
        if found is not None:
            answer = found.answer
            q = content_tokens(query)
            named = q & set(tokenize(found.context))
            share = self.scorer.weight(named) / (self.scorer.weight(q) or 1.0)
            evidence = Evidence(
                record_match=share,
                has_value=True,
                record_label=found.names,
                record_named=found.named_whole,
                record_complete=found.complete,
            )
        else:
            # A follow-up asks a detail of the subject: sentences naming that detail come first.
            own = () if resolution.stands_alone else sorted(turn_nouns(asked, resolution.subject, self.scorer.idf))
            shown = "" if resolution.stands_alone else fu.last_answer(history)
            # A borrowed quantity is a preference: with no value beside the item, its passage may still answer.
            intents = dict.fromkeys((intent, plain))
            # A drill-down asks about what the user just read: its passage and neighbours are candidates too.
            pool = with_shown_passages(hits[:k], shown_passages(shown, self.retriever, self.neighbours, docs))
            for intent in intents:
                answer, evidence = self._extractive(query, intent, pool, own, shown, turn, rules)
                if not (answer.abstained or resolution.stands_alone) and (
                    by := self._missed(resolution, asked, intent, evidence, answer, shown, pool)
                ):
                    answer, evidence = self._abstain(question, intent, hits[:k], by), Evidence()
                if not answer.abstained:
                    break
        features, why = None, ""
        if not answer.abstained:
            chunks = self._cited_chunks(answer)
            words = frozenset().union(*(self.scorer.chunk_tokens(c) for c in chunks))
            features = features_of(
                query, intent, answer, evidence, hits[:k], chunks, self.scorer.idf, words, asked=asked
            )
            # Not what was asked (`constraints.not_asked`); a sentence's year the passages never state is no gate row.
            if (why := not_asked(asked, answer, features)) == "year" and answer.source != "records":
                answer, features = self._abstain(question, intent, hits[:k], "constraint"), None
            else:
                heads = [c.heading for c in chunks[: len(answer.citations)]]
                why = why or unmet(asked, answer.answer, evidence.key, evidence.sentence, evidence.record_label, heads)
                why = why or role_unmet(asked, evidence.key, evidence.sentence, self.scorer.kpi_rows)
                why = why or elsewhere(asked, evidence.sentence, chunks, words, self.scorer.idf)
                why = why or unnamed(asked, answer.source, chunks, evidence.key, evidence.sentence)
        answer.question = question
        return answer, features, hits[:k], intent, why, resolution

    def _missed(
        self, r: Resolution, asked: str, intent: QueryIntent, ev: Evidence, a: Answer, shown: str, hits: list[Hit]
    ) -> AbstainedBy | None:
        """A follow-up's near miss: the detail asked is not where the value is (not stated), or another block's field
        (`block_field`: a passage answers for another event); None when neither."""
        if fu.follow_up_near_miss(asked, intent, r.subject, ev, a.answer, self.scorer.idf):
            return "evidence"
        return "constraint" if other_blocks_field(asked, shown, [h.chunk for h in hits], ev.sentence) else None

    def _cited_chunks(self, answer: Answer) -> list[Chunk]:
        """The passages an answer cites, then their neighbours."""
        cited = [self.passages.at(i) for c in answer.citations if (i := self.lookup.position(c.chunk_id)) is not None]
        return cited + [n for c in cited for n in self.neighbours(c)]

    def resolve(
        self, question: str, history: Sequence[dict[str, str]] | None, docs: Sequence[str] | None = None
    ) -> Resolution:
        """The turn against its history, deciding follow-ups with the corpus (`follow_up.CorpusCooccurrence`)."""
        if not history:
            return resolve_turn(question, None)
        cooccurs = CorpusCooccurrence(self.retriever, self.scorer.idf, docs, seen=self._cooccurrences)
        shown = ShownReader(self.retriever, self.neighbours, docs)
        return resolve_turn(question, history, cooccurs, shown)

    def _from_records(self, question, r: Resolution, intent, hits, docs) -> RecordAnswer | None:
        if self._record_sources is None:
            return None
        return answer_from_records(self._record_sources, question, r.query, intent, hits, docs, r.latest())

    def _abstain(self, question: str, intent: QueryIntent, hits: Sequence[Hit], by: AbstainedBy = "evidence") -> Answer:
        return Answer(
            uuid.uuid4().hex,
            question,
            ABSTAIN_TEXT,
            True,
            intent.answer_kind,
            related=self.related(hits),
            abstained_by=by,
        )

    def may_give_value(self, c: Candidate, question: str = "", rules: AbstainPolicy | None = None) -> bool:
        """Whether a sentence holding a value is close enough to the question to give it (the policy's bounds)."""
        return (rules or self.policy).admits_value(c, question)

    def _pick(
        self, query: str, intent: QueryIntent, cands: list[Candidate], rules: AbstainPolicy | None = None
    ) -> tuple[Candidate, str | None] | None:
        """The sentence that answers, and the key value or name in it; None means abstain."""
        p = rules or self.policy
        if not cands or not content_tokens(query):
            return None
        wants_value = asks_value(intent)
        if wants_value:
            valued = event_dates.dated_first([c for c in cands if self.may_give_value(c, intent.text, p)], intent.text)
            if not valued:
                return None
            return valued[0], valued[0].value
        if asks("name", intent.text):
            for c in cands[:6]:
                if not p.admits_name(c):
                    continue
                name = name_in(c, cands, intent.text, c.focus < p.min_focus)
                if name:  # said in full as the passage or its neighbours write it
                    return c, fuller_name(name, [c.hit.chunk.text, *(n.text for n in self.neighbours(c.hit.chunk))])
        best = answering_sentence(cands, intent.text, p) or cands[0]  # the sentence stating a meaning or list asked
        # A sentence stating the meaning asked, about the question's subject, needs no more words than the term.
        defines = best.anchored and defines_asked_term(best.sentence.clean, intent.text)
        if not (p.overlap_ok(best, place=intent.wants("place")) or defines) or not p.context_ok(best):
            return None
        if asks("called", intent.text):
            return None  # a name was asked for and no passage names it
        return best, (best.value or block_place(best, intent.text)) if intent.wants("place") else None

    def _support(self, best: Candidate, question: str, limit: int, key: str | None = None) -> tuple[str, str, int, int]:
        """The answering sentence with the neighbours that complete it (`passage_lead.support_window`)."""
        return support_window(self.scorer, best, question, limit, key)

    def _extractive(
        self,
        question: str,
        intent: QueryIntent,
        hits: Sequence[Hit],
        own: Sequence[str] = (),
        shown: str = "",
        asked: str | None = None,
        rules: AbstainPolicy | None = None,
    ) -> tuple[Answer, Evidence]:
        memo: dict[str, list[Candidate]] = {}  # a text is ranked once, though picked from twice (the focus fallback)

        def ranked(q: str) -> list[Candidate]:
            if q not in memo:
                cands = self.scorer.candidates(q, intent, hits, asked)
                if own or shown:
                    cands = holding_first(cands, own, self.scorer.idf, shown, asks_value(intent), asked or "")
                # A series member named before its siblings; a figure under the asked condition first.
                memo[q] = figure_first.first(member_first(cands, q, asked), q)
            return memo[q]

        # The carried query's words judge the sentences, the turn's own words as the fallback or first (`scoring_texts`).
        texts = scoring_texts(question, asked, own_words_first(asked, own, intent))
        question, cands, picked = first_pick(texts, ranked, lambda q, c: self._pick(q, intent, c, rules))
        if picked is None and asks_value(intent) and (bounds := rules or self.policy).focus_to_gate:
            # No value sentence meets the asking clause's bound: the best below it goes to the gate, which reads focus.
            below = bounds.without_focus()
            question, cands, picked = first_pick(texts, ranked, lambda q, c: self._pick(q, intent, c, below))
        if picked is None:
            return self._abstain(question, intent, hits), Evidence()
        best, key = picked
        role = asked_role(intent.text)
        if role and not any(role in c.search_text for c in (best.hit.chunk, *self.neighbours(best.hit.chunk))):
            # Asked who holds a role the passage never names (a body without its chair): a near miss.
            return self._abstain(question, intent, hits), Evidence()
        below = asks_value(intent) and self.policy.below_topic(best)  # a bound the gate weighs (`AbstainPolicy`)
        evidence = sentence_evidence(best, key, cands, fitted=self.scorer.ranker is not PRIOR, below_topic=below)
        if key:
            # A bare value line is read with the label line above it, as its value was, and with its year on the line
            # under it (a table flattened cell by cell; `label_above`): the label ties the value to the part asked.
            sentences = self.scorer.analysis(best.hit.chunk).sentences
            label = chosen_label(sentences, best.sentence, intent.text)
            year = year_below(sentences, best.sentence)
            if label or year:
                evidence = replace(evidence, sentence=" ".join(p for p in (label, best.sentence.clean, year) if p))
            # Said with the words it is written with (「生徒21名」, not 「21名」) and bound to it (「4万人を超えている」).
            said = said_value(best.hit.chunk, best.sentence.clean, key, intent.text, question)
            lead = f"{lead_sentence(glued_label(best.sentence.clean, said) + said)} [1]。"
            budget = MAX_ANSWER_CHARS - len(lead) - 6
            holding = label or (None if key == best.value else key)
            support, quote, q_start, q_end = self._support(best, question, budget, holding)
            text = f"{lead}（{window(support, key, budget)}）"
            citations = [self.citation(1, best.hit, quote, q_start, q_end)]
        else:
            text, citations = self._passages_answer(best, question, cands)
        answer = Answer(
            id=uuid.uuid4().hex,
            question=question,
            answer=text,
            abstained=False,
            kind=intent.answer_kind,
            citations=citations,
            related=[],
        )
        return answer, evidence

    def _passages_answer(self, best: Candidate, question: str, cands: list[Candidate]) -> tuple[str, list[Citation]]:
        """An answer in the documents' words: the best passage, and a second one when it scores close."""
        share, floor = self.scorer.ranker.second_share, self.policy.min_overlap
        return passages_answer(best, question, cands, running_on(self.scorer), self.citation, share, floor)
