"""Embedders: the built-in static model or any sentence-transformers model already on this machine.

Nothing is downloaded: a configured model must be a local directory or already in the Hugging Face
cache. ``sentence_transformers`` is imported only when a model is loaded.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import ModelUnavailable
from assistant.settings import BUILTIN_MODEL, Settings

#: Single queries whose vectors are kept (a handful: one request's own repeats, not a cache of traffic).
RECENT_QUERIES = 8

log = logging.getLogger(__name__)


def _as_float32_rows(x: Any, n: int, dim: int) -> np.ndarray:
    arr = np.asarray(x, dtype=np.float32).reshape(n, dim)
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    np.divide(arr, norms, out=arr, where=norms > 0)
    return np.ascontiguousarray(arr)


class Embedder:
    """A sentence-transformers model with the text preparation its family expects.

    For the built-in model text is segmented with the shared tokeniser (tokens joined by spaces);
    for other models the query/passage prompts are prepended. Outputs are float32, L2-normalised,
    shape ``(n, dimension)``.
    """

    def __init__(
        self,
        model: Any,
        name: str,
        *,
        builtin: bool = False,
        query_prompt: str = "",
        passage_prompt: str = "",
        batch_size: int = 64,
        manifest: dict | None = None,
    ):
        self.model = model
        self.name = name
        self.builtin = builtin
        self.query_prompt = query_prompt
        self.passage_prompt = passage_prompt
        self.batch_size = batch_size
        self.manifest = manifest or {}
        self._table: np.ndarray | None = None  # built-in: embedding rows, for the fast query path
        self._vocab: dict[str, int] | None = None
        self._model_dir: Path | None = None  # built-in, loaded light: where the full model is
        self._recent: dict[str, np.ndarray] = {}  # the last few single queries' vectors
        self._recent_lock = threading.Lock()
        if model is None:
            return  # from_static_files sets the table, vocabulary and dimension
        get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        self.dimension = int(get_dim())
        if builtin:
            static = model[0]
            self._table = static.embedding.weight.detach().cpu().numpy().astype(np.float32, copy=False)
            self._vocab = static.tokenizer.get_vocab()
            self._unk = self._vocab.get("[UNK]", 0)

    @classmethod
    def from_static_files(cls, model_dir: Path, manifest: dict, batch_size: int = 64) -> Embedder:
        """The built-in model for queries without importing torch or sentence-transformers.

        Reads the StaticEmbedding rows (safetensors) and the word vocabulary (tokenizer.json): a
        query embedding is the normalised mean of its tokens' rows, as ``model.encode`` computes
        it, and so is a passage embedding (an index refresh that keeps the published model embeds its
        new chunks this way, without torch).
        """
        from safetensors.numpy import load_file

        weights = load_file(str(Path(model_dir) / "model.safetensors"))
        table = next(iter(weights.values())).astype(np.float32, copy=False)
        vocab = json.loads((Path(model_dir) / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"]
        embedder = cls(None, BUILTIN_MODEL, builtin=True, batch_size=batch_size, manifest=manifest)
        embedder._table, embedder._vocab, embedder._unk = table, vocab, vocab.get("[UNK]", 0)
        embedder.dimension = int(table.shape[1])
        embedder._model_dir = Path(model_dir)
        return embedder

    def __repr__(self) -> str:
        return f"Embedder(name={self.name!r}, dimension={self.dimension})"

    # -- text preparation ------------------------------------------------------------------------

    def prepare(self, texts: Sequence[str], kind: str) -> list[str]:
        """The strings the model reads for ``kind`` = "query" or "passage"."""
        if self.builtin:
            from assistant.embedding.static import model_input

            return [model_input(t) for t in texts]
        prompt = self.query_prompt if kind == "query" else self.passage_prompt
        return [prompt + t for t in texts]

    # -- encoding --------------------------------------------------------------------------------

    def _encode(self, prepared: list[str]) -> np.ndarray:
        if not prepared:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if self.model is None and self._model_dir is not None:
            from sentence_transformers import SentenceTransformer

            self.model = SentenceTransformer(str(self._model_dir), device="cpu", local_files_only=True)
        vecs = self.model.encode(
            prepared,
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return _as_float32_rows(vecs, len(prepared), self.dimension)

    def _fast_builtin(self, prepared: list[str]) -> np.ndarray:
        """Mean of the static rows of each text's tokens, normalised (= ``model.encode``)."""
        assert self._table is not None and self._vocab is not None
        out = np.zeros((len(prepared), self.dimension), dtype=np.float32)
        vocab, unk = self._vocab, self._unk
        for i, text in enumerate(prepared):
            ids = [vocab.get(t, unk) for t in text.split()]
            if ids:
                out[i] = self._table[ids].mean(axis=0)
        return _as_float32_rows(out, len(prepared), self.dimension)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) == 1 and (hit := self._recent.get(texts[0])) is not None:
            return hit.copy()  # an answer embeds its question twice: to retrieve, then to score sentences
        prepared = self.prepare(texts, "query")
        out = self._fast_builtin(prepared) if self.builtin else self._encode(prepared)
        if len(texts) == 1:
            with self._recent_lock:
                if len(self._recent) >= RECENT_QUERIES:
                    del self._recent[next(iter(self._recent))]  # the oldest
                self._recent[texts[0]] = out.copy()
        return out

    def embed_passage_tokens(self, tokens: Sequence[Sequence[str]]) -> np.ndarray | None:
        """Built-in model: the vectors `embed_passages` gives for texts with these tokens (a caller that
        tokenised them already, e.g. in worker processes); None for a model that reads text itself."""
        if not (self.builtin and self.model is None and self._table is not None):
            return None
        return self._fast_builtin([" ".join(t) for t in tokens])

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        prepared = self.prepare(texts, "passage")
        if self.builtin and self.model is None and self._table is not None:
            return self._fast_builtin(prepared)  # the same vectors as model.encode (tests/embedding)
        return self._encode(prepared)


