"""The hybrid retriever as a LangChain ``BaseRetriever``."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

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


class AssistantRetriever(BaseRetriever):
    """LangChain retriever over any `assistant.retrieval.Retriever`.

    Example:
        >>> retriever = AssistantRetriever(retriever=engine.retriever("hybrid"), k=5)  # doctest: +SKIP
        >>> retriever.invoke("モーダルシフト等推進事業の補助率")  # doctest: +SKIP
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: Any
    k: int = 5
    docs: list[str] | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[LCDocument]:
        return [hit_to_document(h) for h in self.retriever.retrieve(query, self.k, self.docs)]
