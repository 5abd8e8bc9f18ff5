"""The refit-spread tool's subsample: salted, stable, conversations kept or dropped whole, every tune file kept."""

from __future__ import annotations

import json
from pathlib import Path

from .tool_loader import load_tool


def _tool():
    return load_tool("refit_spread")


def _write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def test_subsample_keeps_a_share_by_salt_and_whole_conversations(tmp_path):
    tool = _tool()
    src = tmp_path / "tune"
    src.mkdir()
    _write(src / "bank.jsonl", [{"id": f"q-{i}", "question": "補助率は？"} for i in range(400)])
    turns = [{"question": "予算は？"}, {"question": "上限は？"}]
    _write(src / "conversations.jsonl", [{"id": f"c-{i}", "kind": "field_switch", "turns": turns} for i in range(50)])
    kept_a = tool.subsample(src, tmp_path / "a", "salt:0", 0.8)
    kept_b = tool.subsample(src, tmp_path / "b", "salt:0", 0.8)
    kept_c = tool.subsample(src, tmp_path / "c", "salt:1", 0.8)
    bank_a = (tmp_path / "a" / "bank.jsonl").read_text(encoding="utf-8")
    assert kept_a == kept_b and bank_a == (tmp_path / "b" / "bank.jsonl").read_text(encoding="utf-8")
    assert bank_a != (tmp_path / "c" / "bank.jsonl").read_text(encoding="utf-8")  # another salt, another draw
    assert 0.7 * 450 < kept_a < 0.9 * 450 and kept_c != 0
    conversations = [json.loads(line) for line in (tmp_path / "a" / "conversations.jsonl").open(encoding="utf-8")]
    # a conversation is kept or dropped by its own id, all its turns together
    assert [c["id"] for c in conversations] == [f"c-{i}" for i in range(50) if tool.keep(f"c-{i}", "salt:0", 0.8)]
    assert 0 < len(conversations) < 50


def test_figures_reads_both_splits_and_follow_ups():
    tool = _tool()
    answers = {m: 0.5 for m in tool.METRICS}
    report = {
        "by_split": {"test": {"answers": answers}, "tune": {"answers": {**answers, "accuracy": 0.9}}},
        "conversations": {"by_split": {"test": {"follow_up_accuracy": 0.7}, "tune": {"follow_up_accuracy": 0.8}}},
    }
    f = tool.figures(report)
    assert f["tune.accuracy"] == 0.9 and f["test.accuracy"] == 0.5 and f["test.follow_ups"] == 0.7
