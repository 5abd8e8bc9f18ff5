"""Embeddings: the built-in chiVe static model (built from the corpus) and sentence-transformers models.

Importing this package is cheap: torch and sentence-transformers load only when a model is built or
loaded.
"""

from assistant.embedding.embedder import Embedder, load_embedder
from assistant.embedding.static import build_static_model

__all__ = ["Embedder", "build_static_model", "load_embedder"]
