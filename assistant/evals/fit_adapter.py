"""Fit the query-side adapter (`retrieval.query_adapter`) on the tune split's (question, evidence passage) pairs.

A d x d matrix W, started at the identity, maps each question's vector before the passage search; it is
trained with a softmax over passages (every passage of an ordinary corpus is a negative; a large one keeps
each question's nearest ones) and an L2 pull toward the identity. The pull and the number of epochs are
chosen by cross-validation grouped by writer's round (`round_folds`): out-of-fold dense MRR@10. The fold adapters are
kept, so the fits that follow answer each tune question with the adapter that did not see it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from assistant.evals import metrics as m
from assistant.evals.grouped_cv import FOLDS, fold_of
from assistant.evals.round_folds import ID_SCHEME, tune_folds
from assistant.evals.sets import EvalItem
from assistant.retrieval.query_adapter import (
    ADAPTER_DATA,
    ADAPTER_FILE,
    ADAPTER_FOLDS,
    ADAPTER_REPORT,
    CrossFitted,
    LinearAdapter,
)
from assistant.text.normalize import compact

L2_GRID = (0.001, 0.003)  # pull toward the identity, on the squared Frobenius distance
EPOCHS = (25, 50, 100)  # full-batch Adam steps, checked along one run
LEARNING_RATE = 0.01
SCALE = 20.0  # inverse temperature of the softmax over cosines
MAX_NEGATIVE_PASSAGES = 4096  # above this, each question's nearest passages and the positives are the negatives
NEAREST = 64
MIN_QUESTIONS = 40
MIN_HEADING_CHARS = 4  # a heading shorter than this (「概要」) names no subject
MAX_HEADING_PASSAGES = 8  # a heading over more passages (a chapter's) says little about each
SEED = 13


@dataclass(frozen=True)
class AdapterPairs:
    """Tune questions with the positions of the passages holding their evidence, and every passage's vector."""

    ids: list[str]
    questions: list[str]
    vectors: np.ndarray  # questions' own vectors (m x d)
    positives: list[list[int]]
    passages: np.ndarray  # (n x d), normalised
    # The corpus's own (heading, passages under it) pairs, in every fold's training: they keep the map close to
    # what a document without tune questions needs (fitted on four documents, the fifth lost recall without them).
    corpus_vectors: np.ndarray | None = None
    corpus_positives: tuple[tuple[int, ...], ...] = ()
    folds: tuple[int, ...] = ()  # each question's fold (`round_folds.tune_folds`); empty: by item id
    fold_scheme: str = ID_SCHEME


@dataclass(frozen=True)
class AdapterFit:
    """The adapter fitted on every pair (None when it does not beat the identity out of fold), its folds, report."""

    matrix: np.ndarray | None
    folds: dict[int, np.ndarray]
    report: dict[str, Any]
    rows: list[dict[str, Any]]


def adapter_pairs(
    items: Sequence[EvalItem], passage_texts: Sequence[str], passages: np.ndarray, embed: Any
) -> AdapterPairs:
    """The answerable items whose evidence some passage holds (the evals' relevance rule)."""
    texts = [compact(t) for t in passage_texts]
    ids, questions, positives, folds = [], [], [], []
    tune = tune_folds(items)  # over the whole list, as the other fits: the same folds for the same items
    for it in items:
        keys = m.relevance_keys(it.evidence or "")
        if not it.answerable or not keys:
            continue
        pos = [i for i, t in enumerate(texts) if any(k in t for k in keys)]
        if pos:
            ids.append(it.id)
            folds.append(tune.of(it))
            questions.append(it.question)
            positives.append(pos)
    vectors = embed(questions) if questions else np.zeros((0, passages.shape[1]), dtype=np.float32)
    return AdapterPairs(
        ids,
        questions,
        np.asarray(vectors, dtype=np.float32),
        positives,
        passages,
        folds=tuple(folds),
        fold_scheme=tune.scheme,
    )


