"""The Markdown and terminal reports, and `assistant eval` with a fake engine and against the real index."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.evals import report

from .fakes import BAD, CORPUS, MINI, FakeEngine


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


def test_cli_scores_the_engines_records(monkeypatch, tmp_path):
    """With evals/records/ present and an engine that serves records, the report has a records section."""
    from assistant.records.models import KpiRecord, KpiValue, SourceSpan

    rec = KpiRecord(
        "k", "004_49aeb67bc23e3385.txt", None, "新規高卒者管内企業就職率", "％", KpiValue("R2", "60.9％", None),
        (), (KpiValue("R6", "63.9％", None),), "82.9％", 1, 1, "x", (SourceSpan("004_49aeb67bc23e3385.txt", 1, 1, "x"),),
    )  # fmt: skip
    monkeypatch.setattr(FakeEngine, "kpis", lambda self, **kw: [rec], raising=False)
    monkeypatch.setattr(FakeEngine, "programmes", lambda self, **kw: [], raising=False)
    out = tmp_path / "eval.json"
    res = _cli(monkeypatch, ["--set", str(MINI), "--json", str(out), "--no-gate", "--retriever", "bm25"])
    assert res.exit_code == 0, res.output
    records = json.loads(out.read_text(encoding="utf-8"))["records"]
    assert records["tune"]["kpi"]["found"] > 0 and records["tune"]["programme"]["found"] == 0.0
    assert set(records) >= {"tune", "test", "extracted", "tune_wrong"}
    assert "Records (found" in res.output and res.output.index("Records (found") > res.output.index("Answers")


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
