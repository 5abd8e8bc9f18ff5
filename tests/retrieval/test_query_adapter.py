"""The query-side adapter: fitted on toy pairs it moves a paraphrase's nearest passage; without it nothing changes."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from assistant.evals.fit_adapter import adapter_pairs, fit_adapter, ranks, train
from assistant.evals.sets import EvalItem
from assistant.retrieval import HybridRetriever
from assistant.retrieval.hybrid import FusionParams
from assistant.retrieval.query_adapter import ADAPTER_FILE, CrossFitted, LinearAdapter
from assistant.text.normalize import compact, normalize
from assistant.text.tokenizer import tokenize
from assistant.types import Chunk

DOC = "901_toy.txt"
TEXTS = [
    "■移住支援金\n東京圏から移住した世帯に支援金を支給します。",
    "■空き家改修補助\n空き家の改修費用の1/2を補助します。",
    "■評価指標\n移住者数 目標値200人(R7)",
]
CHUNKS = [
    Chunk(f"c{i}", DOC, "架空の町", t.split("\n")[0], 1 + 2 * i, 2 + 2 * i, t, normalize(t))
    for i, t in enumerate(TEXTS)
]
PASSAGES = np.eye(3, dtype=np.float32)  # passage i's vector is e_i
#: A paraphrase of the first passage whose words sit nearer the second one ("house" words): raw search misses it.
PARAPHRASE = "引っ越してきた家族がもらえるお金は？"
PARAPHRASE_VECTOR = np.array([0.45, 0.85, 0.0], dtype=np.float32)


def _unit(v: Sequence[float]) -> np.ndarray:
    a = np.asarray(v, dtype=np.float32)
    return a / np.linalg.norm(a)


def _toy_training(n: int = 50) -> tuple[np.ndarray, list[list[int]]]:
    """Paraphrases of passage 0 (mostly passage-1 words) and plain questions about passages 1 and 2."""
    rng = np.random.default_rng(0)
    vectors, positives = [], []
    for i in range(n):
        kind = i % 3
        base = {0: [0.45, 0.85, 0.0], 1: [0.0, 1.0, 0.1], 2: [0.1, 0.1, 1.0]}[kind]
        vectors.append(_unit(np.array(base) + rng.normal(0, 0.03, 3)))
        positives.append([kind])
    return np.array(vectors), positives


def test_training_moves_a_paraphrase_to_its_passage() -> None:
    vectors, positives = _toy_training()
    assert ranks(PARAPHRASE_VECTOR[None], None, PASSAGES, [[0]]) == [2]  # the raw vector finds passage 1 first
    w = train(vectors, positives, PASSAGES, l2=0.001, epochs=(200,))[200]
    assert ranks(PARAPHRASE_VECTOR[None], w, PASSAGES, [[0]]) == [1]
    assert ranks(_unit([0.0, 1.0, 0.1])[None], w, PASSAGES, [[1]]) == [1]  # plain 空き家 questions still find theirs


def _item(i: int, question: str, evidence: str | None) -> EvalItem:
    style = "paraphrase" if evidence else "unanswerable"
    return EvalItem(
        f"toy-{i:03d}", DOC, question, "支援金" if evidence else None, evidence, "programme", style, "toy", i
    )


def test_fit_adapter_cross_validates_and_reports() -> None:
    vectors, positives = _toy_training(60)
    evidence = {0: "移住した世帯に支援金を支給", 1: "空き家の改修費用の1/2", 2: "移住者数 目標値200人"}
    items = [_item(i, f"質問{i}", evidence[p[0]]) for i, p in enumerate(positives)] + [_item(99, "無関係", None)]
    lookup = {f"質問{i}": v for i, v in enumerate(vectors)}
    pairs = adapter_pairs(items, TEXTS, PASSAGES, lambda qs: np.array([lookup[q] for q in qs]))
    assert len(pairs.ids) == 60 and pairs.positives[0] == [0]  # the unanswerable item has no pair
    fit = fit_adapter(pairs)
    assert fit is not None and fit.matrix is not None and fit.report["used"]
    assert fit.report["cv_dense"]["recall@1"] > fit.report["identity_dense"]["recall@1"]
    assert set(fit.folds) == set(range(5)) and {r["fold"] for r in fit.rows} == set(range(5))


def test_load_needs_the_file_and_the_dimension(tmp_path: Path) -> None:
    assert LinearAdapter.load(tmp_path, 3) is None
    np.save(tmp_path / ADAPTER_FILE, np.eye(4, dtype=np.float32))
    assert LinearAdapter.load(tmp_path, 3) is None  # fitted for another model
    assert LinearAdapter.load(tmp_path, 4) is not None


def test_cross_fitted_uses_the_fold_that_did_not_see_the_question() -> None:
    swap = LinearAdapter(np.array([[0, 1, 0], [1, 0, 0], [0, 0, 1]], dtype=np.float32))
    crossed = CrossFitted(LinearAdapter(np.eye(3, dtype=np.float32)), {0: swap}, {compact("移住支援金の 額は？"): 0})
    v = _unit([1.0, 0.0, 0.0])[None]
    assert np.allclose(crossed.adapt("移住支援金の額は？", v), [[0, 1, 0]])  # matched in compact form
    assert np.allclose(crossed.adapt("別の質問", v), v)


class _Lexical:
    """No word matches: only the dense search proposes passages."""

    def idf(self) -> dict[str, float]:
        return {t: 1.0 for c in CHUNKS for t in tokenize(c.search_text)}

    def top(self, query: str, tokens: Sequence[str], k: int, docs: Sequence[str] | None) -> dict[int, float]:
        return {}

    def score(self, query: str, tokens: Sequence[str], positions: Sequence[int]) -> dict[int, float]:
        return dict.fromkeys(positions, 0.0)


class _Passages:
    def __len__(self) -> int:
        return len(CHUNKS)

    def at(self, position: int) -> Chunk:
        return CHUNKS[position]

    def position(self, chunk_id: str) -> int | None:
        return next((i for i, c in enumerate(CHUNKS) if c.chunk_id == chunk_id), None)

    def in_lines(self, doc: str, line_start: int, line_end: int) -> list[int]:
        return []


class _Vectors:
    """Cosine search over the toy passage vectors; records what it was asked with."""

    def __init__(self) -> None:
        self.asked: list[np.ndarray] = []

    def search_vector(self, vector: np.ndarray, k: int, docs: Sequence[str] | None = None):
        self.asked.append(vector.reshape(-1))
        sims = PASSAGES @ vector.reshape(-1)
        order = np.argsort(-sims)[:k]
        return order, sims[order]


class _Embedder:
    builtin = False

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([PARAPHRASE_VECTOR for _ in texts])


def _hybrid() -> tuple[HybridRetriever, _Vectors]:
    vectors, passages = _Vectors(), _Passages()
    # Dense only: what the adapter changes is the dense candidates and their scores.
    only_dense = FusionParams(0.0, 1.0, coverage_weight=0.0, value_weight=0.0, heading_weight=0.0, record_weight=0.0)
    lexical = _Lexical()
    return HybridRetriever(passages, passages, lexical, lexical, vectors, _Embedder(), only_dense), vectors


def test_without_an_adapter_or_with_the_identity_search_is_unchanged() -> None:
    plain, _ = _hybrid()
    assert plain.query_adapter is None
    same, _ = _hybrid()
    same.query_adapter = LinearAdapter(np.eye(3, dtype=np.float32))
    a, b = plain.retrieve(PARAPHRASE, 3), same.retrieve(PARAPHRASE, 3)
    assert [h.chunk.chunk_id for h in a] == [h.chunk.chunk_id for h in b] == ["c1", "c0", "c2"]
    assert all(math.isclose(x.score, y.score, abs_tol=1e-6) for x, y in zip(a, b, strict=True))


def test_the_adapter_maps_only_the_passage_search() -> None:
    hybrid, vectors = _hybrid()
    hybrid.query_adapter = LinearAdapter(np.diag([4.0, 1.0, 1.0]).astype(np.float32))
    hits = hybrid.retrieve(PARAPHRASE, 3)
    assert hits[0].chunk.chunk_id == "c0"
    assert not np.allclose(vectors.asked[0], PARAPHRASE_VECTOR)  # the index was searched with W q, normalised
    assert math.isclose(float(np.linalg.norm(vectors.asked[0])), 1.0, rel_tol=1e-5)
    assert np.allclose(_Embedder().embed_queries([PARAPHRASE]), PARAPHRASE_VECTOR)  # the question's own vector stays


def test_an_eval_searches_tune_questions_with_their_out_of_fold_adapter(tmp_path: Path) -> None:
    """`assistant eval` reads the build's fold adapters: a question the adapter learned gets its fold's matrix,
    any other (a test question) the full one; a build without an adapter is left as it is."""
    import json
    from types import SimpleNamespace

    from assistant.evals.fit_adapter import use_out_of_fold_adapter
    from assistant.retrieval.query_adapter import ADAPTER_DATA, ADAPTER_FOLDS

    d = 3
    full = LinearAdapter(np.eye(d, dtype=np.float32))
    folds = np.stack([np.diag([1.0, 0.0, 0.0]), np.diag([0.0, 1.0, 0.0])]).astype(np.float32)
    np.save(tmp_path / ADAPTER_FOLDS, folds)
    rows = [{"id": "t1", "question": "空き家の改修の補助率は？", "fold": 1, "positives": [0]}]
    (tmp_path / ADAPTER_DATA).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    dense = SimpleNamespace(query_adapter=full)
    engine = SimpleNamespace(
        hybrid=SimpleNamespace(query_adapter=full), dense=dense, stored=SimpleNamespace(path=tmp_path)
    )
    assert use_out_of_fold_adapter(engine)
    v = np.ones((1, d), dtype=np.float32)
    learned = engine.hybrid.query_adapter.adapt("空き家の改修の補助率は?", v)  # NFKC: the same question
    assert np.allclose(learned, [[0.0, 1.0, 0.0]])
    assert np.allclose(dense.query_adapter.adapt("別の質問", v), v / np.sqrt(d))
    bare = SimpleNamespace(
        hybrid=SimpleNamespace(query_adapter=None), dense=None, stored=SimpleNamespace(path=tmp_path)
    )
    assert not use_out_of_fold_adapter(bare) and bare.hybrid.query_adapter is None


def test_headings_become_training_pairs_for_the_passages_under_them() -> None:
    """Each heading of a few passages is a query for them (kept in every fold); a short or a chapter's heading is not."""
    from assistant.evals.fit_adapter import MAX_HEADING_PASSAGES, AdapterPairs, _with_corpus, with_headings

    d = 4
    pairs = AdapterPairs(
        ["q1"], ["空き家の補助率は"], np.ones((1, d), dtype=np.float32), [[0]], np.eye(d, dtype=np.float32)
    )
    headings = ["■空き家改修補助", "■空き家改修補助", "概要", *["第3章 地域の取組"] * (MAX_HEADING_PASSAGES + 1)]
    embedded: list[list[str]] = []

    def embed(texts: list[str]) -> np.ndarray:
        embedded.append(list(texts))
        return np.ones((len(texts), d), dtype=np.float32)

    out = with_headings(pairs, headings, embed)
    assert embedded == [["■空き家改修補助"]] and out.corpus_positives == ((0, 1),)
    vectors, positives = _with_corpus(out, pairs.vectors, list(pairs.positives))
    assert vectors.shape == (2, d) and positives == [[0], (0, 1)]
    assert with_headings(pairs, ["概要"] * 3, embed) is pairs  # nothing to add


