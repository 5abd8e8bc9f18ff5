"""The re-ranker's array features equal the per-candidate loop they replaced, on the real corpus.

`_loop_features` is the former `HybridRetriever.fusion_features`, kept here as the reference: the
same candidates, the same features (the sentence cosine to float32 rounding: only the candidates'
rows are multiplied now), and the same order of candidates by fused score.
"""

from __future__ import annotations

import numpy as np
import pytest

from assistant.question.kinds import analyze, has_value
from assistant.retrieval.features import TermTable, ValueTable, best_sentence
from assistant.text.tokenizer import char_bigrams, tokenize

#: Invented questions of the kinds officials ask: amounts, rates, KPI fields, eligibility, dates, prose.
QUESTIONS = (
    "地域公共交通の維持に対する補助率と上限額は？",
    "宿泊者数の到達目標はどれだけですか",
    "移住定住の相談件数の実績値を教えて",
    "令和4年度の整備費は総額いくらでしたか",
    "子育て支援の補助対象となるのは誰ですか",
    "再生可能エネルギー導入量の基準値は？",
    "人口減少に対してどのような施策がありますか",
    "漁業就業者数の達成率は何％ですか",
    "助成の対象となる費用はどれですか",
    "物流の効率化に向けた取組の概要",
    "その数値は何年度に届く見込み？",
    "デジタル人材の育成に関する事業",
    "企業誘致の件数は何件ですか",
    "「広域連携」の推進体制について",
    "存在しない架空の制度ＸＹＺの申請期限",
)


def _loop_features(hybrid, query: str, docs=None) -> list[tuple[int, tuple[float, ...]]]:
    """The per-candidate loop the arrays replaced (position, features), as it was."""
    idf, p = hybrid.idf, hybrid.params
    query_tokens = tokenize(query)
    bm = hybrid.lexical.top(query, query_tokens, p.candidates, docs)
    cand = set(bm)
    q_vector = hybrid.embedder.embed_queries([query])
    ids, sims = hybrid.vectors.search_vector(q_vector, p.candidates, docs)
    dense_scores = {int(i): float(s) for i, s in zip(ids, sims, strict=True)}
    cand |= set(dense_scores)
    hinted: set[int] = set()
    where = hybrid.record_hint(query, docs, idf) if hybrid.record_hint else None
    if where is not None:
        hinted = hybrid._overlapping(*where)
        cand |= hinted
    cand_list = sorted(cand)
    missing = [i for i in cand_list if i not in bm]
    if missing:
        bm.update(hybrid.lexical.score(query, query_tokens, missing))
        if docs:
            bm.update({i: 0.0 for i in missing if hybrid.passages.at(i).doc not in set(docs)})
    best = hybrid._best_sentence(q_vector)
    vals = np.array(list(dense_scores.values()))
    floor = float(vals.min()) if len(vals) > 1 else 0.0
    span = float(vals.max()) - floor or 1.0
    q_tokens = set(query_tokens)
    q_weight = sum(idf.get(t, 0.0) for t in q_tokens) or 1.0
    wanted = [k for k in analyze(query).value_kinds if k in ("amount", "rate", "count", "percent", "date", "cap")]
    out = []
    for i in cand_list:
        tokens, heading_tokens = hybrid._passage_tokens(i)
        text = hybrid.passages.at(i).search_text
        value = sum(has_value(text, w) for w in wanted) / len(wanted) if wanted else 0.0
        features = (
            float(bm.get(i, 0.0)),
            (dense_scores[i] - floor) / span if i in dense_scores else 0.0,
            sum(idf.get(t, 0.0) for t in q_tokens & tokens) / q_weight,
            float(best[i]) if best is not None else 0.0,
            value,
            float(i in hinted),
            len(q_tokens & heading_tokens) / max(len(q_tokens), 1),
        )
        out.append((i, features))
    return out


def _order(rows: list[tuple[int, tuple[float, ...]]], weights) -> list[int]:
    fused = np.array([f for _, f in rows]) @ np.asarray(weights, dtype=np.float64)
    return [i for _, i in sorted(zip(fused.tolist(), [i for i, _ in rows], strict=True), key=lambda x: (-x[0], x[1]))]


