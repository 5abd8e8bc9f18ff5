"""The composition root: builds the parts of the assistant from `Settings` and hands each only what it needs.

CLI, API, UI, evals and bench all go through `Assistant` (``search``, ``answer``, ``documents``, ``kpis``,
``programmes``). Which backend serves the passages, term statistics, vectors and records is decided here
and nowhere else; the hybrid retriever and the answerer see only the interfaces in
`assistant.retrieval.interfaces` and `assistant.records.interfaces`.
"""

from __future__ import annotations

import logging
import threading
import time
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
from assistant.backends.local.published import StoredIndex, check_compatible, current_build, load_index
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
        >>> assistant.answer("新規高卒者管内企業就職率の進捗率は？").answer  # doctest: +SKIP
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


class AssistantHolder:
    """Holds the current engine and swaps in a rebuilt index without downtime.

    A rebuild publishes a new ``index/current``; the API's watcher notices it (`needs_reload`) and
    loads it beside the old engine in a thread of its own (`reload_in_background`), then swaps the
    reference. Requests already running finish on the engine they started with; no request waits
    for a load, and a load takes none of the locks requests take (see `Assistant.load`).
    """

    #: A build that failed to load is tried again by the watcher after this many seconds.
    RETRY_FAILED_S = 60.0

    def __init__(self, settings: Settings, engine: Assistant, interval: float = 5.0):
        self.settings = settings
        self._engine = engine
        self.interval = interval
        self._checked = time.monotonic()
        self._lock = threading.Lock()  # held while a build loads: one load at a time
        self._state_lock = threading.Lock()  # guards _pending
        self._pending: threading.Event | None = None  # set when the background load in progress ends
        self.failed: dict[str, float] = {}  # build id -> when it failed to load

    @property
    def engine(self) -> Assistant:
        self.maybe_reload()
        return self._engine

    def maybe_reload(self, force: bool = False) -> bool:
        """Load and switch to the published build now, in this thread (False when none is new,
        one is loading already, or it failed to load)."""
        now = time.monotonic()
        if not force and now - self._checked < self.interval:
            return False
        if not self._lock.acquire(blocking=False):
            return False
        try:
            return self._switch()
        finally:
            self._lock.release()

    def needs_reload(self) -> bool:
        """Whether a build other than the served one is published (and did not just fail to load)."""
        target = published_build_id(self.settings)
        if target is None or target == self._engine.build_id:
            return False
        failed = self.failed.get(target)
        return failed is None or time.monotonic() - failed > self.RETRY_FAILED_S

    def reload_in_background(self) -> threading.Event:
        """Load the published build in a thread of its own (joining a load already under way);
        the returned event is set when that load has ended, switched or not."""
        with self._state_lock:
            if self._pending is None:
                self._pending = threading.Event()
                threading.Thread(
                    target=self._background, args=(self._pending,), name="index-loader", daemon=True
                ).start()
            return self._pending

    def _background(self, done: threading.Event) -> None:
        try:
            with self._lock:  # waits for a load already running in another thread, then checks again
                self._switch()
        except Exception:  # noqa: BLE001 - the old engine keeps serving
            log.exception("index reload failed")
        finally:
            with self._state_lock:
                self._pending = None
            done.set()

    def _switch(self) -> bool:
        """Load the published build if it is new and swap it in (the caller holds ``_lock``)."""
        self._checked = time.monotonic()
        target = published_build_id(self.settings)
        if target is None or target == self._engine.build_id:
            return False
        t0 = time.perf_counter()
        try:
            new = Assistant.load(self.settings, check_corpus=False)
        except Exception as exc:  # noqa: BLE001 - keep serving the old index
            self.failed[target] = time.monotonic()
            log.warning("not switching to index %s: %s", target, exc)
            return False
        self.failed.pop(new.build_id, None)
        log.info(
            "switched index %s -> %s (loaded in %.2f s)", self._engine.build_id, new.build_id, time.perf_counter() - t0
        )
        self._engine = new
        return True


def published_build_id(settings: Settings) -> str | None:
    """The id of the build the backend publishes now (None when there is none)."""
    if settings.backend == "postgres":
        from assistant.backends.postgres.assemble import published_build_id as pg_published

        return pg_published(settings)
    target = current_build(settings.index_dir)
    return target.name if target is not None else None


def query_log(settings: Settings):
    """The query log and feedback store of the configured backend (SQLite file, or the database's primary)."""
    if settings.backend == "postgres":
        from assistant.backends.postgres.assemble import query_log as pg_query_log

        return pg_query_log(settings)
    from assistant.feedback_log import Store

    return Store(settings.db_path)
