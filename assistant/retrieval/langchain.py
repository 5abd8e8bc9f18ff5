"""The hybrid retriever as a LangChain ``BaseRetriever``."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.retrieval.interfaces import PassageLookup, Passages
from assistant.types import Hit


def hit_to_document(hit: Hit) -> LCDocument:
    """A LangChain document carrying the chunk's original text and its provenance."""
    c = hit.chunk
    return LCDocument(
        page_content=c.text,
        id=c.chunk_id,
        metadata={
            "chunk_id": c.chunk_id,
            "doc": c.doc,
            "title": c.title,
            "heading": c.heading,
            "line_start": c.line_start,
            "line_end": c.line_end,
            "score": hit.score,
            "rank": hit.rank,
            "bm25_score": hit.bm25_score,
            "dense_score": hit.dense_score,
        },
    )


def document_to_hit(document: LCDocument, passages: Passages, lookup: PassageLookup) -> Hit | None:
    """The passage a LangChain document stands for (None when the build no longer has it)."""
    position = lookup.position(document.metadata.get("chunk_id") or document.id or "")
    if position is None:
        return None
    meta = document.metadata
    return Hit(
        passages.at(position),
        float(meta.get("score") or 0.0),
        rank=int(meta.get("rank") or 0),
        bm25_score=meta.get("bm25_score"),
        dense_score=meta.get("dense_score"),
    )


class AssistantRetriever(BaseRetriever):
    """LangChain retriever over any `assistant.retrieval.Retriever`.

    Example (run by ``tests/retrieval/test_langchain.py``)::

        from assistant.retrieval.langchain import AssistantRetriever
        from assistant.service import Assistant
        from assistant.settings import Settings

        retriever = AssistantRetriever(retriever=Assistant.load(Settings()).retriever("hybrid"), k=3)
        for doc in retriever.invoke("物流効率化の取組の補助率"):
            print(doc.metadata["doc"], doc.metadata["line_start"], " ".join(doc.page_content.split())[:40])
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: Any
    k: int = 5
    docs: list[str] | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[LCDocument]:
        return [hit_to_document(h) for h in self.retriever.retrieve(query, self.k, self.docs)]