def with_headings(pairs: AdapterPairs, headings: Sequence[str], embed: Any) -> AdapterPairs:
    """``pairs`` with each heading as a query for the passages under it (a heading of a few passages only)."""
    under: dict[str, list[int]] = {}
    for i, heading in enumerate(headings):
        key = compact(heading or "")
        if len(key) >= MIN_HEADING_CHARS:
            under.setdefault(key, []).append(i)
    kept = [(h, tuple(pos)) for h, pos in under.items() if len(pos) <= MAX_HEADING_PASSAGES]
    if not kept:
        return pairs
    vectors = np.asarray(embed([h for h, _ in kept]), dtype=np.float32)
    return replace(pairs, corpus_vectors=vectors, corpus_positives=tuple(pos for _, pos in kept))


def _with_corpus(pairs: AdapterPairs, vectors: np.ndarray, positives: list[Any]) -> tuple[np.ndarray, list[Any]]:
    """Training rows: the given questions and the corpus's heading pairs."""
    if pairs.corpus_vectors is None:
        return vectors, positives
    return np.vstack([vectors, pairs.corpus_vectors]), positives + list(pairs.corpus_positives)


def ranks(vectors: np.ndarray, matrix: np.ndarray | None, passages: np.ndarray, positives: Sequence[Sequence[int]]):
    """1-based rank of each question's first positive passage when searched with ``W q`` (None: identity)."""
    q = vectors if matrix is None else vectors @ matrix.T
    q = q / np.maximum(np.linalg.norm(q, axis=1, keepdims=True), 1e-12)
    sims = q @ passages.T
    out = []
    for row, pos in zip(sims, positives, strict=True):
        best = row[list(pos)].max()
        out.append(int((row > best).sum()) + 1)
    return out


def summary(r: Sequence[int]) -> dict[str, float]:
    """recall@1, recall@5 and MRR@10 of first-positive ranks."""
    n = max(len(r), 1)
    return {
        "recall@1": round(sum(x == 1 for x in r) / n, 4),
        "recall@5": round(sum(x <= 5 for x in r) / n, 4),
        "mrr@10": round(sum(1 / x for x in r if x <= 10) / n, 4),
    }


def _negatives(vectors: np.ndarray, passages: np.ndarray, positives: Sequence[Sequence[int]]) -> np.ndarray:
    """Which passages the softmax runs over: all of them, or for a large corpus the nearest and the positives."""
    n = len(passages)
    if n <= MAX_NEGATIVE_PASSAGES:
        return np.arange(n)
    near = np.argpartition(-(vectors @ passages.T), NEAREST, axis=1)[:, :NEAREST]
    return np.unique(np.concatenate([near.ravel(), np.array([i for p in positives for i in p])]))


def train(
    vectors: np.ndarray, positives: Sequence[Sequence[int]], passages: np.ndarray, l2: float, epochs: Sequence[int]
) -> dict[int, np.ndarray]:
    """W after each of ``epochs`` full-batch steps (Adam) on the multi-positive softmax loss plus ``l2 |W - I|^2``."""
    import torch

    torch.manual_seed(SEED)
    keep = _negatives(vectors, passages, positives)
    where = {int(p): j for j, p in enumerate(keep.tolist())}
    mask = np.zeros((len(vectors), len(keep)), dtype=bool)
    for i, pos in enumerate(positives):
        mask[i, [where[p] for p in pos]] = True
    q = torch.from_numpy(vectors.astype(np.float32))
    p = torch.from_numpy(passages[keep].astype(np.float32))
    log_mask = torch.from_numpy(np.where(mask, 0.0, -np.inf).astype(np.float32))  # 0 on positives
    d = q.shape[1]
    eye = torch.eye(d)
    w = torch.eye(d, requires_grad=True)
    opt = torch.optim.Adam([w], lr=LEARNING_RATE)
    out: dict[int, np.ndarray] = {}
    for step in range(1, max(epochs) + 1):
        opt.zero_grad()
        u = torch.nn.functional.normalize(q @ w.T, dim=1)
        logits = SCALE * (u @ p.T)
        hit = torch.logsumexp(logits + log_mask, dim=1)
        loss = (torch.logsumexp(logits, dim=1) - hit).mean() + l2 * ((w - eye) ** 2).sum()
        loss.backward()
        opt.step()
        if step in epochs:
            out[step] = w.detach().numpy().copy()
    return out