@pytest.mark.parametrize("docs", [None, ("003_6b6a8afd27e09b17.txt", "004_49aeb67bc23e3385.txt")])
def test_array_features_equal_the_loop_on_the_real_corpus(engine, docs) -> None:
    hybrid = engine.hybrid
    assert hybrid._sentence_vectors is not None  # the built-in model: every feature is exercised
    for q in QUESTIONS:
        new = [(c.position, c.features) for c in hybrid.fusion_features(q, docs)]
        old = _loop_features(hybrid, q, docs)
        assert [i for i, _ in new] == [i for i, _ in old], q
        a = np.array([f for _, f in new])
        b = np.array([f for _, f in old])
        exact = [0, 1, 4, 5, 6]  # bm25, dense, value, record, heading: the same arithmetic
        assert np.array_equal(a[:, exact], b[:, exact]), q
        assert np.allclose(a[:, 2], b[:, 2], rtol=1e-12, atol=0), q  # coverage: summed in another order
        assert np.allclose(a[:, 3], b[:, 3], rtol=0, atol=1e-6), q  # sentence cosine: float32 rows
        assert _order(new, hybrid.params.weights()) == _order(old, hybrid.params.weights()), q


def test_bm25_scores_are_bit_identical_to_bm25s(engine) -> None:
    from assistant.backends.local.lexical import relevance

    for q in QUESTIONS:
        for model, tokens in ((engine.bm25.model, tokenize(q)), (engine.bm25.bigrams, char_bigrams(q))):
            ids = model.get_tokens_ids(tokens)
            if ids:
                assert np.array_equal(relevance(model, ids), model.get_scores(ids)), q


def test_term_table_matches_set_intersections() -> None:
    sets = {0: (frozenset({"補助", "率", "上限"}), frozenset({"補助"})), 1: (frozenset({"目標", "値"}), frozenset())}
    table = TermTable(3)
    table.fill([1, 0], sets.__getitem__)
    idf = {"補助": 2.0, "率": 0.5, "目標": 1.0, "未知": 9.0}
    covered, heading = table.matches(np.array([0, 1]), {"補助", "率", "未知"}, idf)
    assert covered.tolist() == [2.5, 0.0] and heading.tolist() == [1.0, 0.0]
    assert [x.tolist() for x in table.matches(np.array([1]), {"未知"}, idf)] == [[0.0], [0.0]]
    table.fill([2], lambda i: (frozenset({"補助"}), frozenset({"率"})))  # a passage added later is counted
    assert [x.tolist() for x in table.matches(np.array([0, 2]), {"補助", "率"}, idf)] == [[2.5, 2.0], [1.0, 1.0]]


def test_term_table_matches_of_some_candidates_among_many_filled_passages() -> None:
    rng = np.random.default_rng(3)
    words = ["補助", "率", "上限", "目標", "値", "事業", "地域"]
    sets = {i: (frozenset(rng.choice(words, 3)), frozenset(rng.choice(words, 1))) for i in range(300)}
    table = TermTable(400)
    table.fill(list(sets), sets.__getitem__)
    idf = {w: 0.1 + i for i, w in enumerate(words)}
    query = {"補助", "上限", "地域", "未知"}
    positions = np.sort(rng.choice(300, 40, replace=False))
    covered, heading = table.matches(positions, query, idf)
    for i, c, h in zip(positions.tolist(), covered.tolist(), heading.tolist(), strict=True):
        assert c == sum(idf[t] for t in query if t in sets[i][0]) and h == len(query & sets[i][1])


def test_value_table_reads_each_passage_once() -> None:
    texts = {0: "補助率は1/2、上限は500万円", 1: "地域の魅力を発信する"}
    seen: list[int] = []
    table = ValueTable(2)

    def text(i: int) -> str:
        seen.append(i)
        return texts[i]

    positions = np.array([0, 1])
    share = table.share(positions, ["rate", "amount"], text)
    assert share.tolist() == [1.0, 0.0]
    assert table.share(positions, ["rate"], text).tolist() == [1.0, 0.0] and seen == [0, 1]


def test_best_sentence_reads_only_the_given_passages_rows() -> None:
    vectors = np.eye(4, dtype=np.float32)[[0, 1, 2, 3, 0]]  # passage 0: rows 0-1, 1: row 2, 2: rows 3-4
    starts = np.array([0, 2, 3])
    query = np.array([0, 1, 0, 1], dtype=np.float32)
    assert best_sentence(vectors, starts, np.array([0, 2]), query).tolist() == [1.0, 1.0]
    assert best_sentence(vectors, starts, np.array([1]), query).tolist() == [0.0]
