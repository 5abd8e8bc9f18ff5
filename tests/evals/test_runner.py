"""The evaluation runner on a tiny fixture set with a fake engine: every figure computed by hand."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.evals import gate, metrics, report
from assistant.evals.runner import evaluate
from assistant.evals.sets import load_set, load_sets
from assistant.types import Answer, Chunk, Citation, Hit

FIX = Path(__file__).parent / "fixtures"
CORPUS = FIX / "mini_corpus"
MINI = FIX / "mini_set.jsonl"
BAD = FIX / "bad_set.jsonl"


# -- a fake engine -----------------------------------------------------------------------------------
def chunk(text: str, doc: str = "a.txt", start: int = 1, end: int = 1, cid: str | None = None) -> Chunk:
    return Chunk(cid or f"{doc}:{start}:{text[:4]}", doc, doc, "", start, end, text, text)


NOISE = [chunk(f"無関係な記載{i}", start=90 + i) for i in range(12)]
REL = {
    "補助率は？": chunk("補助率は２／３\n以内とする。", start=2, end=2),  # full-width and a line break: still relevant
    "いくらまで出ますか": chunk("上限は3,000万円。", start=3, end=3),
    "関係人口 定義": chunk("関係人口とは、地域と多様に関わる人々のことである。", start=4, end=4),
}
# rank of the relevant chunk per retriever and question (None: not returned; 11: beyond the depth of 10)
RANKS = {
    "bm25": {"補助率は？": 1, "いくらまで出ますか": 2, "関係人口 定義": None},
    "dense": {"補助率は？": 11, "いくらまで出ますか": 1, "関係人口 定義": 4},
    "hybrid": {"補助率は？": 1, "いくらまで出ますか": 1, "関係人口 定義": 1},
}


class FakeRetriever:
    def __init__(self, name: str):
        self.name = name

    def retrieve(self, query, k=5, docs=None):
        hits = list(NOISE)
        rank = RANKS[self.name].get(query)
        if rank is not None:
            hits.insert(rank - 1, REL[query])
        return [Hit(c, 1.0 / (i + 1), i + 1) for i, c in enumerate(hits[:k])]


def cite(n, quote, doc="a.txt", lines=(1, 4), qlines=(0, 0)) -> Citation:
    return Citation(n, f"{doc}:{n}", doc, "t", None, "", quote, lines[0], lines[1], qlines[0], qlines[1])


ANSWERS = {
    # correct: markers inside the text are removed before comparing, full-width digits normalised
    "補助率は？": ("補助率は２／３[1]以内です。", False, [cite(1, "補助率は２／３以内とする。", qlines=(2, 2))]),
    # false abstention
    "いくらまで出ますか": ("該当する記載が見つかりませんでした", True, []),
    # wrong answer; citation 1 valid via the chunk lines (quote lines 0), citation 2 quotes nothing in the file
    "関係人口 定義": (
        "上限は3,000万円です[1][2]",
        False,
        [cite(1, "上限は3,000万円。", lines=(3, 3)), cite(2, "存在しない文です。", lines=(1, 4))],
    ),
    # correct abstention
    "登録料はいくら？": ("該当する記載が見つかりませんでした", True, []),
    # answered an unanswerable question; the quote is real but on other lines -> invalid
    "参加者数は？": ("関係人口です[1]", False, [cite(1, "関係人口とは", qlines=(1, 1))]),
}


class FakeEngine:
    build_id = "fake"

    def __init__(self, dense: bool = True):
        self.has_dense = dense
        self.calls = 0

    def retriever(self, name):
        if name == "dense" and not self.has_dense:
            raise ValueError("this index has no dense side")
        return FakeRetriever(name)

    def answer(self, question):
        self.calls += 1
        text, abstained, cites = ANSWERS[question]
        return Answer("x", question, text, abstained, "general", cites)


@pytest.fixture(scope="module")
def rep():
    items, problems = load_sets([MINI])
    assert not problems
    return evaluate(FakeEngine(), items, corpus_dir=CORPUS, problems=problems)


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


def test_relevance_rule_long_evidence():
    ev = "あ" * 10 + "い" * 25 + "う" * 10  # 45 chars > 40: first or last 30 suffice
    assert metrics.relevance_keys(ev) == (ev, ev[:30], ev[-30:])
    assert metrics.first_relevant_rank(["無関係", "前置き" + ev[:30]], ev) == 2
    assert metrics.first_relevant_rank(["x " + ev[-30:]], ev) == 1
    assert metrics.first_relevant_rank([ev[5:35]], ev) is None  # a middle piece is not enough
    short = "補助率は2/3以内"  # short evidence needs all of it
    assert metrics.first_relevant_rank(["補助率は2/3"], short) is None


def test_citation_validity_rules():
    lines = ["12\t小さな拠点の形成を推進", "13\tする。", "14\t国十交诵省が支援する。"]
    # The document's own words, PDF line numbers included, whitespace aside: verbatim.
    assert metrics.citation_valid("12 小さな拠点の形成を推進\n13 する。", lines, 1, 2)
    # Cleaned or repaired words are not what the document says at those lines.
    assert not metrics.citation_valid("小さな拠点の形成を推進する。", lines, 1, 2)
    assert not metrics.citation_valid("国土交通省が支援する。", lines, 3, 3)
    assert metrics.citation_valid("国十交诵省が支援する。", lines, 3, 3)
    assert not metrics.citation_valid("国十交诵省が支援する。", lines, 1, 2)  # wrong lines
    assert not metrics.citation_valid("", lines, 1, 3)
    assert not metrics.citation_valid("する", None, 1, 1)
    assert metrics.citation_lines(0, 0, 5, 9) == (5, 9) and metrics.citation_lines(6, 7, 5, 9) == (6, 7)


def test_strip_markers_and_percentile():
    assert metrics.strip_markers("上限[1]は［2］3,000万円[1,2]") == "上限は3,000万円"
    assert metrics.answer_correct("２／３", "補助率は2/3[1]", abstained=False)
    assert not metrics.answer_correct("2/3", "補助率は2/3", abstained=True)
    assert metrics.percentile([1, 2, 3, 4], 50) == 2.5 and metrics.percentile([], 50) is None
    assert metrics.percentile([10.0], 95) == 10.0


# -- sets ----------------------------------------------------------------------------------------
def test_bad_lines_reported_by_number():
    items, problems = load_set(BAD)
    assert [i.id for i in items] == ["x-1", "x-7"]
    errors = {p.line: p.message for p in problems if p.severity == "error"}
    assert set(errors) == {2, 3, 4, 5, 7}
    assert "not valid JSON" in errors[2]
    assert "missing field(s): evidence" in errors[3]
    assert "duplicate id 'x-1'" in errors[4]
    assert "not a JSON object" in errors[5]
    assert "answer must be" in errors[7]
    warnings = [p for p in problems if p.severity == "warning"]
    assert {p.line for p in warnings} == {8} and any("unknown type" in p.message for p in warnings)
    assert str(problems[0]).startswith(f"{BAD}:")


def test_unseen_set_runs(tmp_path):
    # a set never seen before: other ids, a new type, an unindexed document, a bad line
    new = tmp_path / "holdout_v9.jsonl"
    new.write_text(
        "\n".join(
            [
                json.dumps(
                    {
                        "id": "h-1",
                        "doc": "a.txt",
                        "question": "いくらまで出ますか",
                        "answer": "3,000万円",
                        "evidence": "上限は3,000万円",
                        "type": "schedule",
                        "style": "paraphrase",
                    },
                    ensure_ascii=False,
                ),
                "{oops",
                json.dumps(
                    {
                        "id": "h-2",
                        "doc": "999_new.txt",
                        "question": "登録料はいくら？",
                        "answer": None,
                        "evidence": None,
                        "type": "fact",
                        "style": "unanswerable",
                    },
                    ensure_ascii=False,
                ),
            ]
        ),
        encoding="utf-8",
    )
    items, problems = load_sets([new, BAD])
    mine = [(p.line, p.severity) for p in problems if p.set == "holdout_v9"]
    assert mine == [(1, "warning"), (2, "error")]  # unknown type kept, broken line skipped
    rep = evaluate(FakeEngine(dense=False), items, corpus_dir=CORPUS, problems=problems)
    assert rep["meta"]["skipped_retrievers"] == {"dense": "this index has no dense side"}
    assert set(rep["summary"]["retrieval"]) == {"bm25", "hybrid"}
    assert "schedule" in rep["by_type"] and set(rep["by_set"]) == {"holdout_v9", "bad_set"}
    assert rep["by_set"]["holdout_v9"]["retrieval"]["bm25"]["mrr@10"] == 0.5
    assert rep["problems"]  # carried into the report


def test_no_answers(tmp_path):
    items, _ = load_sets([MINI])
    eng = FakeEngine()
    rep = evaluate(eng, items, ["bm25"], answers=False, corpus_dir=CORPUS)
    assert eng.calls == 0 and rep["summary"]["answers"] is None
    assert list(rep["summary"]["retrieval"]) == ["bm25"]
    md = report.markdown(rep)
    assert "| recall@5 |" in md


# -- gate ----------------------------------------------------------------------------------------
def test_gate(rep, tmp_path):
    t = tmp_path / "t.toml"
    t.write_text(
        '[retrieval.bm25]\n"recall@1" = 0.30\n"mrr@10" = 0.60\n'
        '[retrieval.hybrid]\n"recall@5" = 1.0\n'
        "[answers]\naccuracy = 0.3\nfalse_abstention = { max = 0.2 }\n"
        '[by_style.paraphrase.retrieval.hybrid]\n"recall@5" = 0.9\n'
        '[by_style.nonexistent.retrieval.hybrid]\n"recall@5" = 0.9\n'
        '[retrieval.bm25x]\n"recall@5" = 0.9\n',
        encoding="utf-8",
    )
    checks = gate.load_thresholds(t)
    g = gate.check(rep, checks, str(t))
    by = {(c["metric"], c["bound"]): c for c in g["checks"]}
    assert by[("retrieval.bm25.recall@1", "min")]["status"] == "pass"
    fail = by[("retrieval.bm25.mrr@10", "min")]
    assert fail["status"] == "fail" and fail["margin"] == pytest.approx(-0.1, abs=1e-3)
    assert "0.1 below its floor 0.6" in fail["reason"]
    assert by[("retrieval.hybrid.recall@5", "min")]["status"] == "pass"  # equal to the floor passes
    ceiling = by[("answers.false_abstention", "max")]
    assert ceiling["status"] == "fail" and "above its ceiling" in ceiling["reason"]
    assert by[("by_style.paraphrase.retrieval.hybrid.recall@5", "min")]["status"] == "pass"
    assert by[("by_style.nonexistent.retrieval.hybrid.recall@5", "min")]["status"] == "skip"
    assert by[("retrieval.bm25x.recall@5", "min")]["status"] == "skip"
    assert not g["passed"] and g["n_failed"] == 2 and g["n_skipped"] == 2
    lines = "\n".join(report.gate_lines(g))
    assert "FAIL retrieval.bm25.mrr@10" in lines and "FAIL answers.false_abstention" in lines


def test_gate_unknown_metric_and_bad_file(rep, tmp_path):
    t = tmp_path / "t.toml"
    t.write_text('[retrieval.hybrid]\n"recall@50" = 0.5\n', encoding="utf-8")
    g = gate.check(rep, gate.load_thresholds(t))
    assert g["checks"][0]["status"] == "fail" and "no metric" in g["checks"][0]["reason"]
    t.write_text('[answers]\naccuracy = "high"\n', encoding="utf-8")
    with pytest.raises(gate.ThresholdError):
        gate.load_thresholds(t)


def test_gate_skips_answers_when_not_run(tmp_path):
    items, _ = load_sets([MINI])
    rep = evaluate(FakeEngine(), items, ["bm25"], answers=False, corpus_dir=CORPUS)
    t = tmp_path / "t.toml"
    t.write_text('[answers]\naccuracy = 0.9\n[retrieval.hybrid]\n"recall@5" = 0.9\n', encoding="utf-8")
    g = gate.check(rep, gate.load_thresholds(t))
    assert g["passed"] and g["n_skipped"] == 2


def test_repo_thresholds_parse():
    path = Path(__file__).resolve().parents[2] / "evals" / "thresholds.toml"
    checks = gate.load_thresholds(path)
    assert any(c["path"] == ["retrieval", "hybrid", "recall@5"] for c in checks)
    assert any(c["path"] == ["answers", "false_abstention"] and c["bound"] == "max" for c in checks)


# -- reports and the CLI --------------------------------------------------------------------------
def test_markdown_and_terminal(rep, tmp_path):
    rep = {**rep, "gate": None}
    md_path = tmp_path / "out" / "eval.md"
    png = report.write_markdown(rep, md_path)
    md = md_path.read_text(encoding="utf-8")
    assert "| metric | bm25 | dense | hybrid |" in md
    assert "## By style" in md and "## By type" in md and "## By document" in md and "## By set" in md
    assert "### Retrieval misses at 5: bm25 (1)" in md and "m-3" in md
    assert "### Wrong answers (1)" in md and "上限は3,000万円です[1][2]" in md
    if png is not None:
        assert png.exists() and f"]({png.name})" in md
    text = report.terminal(rep)
    assert "recall@5" in text and "paraphrase" in text and "Gate: skipped" in text


def _cli(monkeypatch, args):
    import assistant.service
    from assistant.cli import _register, cli

    _register()
    monkeypatch.setattr(assistant.service.Assistant, "load", classmethod(lambda cls, settings, **kw: FakeEngine()))
    return CliRunner().invoke(cli, ["eval", *args, "--corpus", str(CORPUS)])


def test_cli_with_fake_engine(monkeypatch, tmp_path):
    t = tmp_path / "t.toml"
    t.write_text('[retrieval.hybrid]\n"recall@5" = 0.9\n', encoding="utf-8")
    out = tmp_path / "eval.json"
    res = _cli(
        monkeypatch, ["--set", str(MINI), "--json", str(out), "--md", str(tmp_path / "eval.md"), "--thresholds", str(t)]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["gate"]["passed"] and data["summary"]["retrieval"]["bm25"]["mrr@10"] == 0.5
    assert "Gate (" in res.output and "PASS" in res.output

    t.write_text('[retrieval.bm25]\n"recall@5" = 0.9\n', encoding="utf-8")
    res = _cli(monkeypatch, ["--set", str(MINI), "--thresholds", str(t)])
    assert res.exit_code == 1
    assert "FAIL retrieval.bm25.recall@5" in res.output and "below its floor" in res.output

    res = _cli(monkeypatch, ["--set", str(MINI), "--thresholds", str(t), "--no-gate", "--retriever", "bm25"])
    assert res.exit_code == 0 and "Gate: skipped" in res.output


def test_cli_bad_set_does_not_crash(monkeypatch, tmp_path):
    res = _cli(monkeypatch, ["--set", str(BAD), "--no-gate", "--no-answers"])
    assert res.exit_code == 0, res.output
    assert "bad_set.jsonl:2: error: not valid JSON" in res.output
    empty = tmp_path / "empty.jsonl"
    empty.write_text("{broken\n", encoding="utf-8")
    res = _cli(monkeypatch, ["--set", str(empty), "--no-gate"])
    assert res.exit_code == 2 and "no valid items" in res.output


# -- against the real index --------------------------------------------------------------------------
@pytest.mark.slow
def test_cli_real_index(tmp_path):
    from assistant.backends.local.published import current_build
    from assistant.cli import _register, cli
    from assistant.settings import Settings

    settings = Settings()
    if current_build(settings.index_dir) is None:
        pytest.skip("no index built (run: assistant index build)")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    root = Path(__file__).resolve().parents[2]
    lines = (root / "evals" / "tune" / "team_v1.jsonl").read_text(encoding="utf-8").splitlines()
    small = tmp_path / "small.jsonl"
    picked = [ln for ln in lines if '"unanswerable"' not in ln][:4] + [ln for ln in lines if '"unanswerable"' in ln][:2]
    small.write_text("\n".join(picked) + "\n", encoding="utf-8")
    out = tmp_path / "out.json"
    _register()
    res = CliRunner().invoke(cli, ["eval", "--set", str(small), "--json", str(out), "--no-gate"])
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["meta"]["n_items"] == 6 and set(data["summary"]["retrieval"]) == {"bm25", "dense", "hybrid"}
    assert data["summary"]["retrieval"]["hybrid"]["n"] == 4
    assert data["summary"]["answers"]["n_unanswerable"] == 2
    for name in ("bm25", "dense", "hybrid"):
        assert 0.0 <= data["summary"]["retrieval"][name]["recall@10"] <= 1.0
