"""Retrieval, backend-neutral: the interfaces a backend implements, the hybrid retriever, the LangChain adapter.

May import: ``assistant.types``, ``assistant.text``, ``assistant.question``, ``assistant.ingest.chunking``.
Never imports a backend (``assistant.backends``), the answerer or the service.
"""

from assistant.retrieval.hybrid import FusionParams, HybridRetriever
from assistant.retrieval.interfaces import Retriever

__all__ = ["FusionParams", "HybridRetriever", "Retriever"]
