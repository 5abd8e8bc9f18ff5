"""The threshold gate: floors and ceilings, unknown metrics and bad files, sections not run."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.evals import gate, report
from assistant.evals.runner import evaluate
from assistant.evals.sets import load_sets

from .fakes import CORPUS, MINI, FakeEngine


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
    # Floors per split: the frozen test split is gated as well as tune, conversations too.
    for split in ("tune", "test"):
        assert any(c["path"] == ["by_split", split, "retrieval", "hybrid", "recall@5"] for c in checks)
        assert any(
            c["path"] == ["by_split", split, "answers", "false_abstention"] and c["bound"] == "max" for c in checks
        )
        assert any(c["path"] == ["conversations", "by_split", split, "follow_up_accuracy"] for c in checks)
