"""The composition root: builds the parts of the assistant from `Settings` and hands each only what it needs.

CLI, API, UI, evals and bench all go through `Assistant` (``search``, ``answer``, ``documents``, ``kpis``,
``programmes``). Which backend serves the passages, term statistics, vectors and records is decided here
and nowhere else; the hybrid retriever and the answerer see only the interfaces in
`assistant.retrieval.interfaces` and `assistant.records.interfaces`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any

from assistant.answer import Answerer
from assistant.answer.confidence import ConfidenceModel
from assistant.answer.pipeline import build_answer_chain
from assistant.answer.ranking import Ranker
from assistant.answer.value_choice import ValueChooser
from assistant.backends.local.assemble import attach_query_adapter, fusion_params, local_hybrid, numbered_docs
from assistant.backends.local.lexical import BM25Retriever
from assistant.backends.local.passages import LocalPassages
from assistant.backends.local.published import StoredIndex, check_compatible, load_index
from assistant.backends.local.vectors import DenseRetriever
from assistant.backends.local.warm import read_warm
from assistant.errors import UnknownDocument
from assistant.indexing.freshness import corpus_hashes_on_disk
from assistant.records.lookup import kpi_lines
from assistant.records.store import RecordStore
from assistant.retrieval import Retriever
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.interfaces import PassageTerms, TermStatistics
from assistant.settings import BUILTIN_MODEL, Settings
from assistant.text.tokenizer import private_tagger
from assistant.threads import limit_native_threads
from assistant.types import Answer, Chunk, Hit

log = logging.getLogger(__name__)

RETRIEVERS = ("bm25", "dense", "hybrid")


class Assistant:
    """Everything needed to search and answer, loaded once from a published build.

    The parts come from the backend the settings name (``local``: files under ``index_dir``;
    ``postgres``: the database's published build); `__init__` takes the local ones by default.

    Example:
        >>> assistant = Assistant.load(Settings())  # doctest: +SKIP
        >>> assistant.answer("移住相談件数の進捗率は？").answer  # doctest: +SKIP
    """

    def __init__(
        self,
        settings: Settings,
        stored: StoredIndex,
        bm25: BM25Retriever,
        dense: DenseRetriever | None,
        records: RecordStore | None = None,
        *,
        passages: LocalPassages | None = None,
        terms: TermStatistics | None = None,
        warm: dict[str, Any] | None = None,
    ):
        self.settings = settings
        self.stored = stored
        self.bm25 = bm25
        self.dense = dense
        self.passages = passages if passages is not None else LocalPassages(stored.chunks, stored.documents)
        if records is None:  # an index built without records (tests' small fixtures) has none to give
            path = stored.path / "records" if stored.path is not None else None
            records = RecordStore.load(path) if path is not None and path.exists() else None
        self._records = records
        warm = warm or {}
        self._analyses = warm.get("analysis")  # the passages' stored analyses (`backends.local.analysis`)
        hint = self._kpi_lines if records is not None else None
        if terms is None:
            self.hybrid = local_hybrid(
                bm25,
                dense,
                fusion_params(settings, stored.path),
                passages=self.passages,
                numbered_docs=numbered_docs(stored.documents),
                record_hint=hint,
                terms=warm.get("terms"),
                sentences=warm.get("sentences"),
            )
        else:  # a database backend hands its own passages and term statistics
            self.hybrid = HybridRetriever(
                self.passages,
                self.passages,
                bm25,
                terms,
                vectors=dense,
                embedder=dense.embedder if dense is not None else None,
                params=fusion_params(settings, stored.path),
                numbered_docs=numbered_docs(stored.documents),
                record_hint=hint,
                passage_terms=self.passages if isinstance(self.passages, PassageTerms) else None,
            )
        attach_query_adapter(self.hybrid, dense, settings, stored.path)
        self._answerer: Answerer | None = None
        self._chain = None
        self._chain_lock = threading.Lock()

    def _kpi_lines(self, question, docs, idf) -> tuple[str, int, int] | None:
        """Where the KPI record a question names stands (the hybrid retriever's record hint)."""
        return kpi_lines(self.records, question, docs, idf)

    @classmethod
    def load(cls, settings: Settings, *, check_corpus: bool = True) -> Assistant:
        """Load the published index; refuses a missing or stale one with the command to rebuild.

        With the warm-up data the build stores (`assistant.backends.local.warm`) this mostly reads
        files; what it still tokenises (record names, or everything for a build made before the
        warm-up data) goes through a tagger of its own, never the lock requests queue for.
        """
        if settings.query_threads:
            limit_native_threads(settings.query_threads)
        with private_tagger():
            return cls._load(settings, check_corpus=check_corpus)

    @classmethod
    def _load(cls, settings: Settings, *, check_corpus: bool) -> Assistant:
        from assistant.embedding import load_embedder

        if settings.backend == "postgres":
            from assistant.backends.postgres.assemble import load_parts

            p = load_parts(settings)
            # API processes need no corpus: the database build is the reference; the settings must match.
            check_compatible(p.stored.manifest, settings, None)
            assistant = cls(settings, p.stored, p.lexical, p.vectors, p.records, passages=p.passages, terms=p.terms)
            assistant.hybrid.warm_up()
            return assistant
        stored = load_index(settings, None)
        if check_corpus:
            stored.check_corpus(corpus_hashes_on_disk(settings.corpus_dir, stored.manifest, settings.max_file_bytes))
        bm25 = BM25Retriever.load(stored.path, stored.chunks, settings.bigram_weight)
        model_dir = stored.path / "model" if settings.model == BUILTIN_MODEL else None
        embedder = load_embedder(settings, model_dir, light=True)
        dense = DenseRetriever.load(stored.path / "dense.faiss", embedder, stored.chunks)
        warm = read_warm(stored.path, stored.manifest, len(stored.chunks))
        assistant = cls(settings, stored, bm25, dense, warm=warm)
        assistant.hybrid.warm_up()
        return assistant

    # -- metadata -----------------------------------------------------------------------------
    @property
    def build_id(self) -> str:
        return self.stored.build_id

    @property
    def chunks(self) -> list[Chunk]:
        return self.stored.chunks

    def chunk(self, chunk_id: str) -> Chunk | None:
        i = self.passages.position(chunk_id)
        return None if i is None else self.passages.at(i)

    def documents(self) -> list[dict[str, Any]]:
        """Document metadata with chunk counts, in corpus order."""
        return self.passages.documents()

    def document(self, doc_id: str) -> dict[str, Any] | None:
        return self.passages.document(doc_id)

    def doc_ids(self) -> list[str]:
        return [d["doc"] for d in self.stored.documents]

    def manifest_summary(self) -> dict[str, Any]:
        m = self.stored.manifest
        return {
            "build_id": m.get("build_id"),
            "built_at": m.get("built_at"),
            "model": m.get("model", {}).get("name"),
            "dimension": m.get("model", {}).get("dimension"),
            "faiss": m.get("faiss", {}).get("type"),
            "documents": m.get("counts", {}).get("documents"),
            "chunks": m.get("counts", {}).get("chunks"),
            "kpis": m.get("counts", {}).get("kpis"),
            "programmes": m.get("counts", {}).get("programmes"),
            "tokenizer": m.get("tokenizer"),
        }

    def check_docs(self, docs: Sequence[str] | None) -> list[str] | None:
        """Validate a document filter (raises `UnknownDocument`); empty means no filter."""
        if not docs:
            return None
        known = self.doc_ids()
        if unknown := [d for d in docs if d not in known]:
            raise UnknownDocument(unknown, known)
        return list(dict.fromkeys(docs))

    # -- retrieval and answers ------------------------------------------------------------------
    def retriever(self, name: str = "hybrid") -> Retriever:
        """One of ``bm25``, ``dense``, ``hybrid``."""
        if name == "bm25":
            return self.bm25
        if name == "dense":
            if self.dense is None:
                raise ValueError("this index has no dense side")
            return self.dense
        if name == "hybrid":
            return self.hybrid
        raise ValueError(f"unknown retriever {name!r}; choose one of {', '.join(RETRIEVERS)}")

    def search(
        self, query: str, top_k: int | None = None, docs: Sequence[str] | None = None, retriever: str = "hybrid"
    ) -> list[Hit]:
        return self.retriever(retriever).retrieve(query, top_k or self.settings.top_k, self.check_docs(docs))

    @property
    def records(self) -> RecordStore:
        """KPI and programme records extracted at index time (empty for an index built without them)."""
        if self._records is None:
            self._records = RecordStore([], [])
        return self._records

    def kpis(
        self, doc: str | None = None, project: str | None = None, q: str | None = None, year: str | None = None
    ) -> list:
        return self.records.kpis(doc=doc, project=project, q=q, year=year)

    def programmes(
        self,
        doc: str | None = None,
        q: str | None = None,
        rate: str | None = None,
        eligible: str | None = None,
        budget_year: str | None = None,
    ) -> list:
        return self.records.programmes(doc=doc, q=q, rate=rate, eligible=eligible, budget_year=budget_year)

    @property
    def answerer(self) -> Answerer:
        if self._answerer is None:
            embedder = self.dense.embedder if self.dense is not None else None
            self._answerer = Answerer(
                self.hybrid,
                self.passages,
                self.passages,
                self.passages,
                self._records,
                idf=self.hybrid.idf,
                embed=embedder.embed_queries if embedder is not None else None,
                top_k=self.settings.top_k,
                confidence=ConfidenceModel.load(self.stored.path) if self.settings.use_confidence else None,
                ranker=Ranker.load(self.stored.path) if self.settings.use_ranker else None,
                values=ValueChooser.load(self.stored.path) if self.settings.use_ranker else None,
                sentence_vectors=self.hybrid.sentence_vectors,
                analyses=self._analyses.at if self._analyses is not None else None,
            )
        return self._answerer

    @property
    def chain(self):
        """The LangChain answer pipeline with the chat model from the settings (built once)."""
        with self._chain_lock:
            if self._chain is None:
                from assistant.answer.llm import load_chat_model

                self._chain = build_answer_chain(
                    self.answerer,
                    self.passages,
                    self.passages,
                    load_chat_model(self.settings),
                    timeout_s=self.settings.chat_timeout_s,
                    check_docs=self.check_docs,
                )
            return self._chain

    def answer(
        self,
        question: str,
        history: Sequence[dict[str, str]] | None = None,
        docs: Sequence[str] | None = None,
        top_k: int | None = None,
    ) -> Answer:
        docs = self.check_docs(docs)
        if self.settings.chat_model:
            # The LangChain pipeline: a chat model writes from the same passages, checked, with the
            # extractive answer as the fallback.
            return self.chain.invoke({"question": question, "history": history, "docs": docs, "top_k": top_k})
        return self.answerer.answer(question, history=history, docs=docs, top_k=top_k)
