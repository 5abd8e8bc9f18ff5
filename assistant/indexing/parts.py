"""The build's parts that are not its sequence: versions, chunking, warm-up data, the FAISS index, the build lock."""

from __future__ import annotations

import logging
import resource
import shutil
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from assistant.ingest.chunking import chunk_document
from assistant.ingest.loader import Corpus
from assistant.settings import BUILTIN_MODEL, Settings
from assistant.types import Chunk

log = logging.getLogger(__name__)

_VERSIONED = (
    "bm25s",
    "faiss-cpu",
    "fugashi",
    "unidic-lite",
    "sentence-transformers",
    "torch",
    "numpy",
    "ja-ginza",
    "langchain-core",
)


def package_versions() -> dict[str, str]:
    out = {}
    for name in _VERSIONED:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return out


def corpus_hashes(corpus: Corpus) -> dict[str, str]:
    return {d.doc_id: d.sha256 for d in corpus.documents}


def chunk_corpus(corpus: Corpus, settings: Settings) -> list[Chunk]:
    chunks: list[Chunk] = []
    for doc in corpus.documents:
        chunks.extend(chunk_document(doc, settings.chunk_size, settings.chunk_max, settings.chunk_overlap))
    return chunks


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def peak_rss_mb() -> float:
    """This process's peak resident set so far, in MB (Linux reports ru_maxrss in KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def remove_stale_staging(builds: Path) -> list[str]:
    """Delete the staging folders of builds that were interrupted (killed before they could clean up).

    Called with the build lock held, so no live build owns one of them.
    """
    removed = []
    for path in sorted(builds.glob(".staging-*")) if builds.is_dir() else []:
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
        log.warning("removed %s, left behind by an interrupted build", path)
    return removed


def _write_warm(
    staging: Path, chunks: list[Chunk], documents: list[dict], settings: Settings, bm25: Any, index: Any
) -> dict[str, str | None]:
    """Store the warm-up data loading would compute (`assistant.backends.local.warm`); returns the manifest entry.

    ``bm25`` is the build's `BM25Retriever`, ``index`` its FAISS index.

    The sentence vectors come from the hybrid retriever itself, over the model files as serving
    loads them, so a loaded build ranks exactly as one that computed them at load.
    """
    from assistant.backends.local.analysis import ANALYSIS_FILE, ANALYSIS_MAX_PASSAGES, write_analyses
    from assistant.backends.local.assemble import fusion_params, local_hybrid, numbered_docs
    from assistant.backends.local.vectors import DenseRetriever
    from assistant.backends.local.warm import (
        SENTENCES_FILE,
        TERMS_FILE,
        passage_terms,
        write_sentences,
        write_terms,
    )
    from assistant.embedding import load_embedder
    from assistant.ingest.analysis import analyse
    from assistant.retrieval.hybrid import SENTENCE_MAX_PASSAGES

    terms = passage_terms(chunks)
    write_terms(staging / TERMS_FILE, terms)
    dense = None
    # Only the built-in model, on a corpus small enough, has sentence vectors: load no model otherwise
    # (an external model a second time, or a 200 MB table, for nothing).
    if settings.model == BUILTIN_MODEL and len(chunks) <= SENTENCE_MAX_PASSAGES:
        dense = DenseRetriever(index, load_embedder(settings, staging / "model", light=True), chunks)
    hybrid = local_hybrid(bm25, dense, fusion_params(settings), numbered_docs=numbered_docs(documents), terms=terms)
    sentences = hybrid.sentence_vectors()
    if sentences is not None:
        write_sentences(staging / SENTENCES_FILE, *sentences)
    analysed = len(chunks) <= ANALYSIS_MAX_PASSAGES
    if analysed:
        numbered = numbered_docs(documents)
        write_analyses(staging / ANALYSIS_FILE, (analyse(c, c.doc in numbered) for c in chunks))
    return {
        "terms": TERMS_FILE,
        "sentences": SENTENCES_FILE if sentences is not None else None,
        "analysis": ANALYSIS_FILE if analysed else None,
    }


def _faiss_index(vectors: np.ndarray, settings: Settings):
    """Exact search for corpora of ordinary size; HNSW above ``faiss_flat_max`` vectors."""
    import faiss

    dim = vectors.shape[1]
    if len(vectors) <= settings.faiss_flat_max:
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = 64
    index.add(vectors)
    return index


@contextmanager
def _build_lock(index_dir: Path):
    """One build at a time per index folder; a second build waits, then finds the index current."""
    import fcntl

    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / ".build.lock").open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
