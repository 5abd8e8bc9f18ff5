"""The evaluation runner on a tiny fixture set with a fake engine: every figure computed by hand."""

from __future__ import annotations

import json
import math

import pytest

from assistant.evals import report
from assistant.evals.runner import evaluate
from assistant.evals.sets import load_sets

from .fakes import CORPUS, MINI, FakeEngine


# -- metrics by hand ---------------------------------------------------------------------------------
def test_retrieval_metrics_by_hand(rep):
    r = rep["summary"]["retrieval"]
    # bm25 ranks 1, 2, none
    assert r["bm25"]["n"] == 3
    assert r["bm25"]["recall@1"] == pytest.approx(1 / 3, abs=1e-4)
    assert r["bm25"]["recall@3"] == pytest.approx(2 / 3, abs=1e-4)
    assert r["bm25"]["recall@10"] == pytest.approx(2 / 3, abs=1e-4)
    assert r["bm25"]["mrr@10"] == pytest.approx((1 + 1 / 2 + 0) / 3, abs=1e-4)
    assert r["bm25"]["ndcg@10"] == pytest.approx((1 + 1 / math.log2(3)) / 3, abs=1e-4)
    # dense ranks 11 (beyond the depth: a miss), 1, 4
    assert r["dense"]["recall@1"] == pytest.approx(1 / 3, abs=1e-4)
    assert r["dense"]["recall@3"] == pytest.approx(1 / 3, abs=1e-4)
    assert r["dense"]["recall@5"] == pytest.approx(2 / 3, abs=1e-4)
    assert r["dense"]["mrr@10"] == pytest.approx((0 + 1 + 1 / 4) / 3, abs=1e-4)
    assert r["dense"]["ndcg@10"] == pytest.approx((1 + 1 / math.log2(5)) / 3, abs=1e-4)
    assert r["hybrid"]["recall@1"] == 1.0 and r["hybrid"]["mrr@10"] == 1.0 and r["hybrid"]["ndcg@10"] == 1.0
    for name in ("bm25", "dense", "hybrid"):
        assert r[name]["p50_ms"] is not None and r[name]["p95_ms"] >= r[name]["p50_ms"]


def test_answer_metrics_by_hand(rep):
    a = rep["summary"]["answers"]
    assert (a["n_answerable"], a["n_unanswerable"]) == (3, 2)
    assert a["accuracy"] == pytest.approx(1 / 3, abs=1e-4)  # m-1 only
    assert a["false_abstention"] == pytest.approx(1 / 3, abs=1e-4)  # m-2
    assert a["abstention"] == pytest.approx(1 / 2, abs=1e-4)  # m-4 yes, m-5 no
    assert a["n_citations"] == 4
    assert a["citation_validity"] == pytest.approx(2 / 4)
    assert a["length"]["max"] == len("上限は3,000万円です")
    assert a["p50_ms"] is not None


def test_abstentions_by_reason_add_up_to_the_abstention_figures(rep):
    w = rep["summary"]["answers"]["withheld"]
    # m-2 abstained by the gate (1 of 3 answerable: the false abstention); m-4 for want of a passage (1 of 2).
    assert w["answerable"] == {"evidence": 0.0, "constraint": 0.0, "confidence": pytest.approx(1 / 3, abs=1e-4)}
    assert w["unanswerable"] == {"evidence": 0.5, "constraint": 0.0, "confidence": 0.0}
    assert sum(w["answerable"].values()) == pytest.approx(rep["summary"]["answers"]["false_abstention"], abs=1e-4)
    split = next(iter(rep["by_split"].values()))["answers"]["withheld"]
    assert split == w  # one split here: the same items
    md = report.markdown(rep)
    assert "Why answers were withheld" in md and "| false abst: confidence |" in md and "| 0.333 |" in md
    assert "Why answers were withheld" in report.terminal(rep)


def test_withheld_shares_of_no_items_are_none_and_each_reason_counts_apart() -> None:
    from assistant.evals.withheld import withheld

    assert withheld([], [None, "constraint", "evidence", "constraint"]) == {
        "answerable": {"evidence": None, "constraint": None, "confidence": None},
        "unanswerable": {"evidence": 0.25, "constraint": 0.5, "confidence": 0.0},
    }


def test_breakdowns(rep):
    assert set(rep["by_style"]) == {"lookup", "paraphrase", "keyword", "unanswerable"}
    para = rep["by_style"]["paraphrase"]
    assert para["retrieval"]["bm25"]["recall@1"] == 0.0 and para["retrieval"]["bm25"]["mrr@10"] == 0.5
    assert para["answers"]["false_abstention"] == 1.0
    unans = rep["by_style"]["unanswerable"]
    assert unans["retrieval"]["bm25"]["n"] == 0 and unans["retrieval"]["bm25"]["recall@5"] is None
    assert rep["by_type"]["budget"]["retrieval"]["bm25"]["mrr@10"] == pytest.approx(0.75)
    assert rep["by_doc"]["zzz_not_indexed.txt"]["n"] == 1  # a document outside the index still runs
    assert set(rep["by_set"]) == {"mini_set"}


def test_failures_listed(rep):
    kinds = [(f["kind"], f["id"], f.get("retriever")) for f in rep["failures"]]
    assert ("retrieval", "m-3", "bm25") in kinds and ("retrieval", "m-1", "dense") in kinds
    assert not any(k[0] == "retrieval" and k[2] == "hybrid" for k in kinds)
    assert ("false_abstention", "m-2", None) in kinds
    assert ("wrong_answer", "m-3", None) in kinds
    assert ("missed_abstention", "m-5", None) in kinds
    assert sum(1 for k in kinds if k[0] == "invalid_citation") == 2
    miss = next(f for f in rep["failures"] if f["kind"] == "retrieval" and f["id"] == "m-3")
    assert miss["expected"] == "関係人口とは、地域と多様に関わる人々" and miss["top"]["line_start"] == 90


def test_json_keys_stable(rep):
    assert list(rep["summary"]["retrieval"]["hybrid"])[:9] == [
        "recall@1",
        "recall@3",
        "recall@5",
        "recall@10",
        "mrr@10",
        "ndcg@10",
        "n",
        "p50_ms",
        "p95_ms",
    ]
    for key in (
        "accuracy",
        "abstention",
        "false_abstention",
        "citation_validity",
        "n_answerable",
        "n_unanswerable",
        "p50_ms",
        "p95_ms",
    ):
        assert key in rep["summary"]["answers"]
    for key in ("summary", "by_set", "by_doc", "by_type", "by_style", "failures", "problems", "meta"):
        assert key in rep
    json.dumps(rep, ensure_ascii=False)


def test_no_answers(tmp_path):
    items, _ = load_sets([MINI])
    eng = FakeEngine()
    rep = evaluate(eng, items, ["bm25"], answers=False, corpus_dir=CORPUS)
    assert eng.calls == 0 and rep["summary"]["answers"] is None
    assert list(rep["summary"]["retrieval"]) == ["bm25"]
    md = report.markdown(rep)
    assert "| recall@5 |" in md
