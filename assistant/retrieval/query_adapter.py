"""A linear map on the question vector for dense passage search only, fitted on the tune split.

``assistant calibrate`` fits it (`assistant.evals.fit_adapter`) and stores the matrix in the build as
``query_adapter.npy``. Only the vector that searches the passage index is mapped: passage vectors, the
sentence feature and the answerer's sentence scores keep the question's own vector. A build without
the file (or with one of another dimension) searches exactly as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from assistant.text.normalize import compact

ADAPTER_FILE = "query_adapter.npy"
ADAPTER_REPORT = "query_adapter_report.json"
ADAPTER_DATA = "query_adapter_training.jsonl"
ADAPTER_FOLDS = "query_adapter_folds.npy"  # (folds x d x d): what calibration searched each tune question with
#: Bump when the fit's inputs change meaning (another loss, other pairs): the signature then refits.
ADAPTER_VERSION = 1


class QueryAdapter(Protocol):
    """Maps a question's vector to the one that searches the passage index."""

    def adapt(self, query: str, vector: np.ndarray) -> np.ndarray: ...


@dataclass(frozen=True)
class LinearAdapter:
    """``normalise(W q)``: one matrix-vector product per question (W is d x d)."""

    matrix: np.ndarray

    def adapt(self, query: str, vector: np.ndarray) -> np.ndarray:
        v = vector.reshape(1, -1).astype(np.float32) @ self.matrix.T
        norm = float(np.linalg.norm(v))
        return v / norm if norm > 0 else vector.reshape(1, -1)

    @classmethod
    def load(cls, build_dir: Path | None, dimension: int | None) -> LinearAdapter | None:
        """The build's adapter, or None: no build, no file, or a matrix for another dimension."""
        if build_dir is None or dimension is None or not (build_dir / ADAPTER_FILE).is_file():
            return None
        matrix = np.load(build_dir / ADAPTER_FILE, allow_pickle=False)
        if matrix.shape != (dimension, dimension):
            return None  # fitted for another model: unusable
        return cls(np.ascontiguousarray(matrix, dtype=np.float32))


@dataclass(frozen=True)
class CrossFitted:
    """During calibration: a tune question is mapped by the fold adapter that did not see it, others by ``full``.

    Questions are matched by their compact form, so the fits after the adapter's (fusion, ranker, gate)
    see out-of-sample dense scores for the questions it was trained on.
    """

    full: LinearAdapter
    folds: Mapping[int, LinearAdapter]
    fold_of_question: Mapping[str, int]

    def adapt(self, query: str, vector: np.ndarray) -> np.ndarray:
        fold = self.fold_of_question.get(compact(query))
        return (self.full if fold is None else self.folds[fold]).adapt(query, vector)
