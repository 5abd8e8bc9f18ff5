"""Parts of the PostgreSQL backend that need no server: tokenising in workers, summing posting lists,
token sets read as one string, and what the vector search asks the database (a stand-in connection)."""

from __future__ import annotations

import numpy as np

from assistant.backends.postgres import lexical
from assistant.backends.postgres.lexical import BIGRAMS, WORDS, PgLexical, field_postings
from assistant.backends.postgres.passages import SEP, PgPassages, _split
from assistant.backends.postgres.vectors import PgVectors
from assistant.text.tokenizer import tokenize

TEXTS = [
    "令和6年度の補助率は2/3以内、上限1,000万円とする。",
    "空き家の改修に要する経費を補助する。補助率は1/2。",
    "地方公共団体が実施する事業の経費の一部を補助する。",
    "地元大学の卒業生の県内定着率を75%とする。",
]


def test_tokenize_all_in_workers_with_their_segment_cache_gives_the_tokeniser_tokens(monkeypatch):
    monkeypatch.setattr(lexical, "PARALLEL_MIN", 4)
    # Numbers vary between copies and split the text into MeCab segments: the workers' caches hit.
    texts = [t.replace("2/3", f"{i}/3") + f" 第{i}号" for i in range(1, 40) for t in TEXTS]
    assert lexical.tokenize_all(texts, workers=2) == [tokenize(t) for t in texts]
    assert lexical.tokenize_all(texts[:3], workers=1) == [tokenize(t) for t in texts[:3]]


def _lexical(docs_tokens: list[list[str]]) -> PgLexical:
    lx = PgLexical(None, "s", len(docs_tokens), np.zeros(len(docs_tokens), np.int32), {}, None)
    fp = field_postings(WORDS, docs_tokens)
    lx._cache.update({(WORDS, t): v for t, v in fp.lists.items()})
    return lx


def test_posting_lists_summed_in_place_as_term_by_term_additions():
    docs = [tokenize(t) for t in TEXTS]
    lx = _lexical(docs)
    query = ["補助", "率", "補助", "経費", "無い語"]  # a repeated term counts twice; an unknown one adds nothing
    lists = {(WORDS, t): lx._cache.get((WORDS, t)) for t in query}
    want = np.zeros(len(docs), np.float32)
    for t in query:
        got = lists[(WORDS, t)]
        if got is not None:
            want[got[0]] += got[1]
    assert np.array_equal(lx._field(WORDS, query, lists), want)
    assert want[0] > want[3] > 0  # 補助 twice and 率 against 率 alone
    assert not lx._field(BIGRAMS, query, lists).any()