def fit_adapter(pairs: AdapterPairs) -> AdapterFit | None:
    """Grouped CV over (l2, epochs) by out-of-fold dense MRR@10; the adapter is kept when it beats the identity."""
    if len(pairs.ids) < MIN_QUESTIONS:
        return None
    fold = np.array(list(pairs.folds) if pairs.folds else [fold_of(i) for i in pairs.ids])
    oof: dict[tuple[float, int], list[int]] = {}
    fold_models: dict[tuple[float, int], dict[int, np.ndarray]] = {}
    for l2 in L2_GRID:
        pred = {e: np.zeros(len(pairs.ids), dtype=np.int64) for e in EPOCHS}
        for f in range(FOLDS):
            held, rest = fold == f, fold != f
            vectors, positives = _with_corpus(pairs, pairs.vectors[rest], _take(pairs.positives, rest))
            mats = train(vectors, positives, pairs.passages, l2, EPOCHS)
            for e, w in mats.items():
                fold_models.setdefault((l2, e), {})[f] = w
                pred[e][held] = ranks(pairs.vectors[held], w, pairs.passages, _take(pairs.positives, held))
        for e in EPOCHS:
            oof[(l2, e)] = pred[e].tolist()
    by = {k: summary(v) for k, v in oof.items()}
    best = max(by, key=lambda k: (by[k]["mrr@10"], -k[1], k[0]))
    identity = summary(ranks(pairs.vectors, None, pairs.passages, pairs.positives))
    used = by[best]["mrr@10"] > identity["mrr@10"]
    vectors, positives = _with_corpus(pairs, pairs.vectors, list(pairs.positives))
    full = train(vectors, positives, pairs.passages, best[0], (best[1],))[best[1]]
    report = {
        "version": 1,
        "questions": len(pairs.ids),
        "heading_pairs": len(pairs.corpus_positives),
        "passages": len(pairs.passages),
        "folds": FOLDS,
        "fold_scheme": pairs.fold_scheme if pairs.folds else ID_SCHEME,
        "l2": best[0],
        "epochs": best[1],
        "learning_rate": LEARNING_RATE,
        "scale": SCALE,
        "identity_dense": identity,
        "cv_dense": by[best],
        "cv_dense_by": {f"l2={k[0]},epochs={k[1]}": v for k, v in by.items()},
        "in_sample_dense": summary(ranks(pairs.vectors, full, pairs.passages, pairs.positives)),
        "distance_from_identity": round(float(np.linalg.norm(full - np.eye(len(full)))), 4),
        "used": used,
    }
    rows = [
        {"id": i, "question": q, "fold": int(f), "positives": pos}
        for i, q, f, pos in zip(pairs.ids, pairs.questions, fold.tolist(), pairs.positives, strict=True)
    ]
    return AdapterFit(full if used else None, fold_models[best], report, rows)


def _take(values: Sequence[Any], mask: np.ndarray) -> list[Any]:
    return [v for v, keep in zip(values, mask.tolist(), strict=True) if keep]


def _hybrid_ranks(hybrid: Any, items: Sequence[EvalItem]) -> list[int]:
    """Each item's first relevant rank in the hybrid retriever's top 10 (11: none there)."""
    out = []
    for it in items:
        texts = [h.chunk.text for h in hybrid.retrieve(it.question, 10)]
        out.append(m.first_relevant_rank(texts, it.evidence or "") or 11)
    return out


