"""Retrievers: BM25, dense (FAISS), hybrid, and the LangChain adapter."""

from assistant.retrieval.base import Retriever
from assistant.retrieval.bm25 import BM25Retriever
from assistant.retrieval.dense import DenseRetriever
from assistant.retrieval.hybrid import FusionParams, HybridRetriever

__all__ = ["BM25Retriever", "DenseRetriever", "FusionParams", "HybridRetriever", "Retriever"]
