"""The loaded assistant: index, retrievers, records and answerer, shared read-only by CLI, API and UI."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.errors import UnknownDocument
from assistant.index_store import StoredIndex, current_build, load_index
from assistant.loader import corpus_files, load_document
from assistant.retrieval import BM25Retriever, DenseRetriever, FusionParams, HybridRetriever, Retriever
from assistant.settings import BUILTIN_MODEL, Settings
from assistant.types import Answer, Chunk, Hit

log = logging.getLogger(__name__)

RETRIEVERS = ("bm25", "dense", "hybrid")


def corpus_hashes_on_disk(corpus_dir: Path) -> dict[str, str]:
    """sha256 of every readable corpus file, to tell whether the index is stale."""
    import hashlib

    hashes = {}
    for path in corpus_files(corpus_dir):
        try:
            load_document(path)  # unreadable files are not in the index either
        except Exception:  # noqa: BLE001 - the loader reports them at build time
            continue
        hashes[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


class Engine:
    """Everything needed to search and answer, loaded once from a built index.

    Example:
        >>> engine = Engine.load(Settings())  # doctest: +SKIP
        >>> engine.answer("新規高卒者管内企業就職率の進捗率は？").answer  # doctest: +SKIP
    """

    def __init__(self, settings: Settings, stored: StoredIndex, bm25: BM25Retriever, dense: DenseRetriever | None):
        self.settings = settings
        self.stored = stored
        self.bm25 = bm25
        self.dense = dense
        self.hybrid = HybridRetriever(
            bm25,
            dense,
            FusionParams(bm25_weight=settings.bm25_weight, dense_weight=settings.dense_weight),
            numbered_docs=frozenset(d["doc"] for d in stored.documents if d.get("line_numbers")),
            record_hint=self._kpi_lines,
        )
        self._chunk_by_id = {c.chunk_id: c for c in stored.chunks}
        self._doc_meta = {d["doc"]: d for d in stored.documents}
        self._records = None
        self._positions: dict[str, int] | None = None
        self._has_records: bool | None = None
        self._answerer = None

    def _kpi_lines(self, question: str, docs, idf) -> tuple[str, int, int] | None:
        """Where the KPI record a question names stands (the hybrid retriever's record hint)."""
        from assistant.records.choice import kpi_lines

        if self._has_records is None:
            # An index built without records (tests' small fixtures) has no hint to give.
            self._has_records = self.stored.path is not None and (self.stored.path / "records").exists()
        return kpi_lines(self.records, question, docs, idf) if self._has_records else None

    @classmethod
    def load(cls, settings: Settings, *, check_corpus: bool = True) -> Engine:
        """Load the published index; refuses a missing or stale one with the command to rebuild."""
        from assistant.embedding import load_embedder

        hashes = corpus_hashes_on_disk(settings.corpus_dir) if check_corpus else None
        stored = load_index(settings, hashes)
        bm25 = BM25Retriever.load(stored.path, stored.chunks, settings.bigram_weight)
        model_dir = stored.path / "model" if settings.model == BUILTIN_MODEL else None
        embedder = load_embedder(settings, model_dir, light=True)
        dense = DenseRetriever.load(stored.path / "dense.faiss", embedder, stored.chunks)
        engine = cls(settings, stored, bm25, dense)
        engine.hybrid.warm_up()
        return engine

    # -- metadata -----------------------------------------------------------------------------
    @property
    def build_id(self) -> str:
        return self.stored.build_id

    @property
    def chunks(self) -> list[Chunk]:
        return self.stored.chunks

    def neighbours(self, chunk: Chunk) -> list[Chunk]:
        """The passages just before and after ``chunk`` in its document."""
        if self._positions is None:
            self._positions = {c.chunk_id: i for i, c in enumerate(self.stored.chunks)}
        i = self._positions.get(chunk.chunk_id)
        if i is None:
            return []
        chunks = self.stored.chunks
        return [chunks[j] for j in (i - 1, i + 1) if 0 <= j < len(chunks) and chunks[j].doc == chunk.doc]

    def chunk(self, chunk_id: str) -> Chunk | None:
        return self._chunk_by_id.get(chunk_id)

    def documents(self) -> list[dict[str, Any]]:
        """Document metadata with chunk counts, in corpus order."""
        return list(self.stored.documents)

    def document(self, doc_id: str) -> dict[str, Any] | None:
        return self._doc_meta.get(doc_id)

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
        unknown = [d for d in docs if d not in known]
        if unknown:
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
    def records(self):
        """KPI and programme records extracted at index time (loaded on first use)."""
        if self._records is None:
            from assistant.records.store import RecordStore

            self._records = RecordStore.load(self.stored.path / "records")
        return self._records

    def kpis(self, doc: str | None = None, project: str | None = None, q: str | None = None) -> list:
        return self.records.kpis(doc=doc, project=project, q=q)

    def programmes(self, doc: str | None = None, q: str | None = None) -> list:
        return self.records.programmes(doc=doc, q=q)

    @property
    def answerer(self):
        if self._answerer is None:
            from assistant.answer import Answerer

            self._answerer = Answerer(self)
        return self._answerer

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
            from assistant.answer.pipeline import chain_for

            return chain_for(self).invoke({"question": question, "history": history, "docs": docs, "top_k": top_k})
        return self.answerer.answer(question, history=history, docs=docs, top_k=top_k)


class EngineHolder:
    """Holds the current engine and swaps in a rebuilt index without downtime.

    A rebuild publishes a new ``index/current``; `maybe_reload` (called by the API at most every
    ``interval`` seconds) notices the new target, loads it beside the old one and swaps the
    reference. Requests already running finish on the engine they started with.
    """

    def __init__(self, settings: Settings, engine: Engine, interval: float = 5.0):
        self.settings = settings
        self._engine = engine
        self.interval = interval
        self._checked = time.monotonic()
        self._lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        self.maybe_reload()
        return self._engine

    def maybe_reload(self, force: bool = False) -> bool:
        now = time.monotonic()
        if not force and now - self._checked < self.interval:
            return False
        if not self._lock.acquire(blocking=False):
            return False
        try:
            self._checked = now
            target = current_build(self.settings.index_dir)
            if target is None or target.name == self._engine.build_id:
                return False
            try:
                new = Engine.load(self.settings, check_corpus=False)
            except Exception as exc:  # noqa: BLE001 - keep serving the old index
                log.warning("not switching to index %s: %s", target.name, exc)
                return False
            log.info("switched index %s -> %s", self._engine.build_id, new.build_id)
            self._engine = new
            return True
        finally:
            self._lock.release()