def test_lists_in_a_quarter_of_the_passages_kept_dense_give_the_same_scores():
    # 補助 and 経費 are in a quarter of the passages or more, 上限 in one of eight.
    docs = [tokenize(t) for t in TEXTS] + [["観光", "入込", "客"]] * 4
    lx = _lexical(docs)
    query = ["補助", "率", "補助", "経費", "上限"]
    sparse = {(WORDS, t): lx._cache.get((WORDS, t)) for t in query}
    read = {k: lx._postings(v[0].astype("<i4").tobytes(), v[1].astype("<f4").tobytes()) for k, v in sparse.items() if v}
    dense = [k for k, v in read.items() if v[0] is None]
    assert (WORDS, "補助") in dense and (WORDS, "上限") not in dense
    assert all(lx._size(read[k]) == len(docs) // 2 for k in dense) and lx._size(read[(WORDS, "上限")]) == 1
    assert np.array_equal(lx._field(WORDS, query, read), lx._field(WORDS, query, sparse))


def test_token_sets_read_as_one_joined_string():
    sets = frozenset(tokenize(TEXTS[0]))
    assert _split(SEP.join(sorted(sets))) == sets
    assert _split("") == frozenset() and _split(None) == frozenset()
    assert not any(SEP in t for text in TEXTS for t in tokenize(text + SEP + text))


class FakeDb:
    """Answers the few queries `PgPassages` and `PgVectors` make, and records them."""

    def __init__(self, n: int):
        self.n = n
        self.queries: list[str] = []

    def fetch(self, sql: str, params=None, *, binary: bool = False):
        self.queries.append(sql)
        if "information_schema" in sql:
            return [(1,)]
        if "embedding <#>" in sql:
            return [(3, 0.5), (1, 0.9), (2, 0.5)]
        if "line_start <=" in sql:
            wanted = [2, 3]
        else:
            wanted = params[0] if isinstance(params, tuple) else range(self.n)
        return [
            (p, f"c{p}", "d", "t", "h", 1, 2, "text", "text", 0, 4, None, None, None, f"a{SEP}b", "") for p in wanted
        ]


def _vectors(n: int, cache_size: int) -> tuple[FakeDb, PgPassages, PgVectors]:
    db = FakeDb(n)
    passages = PgPassages(db, "s", n, [], cache_size=cache_size)
    return db, passages, PgVectors(db, "s", None, passages, exact=False)


def test_vector_search_reads_missing_rows_once_and_nothing_when_cached():
    db, passages, vectors = _vectors(10, cache_size=5)
    passages.defer([7, 1])  # the lexical side's candidates
    db.queries.clear()
    ids, sims = vectors.search_vector(np.ones(4, np.float32), 3)
    assert ids.tolist() == [1, 2, 3] and np.allclose(sims, [0.9, 0.5, 0.5])  # ties by position
    assert len(db.queries) == 2 and "ANY" in db.queries[1]  # positions, then the missing rows in one query
    assert passages.term_sets([7, 1]) == {
        7: (frozenset({"a", "b"}), frozenset()),
        1: (frozenset({"a", "b"}), frozenset()),
    }
    db.queries.clear()
    vectors.search_vector(np.ones(4, np.float32), 3)
    assert len(db.queries) == 1  # every row cached: one query per search
    assert passages.at(2).chunk_id == "c2" and len(db.queries) == 1


def test_vector_search_of_a_preloaded_build_is_one_query():
    db, passages, vectors = _vectors(4, cache_size=10)
    assert passages.preloaded
    db.queries.clear()
    vectors.search_vector(np.ones(4, np.float32), 3, docs=["d"])
    assert len(db.queries) == 1 and "doc = ANY" in db.queries[0]


def test_passages_of_a_record_read_once():
    db, passages, _ = _vectors(10, cache_size=5)
    db.queries.clear()
    assert passages.in_lines("d", 1, 2) == [2, 3]
    assert passages.in_lines("d", 1, 2) == [2, 3]
    assert len(db.queries) == 1  # the rows are cached, and so is the answer
    passages.prefetch([5, 6, 7, 8, 9])  # evicts them
    db.queries.clear()
    assert passages.in_lines("d", 1, 2) == [2, 3] and passages.at(2).chunk_id == "c2"
    assert len(db.queries) == 1 and "line_start <=" not in db.queries[0]  # only the evicted rows


def test_query_log_rows_written_in_batches_by_a_thread():
    import threading

    from assistant.backends.postgres.logbatch import LogWriter

    written: list[list] = []
    gate = threading.Event()

    def write(rows):
        gate.wait(5)
        if any(p == ("bad",) for _, p in rows):
            raise RuntimeError("database gone")
        written.append(rows)

    writer = LogWriter(write, max_batch=8)
    for i in range(5):
        writer.submit("INSERT a", (i,))  # returns at once: the writer is held at the gate
    assert written == []
    gate.set()
    writer.flush()
    assert [p for rows in written for _, p in rows] == [(i,) for i in range(5)]
    assert len(written) <= 2  # rows queued together share a transaction
    writer.submit("INSERT a", ("bad",))
    writer.flush()  # a failed batch is logged, not raised; the writer goes on
    writer.submit("INSERT b", (9,))
    writer.close()  # writes what is queued before stopping
    assert written[-1] == [("INSERT b", (9,))]


def test_query_log_writer_lingers_for_more_rows_but_not_for_a_flush():
    import time

    from assistant.backends.postgres.logbatch import LogWriter

    written: list[list] = []
    writer = LogWriter(written.append, max_batch=64, linger_s=0.5)
    for i in range(4):  # rows trickling in, as requests do: one batch, not four
        writer.submit("INSERT a", (i,))
        time.sleep(0.02)
    t0 = time.monotonic()
    writer.flush()  # ends the linger: a reader does not wait for it
    assert time.monotonic() - t0 < 0.4
    assert written == [[("INSERT a", (i,)) for i in range(4)]]
    writer.submit("INSERT a", (4,))
    t0 = time.monotonic()
    writer.close()
    assert time.monotonic() - t0 < 0.4 and written[-1] == [("INSERT a", (4,))]


def test_rows_of_one_statement_go_in_one_executemany():
    from contextlib import nullcontext

    from assistant.backends.postgres.logbatch import write_rows

    calls = []

    class Cursor:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return None

        def executemany(self, sql, params):
            calls.append((sql, list(params)))

    class Conn:
        def transaction(self):
            return nullcontext()

        def cursor(self):
            return Cursor()

    write_rows(Conn(), [("A", (1,)), ("A", (2,)), ("B", (3,)), ("A", (4,))])
    assert calls == [("A", [(1,), (2,)]), ("B", [(3,)]), ("A", [(4,)])]


def test_every_model_calibration_fits_is_published_with_a_build():
    """An API process on the database reads the fitted models from the build's files: one left out (the value
    chooser's, once it beat the prior) makes the two backends answer differently."""
    from assistant.answer.confidence import MODEL_FILE
    from assistant.answer.ranking import RANKER_FILE
    from assistant.answer.value_choice import VALUES_FILE
    from assistant.backends.postgres.writer import FILES
    from assistant.retrieval.fusion_model import FUSION_FILE
    from assistant.retrieval.query_adapter import ADAPTER_FILE

    assert {MODEL_FILE, FUSION_FILE, RANKER_FILE, VALUES_FILE, ADAPTER_FILE} <= set(FILES)
