"""The build tokenises each MeCab segment once and shares the tokens across its passes: same tokens, same index."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from assistant.backends.local.lexical import BM25Retriever, index_text
from assistant.backends.local.warm import passage_terms
from assistant.embedding.adapt import chunk_segments
from assistant.embedding.static import model_input
from assistant.indexing.parts import chunk_corpus
from assistant.settings import Settings
from assistant.text import tokenizer
from assistant.text.tokenizer import cache_stats, token_cache, tokenize
from assistant.types import Chunk

QUERIES = [
    "モーダルシフト等推進事業 当初予算額",
    "小さな拠点の形成数",
    "関係人口",
    "R6の予算",
    "令和5年度の観光入込客数",
]


@pytest.fixture(scope="module")
def chunks(real_corpus) -> list[Chunk]:
    return chunk_corpus(real_corpus, Settings())


def _passes(chunks: list[Chunk]) -> dict[str, list]:
    """What each tokenising pass of the build reads, in the build's order."""
    return {
        "bm25": [tokenize(index_text(c)) for c in chunks],
        "model headings": [tokenize(h) for h in sorted({c.heading for c in chunks if c.heading})],
        "model segments": [[tokenize(s) for s in chunk_segments(c.search_text)] for c in chunks],
        "embeddings": [model_input(f"{c.heading}\n{c.search_text}") for c in chunks],
        "warm-up terms": passage_terms(chunks),
        "nouns": [tokenize(c.search_text, nouns_only=True) for c in chunks[:50]],
        "surface": [tokenize(c.search_text, mode="surface") for c in chunks[:50]],
    }


def test_every_pass_gets_the_same_tokens_with_the_cache(chunks):
    plain = _passes(chunks)
    with token_cache():
        shared = _passes(chunks)
        stats = cache_stats()
    assert shared == plain  # every token list of every pass, over the whole real corpus
    assert stats is not None and stats["hits"] > stats["misses"]  # the passes do share segments
    assert cache_stats() is None  # dropped on exit: serving never caches


def test_bm25_scores_are_the_same_with_the_cache(chunks):
    plain = BM25Retriever.build(chunks)
    with token_cache():
        shared = BM25Retriever.build(chunks)
    for query in QUERIES:
        np.testing.assert_array_equal(shared.scores(query), plain.scores(query))


def test_mecab_runs_once_per_distinct_segment(monkeypatch):
    calls: list[str] = []
    tokenizer._tokenize_cached.cache_clear()  # serving's whole-text cache: what ran before must not answer here
    real: Callable = tokenizer._tag
    monkeypatch.setattr(tokenizer, "_tag", lambda text, *a: calls.append(text) or real(text, *a))
    text = "補助率は2/3以内、上限は1,000万円。補助率は3/4以内"
    with token_cache():
        first, again = tokenize(text), tokenize(text)
        with token_cache():  # nested: the outer cache is shared
            inner = tokenize("補助率は")
    assert first == again == tokenize(text)
    assert inner == tokenize("補助率は")
    # Inside: segments "補助率は", "以内、上限は", "万円。補助率は", "以内" once each; the rest ran outside.
    assert calls[:4] == ["補助率は", "以内、上限は", "万円。補助率は", "以内"]
    assert len(calls) == 4 + 4 + 1