def _missing_model_message(name: str, reason: str) -> str:
    return (
        f"embedding model {name!r} is not available on this machine ({reason}). Nothing is downloaded: "
        "the model must be a local sentence-transformers directory or already in the Hugging Face cache "
        f"({os.environ.get('HF_HOME', '~/.cache/huggingface')}). Set ASSISTANT_MODEL to such a path or hub id, "
        f"or to {BUILTIN_MODEL!r} (the default, built from the corpus at index time), then rebuild the index."
    )


def load_embedder(settings: Settings, model_dir: Path | None, *, light: bool = False) -> Embedder:
    """The embedder for ``settings.model``: the built-in model from ``model_dir`` (the index's copy),
    or a sentence-transformers model from a local path / the hub cache; never downloads.

    ``light`` loads the built-in model for queries from its files alone (no torch import), which
    is what serving needs; the first passage embedding then loads the full model.

    Raises:
        ModelUnavailable: the model is not on disk (or cannot be loaded).
    """
    if light and settings.model == BUILTIN_MODEL and model_dir is not None:
        from assistant.embedding.static import MANIFEST_NAME

        manifest_path = Path(model_dir) / MANIFEST_NAME
        if manifest_path.exists() and (Path(model_dir) / "model.safetensors").exists():
            try:
                manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
                return Embedder.from_static_files(Path(model_dir), manifest, settings.embed_batch_size)
            except (OSError, ValueError, KeyError, StopIteration) as exc:
                log.warning("light load of %s failed (%s); loading the full model", model_dir, exc)
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:  # pragma: no cover - a dependency
        raise ModelUnavailable(f"sentence-transformers is not installed: {exc}") from exc

    if settings.model == BUILTIN_MODEL:
        from assistant.embedding.static import MANIFEST_NAME

        if model_dir is None or not (Path(model_dir) / MANIFEST_NAME).exists():
            raise ModelUnavailable(
                f"the built-in embedding model is missing from the index ({model_dir}); "
                "rebuild it with: assistant index build  (or: make index)"
            )
        try:
            model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
        except Exception as exc:  # noqa: BLE001 - any load failure means the same to the user
            raise ModelUnavailable(
                f"the built-in embedding model in {model_dir} could not be loaded ({exc}); "
                "rebuild it with: assistant index build  (or: make index)"
            ) from exc
        manifest = json.loads((Path(model_dir) / MANIFEST_NAME).read_text(encoding="utf-8"))
        return Embedder(model, BUILTIN_MODEL, builtin=True, batch_size=settings.embed_batch_size, manifest=manifest)

    name = settings.model
    q, p = settings.prompts()
    path = Path(name).expanduser()
    looks_local = path.is_absolute() or name.startswith((".", "~")) or path.exists()
    if looks_local and not path.exists():
        raise ModelUnavailable(_missing_model_message(name, f"no such directory: {path}"))
    try:
        # local_files_only: resolved from the directory or the hub cache, never fetched.
        model = SentenceTransformer(str(path) if looks_local else name, device="cpu", local_files_only=True)
    except Exception as exc:  # noqa: BLE001 - any load failure means the same to the user
        raise ModelUnavailable(_missing_model_message(name, f"{type(exc).__name__}: {exc}")) from exc
    return Embedder(model, name, query_prompt=q, passage_prompt=p, batch_size=settings.embed_batch_size)