def test_fit_adapter_holds_a_writers_round_out_whole() -> None:
    vectors, positives = _toy_training(60)
    evidence = {0: "移住した世帯に支援金を支給", 1: "空き家の改修費用の1/2", 2: "移住者数 目標値200人"}
    items = [
        replace(_item(i, f"質問{i}", evidence[p[0]]), set=f"tune/round{i % 30}_bank") for i, p in enumerate(positives)
    ]
    lookup = {f"質問{i}": v for i, v in enumerate(vectors)}
    fit = fit_adapter(adapter_pairs(items, TEXTS, PASSAGES, lambda qs: np.array([lookup[q] for q in qs])))
    assert fit is not None and fit.report["fold_scheme"] == "writer_round_hash"
    folds_of_round: dict[int, set[int]] = {}
    for r in fit.rows:
        folds_of_round.setdefault(int(r["id"][4:]) % 30, set()).add(r["fold"])
    assert all(len(f) == 1 for f in folds_of_round.values())  # a round's questions are in one fold


def test_fit_adapter_falls_back_to_folds_by_id_for_one_round() -> None:
    vectors, positives = _toy_training(60)
    evidence = {0: "移住した世帯に支援金を支給", 1: "空き家の改修費用の1/2", 2: "移住者数 目標値200人"}
    items = [_item(i, f"質問{i}", evidence[p[0]]) for i, p in enumerate(positives)]  # all of set "toy"
    lookup = {f"質問{i}": v for i, v in enumerate(vectors)}
    fit = fit_adapter(adapter_pairs(items, TEXTS, PASSAGES, lambda qs: np.array([lookup[q] for q in qs])))
    assert fit is not None and fit.report["fold_scheme"] == "item_hash"
    assert {r["fold"] for r in fit.rows} == set(range(5))