def calibrate_adapter(assistant: Any, items: Sequence[EvalItem], build: Path) -> LinearAdapter | None:
    """Fit, report and store the adapter; leaves the cross-fitted one on the hybrid retriever for the later fits.

    Returns the adapter fitted on every pair (what queries use), or None when it is not kept.
    """
    hybrid, dense = assistant.hybrid, assistant.dense
    hybrid.query_adapter = None  # fitted from the questions' own vectors, not from a stored adapter
    index = getattr(dense, "index", None)
    if index is None or not assistant.settings.use_query_adapter:
        return None
    passages = np.asarray(index.reconstruct_n(0, index.ntotal), dtype=np.float32)
    texts = [hybrid.passages.at(i).text for i in range(len(hybrid.passages))]
    pairs = adapter_pairs(items, texts, passages, dense.embedder.embed_queries)
    headings = [hybrid.passages.at(i).heading for i in range(len(hybrid.passages))]
    fit = fit_adapter(with_headings(pairs, headings, dense.embedder.embed_queries))
    if fit is None:
        (build / ADAPTER_FILE).unlink(missing_ok=True)
        return None
    full = LinearAdapter(fit.matrix.astype(np.float32)) if fit.matrix is not None else None
    folds = {f: LinearAdapter(w.astype(np.float32)) for f, w in fit.folds.items()}
    crossed = CrossFitted(
        full or LinearAdapter(np.eye(passages.shape[1], dtype=np.float32)),
        folds,
        {compact(r["question"]): r["fold"] for r in fit.rows},
    )
    asked = {r["id"] for r in fit.rows}
    scored = [it for it in items if it.id in asked]
    before = _hybrid_ranks(hybrid, scored)
    hybrid.query_adapter = crossed
    fit.report["hybrid_default_fusion"] = {"identity": summary(before), "cv": summary(_hybrid_ranks(hybrid, scored))}
    write_text(build / ADAPTER_DATA, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in fit.rows))
    write_text(build / ADAPTER_REPORT, json.dumps(fit.report, ensure_ascii=False, indent=2) + "\n")
    _save(build / ADAPTER_FOLDS, np.stack([fit.folds[f] for f in sorted(fit.folds)]).astype(np.float32))
    if full is None:
        hybrid.query_adapter = None
        (build / ADAPTER_FILE).unlink(missing_ok=True)  # the build searches with the questions' own vectors
        return None
    _save(build / ADAPTER_FILE, full.matrix)
    return full


def _save(path: Path, array: np.ndarray) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("wb") as f:
        np.save(f, array, allow_pickle=False)
    os.replace(tmp, path)


def write_text(path: Path, text: str) -> None:
    """Write through a temporary file: readers see the old file or the new one."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def use_out_of_fold_adapter(assistant: Any) -> bool:
    """For an eval: each tune question the adapter learned is searched by the fold adapter that did not see it.

    The full adapter saw every tune question (its dense recall@1 on tune is near 1), so tune figures read with
    it would be in-sample; test questions (never asked word for word in tune) keep the full one. Returns whether
    the build has an adapter to cross-fit.
    """
    hybrid, dense = getattr(assistant, "hybrid", None), getattr(assistant, "dense", None)
    full = getattr(hybrid, "query_adapter", None)
    build = getattr(getattr(assistant, "stored", None), "path", None)
    if full is None or build is None or not (build / ADAPTER_FOLDS).is_file() or not (build / ADAPTER_DATA).is_file():
        return False
    folds = np.load(build / ADAPTER_FOLDS, allow_pickle=False)
    rows = [json.loads(line) for line in (build / ADAPTER_DATA).read_text(encoding="utf-8").splitlines() if line]
    crossed = CrossFitted(
        full,
        {f: LinearAdapter(np.ascontiguousarray(w, dtype=np.float32)) for f, w in enumerate(folds)},
        {compact(r["question"]): int(r["fold"]) for r in rows},
    )
    hybrid.query_adapter = crossed
    if hasattr(dense, "query_adapter"):
        dense.query_adapter = crossed
    return True
