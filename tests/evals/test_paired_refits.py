"""The paired-refits tool: the same groups left out of both builds, paired differences, refused inputs."""

from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.answer.confidence import DATA_FILE, FEATURES, REPORT_FILE

from .tool_loader import load_tool


def _tool():
    return load_tool("paired_refits")


def _build(tmp_path, name: str, rows: list[dict], items: int = 500, answerable: int = 400):
    build = tmp_path / name / "current"
    build.mkdir(parents=True)
    (build / DATA_FILE).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (build / REPORT_FILE).write_text(json.dumps({"tune_items": items, "tune_answerable": answerable}), encoding="utf-8")
    return tmp_path / name


def _rows(signal: float, n: int = 360, seed: int = 0) -> list[dict]:
    """Synthetic gate rows over six writers' rounds; ``signal`` is how well `overlap` tells right from wrong."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        right = bool(rng.random() < 0.7)
        features = {f: 0.0 for f in FEATURES}
        features["overlap"] = float(signal * right + rng.normal())
        features["sentence_score"] = float(rng.normal())
        rows.append(
            {
                "id": f"q{i:03d}",
                "group": f"c{i // 3:03d}" if i % 2 else f"q{i:03d}",
                "right": right,
                "answerable": right or bool(rng.random() < 0.5),
                "set": f"tune/pool{i % 6}_bank",
                "features": features,
            }
        )
    return rows


def test_the_items_left_out_come_off_both_counts_once():
    tool = _tool()
    before = [{"id": "a", "answerable": True}, {"id": "b", "group": "c1", "answerable": False}]
    after = [{"id": "a", "answerable": True}, {"id": "d", "group": "c1", "answerable": True}]  # b abstained on
    assert tool.items_out((before, after), {"a", "c1"}) == (3, 2)
    assert tool.items_out((before, after), set()) == (0, 0)


def test_the_cost_counts_a_wrong_answer_as_wrong_cost_missed_right_ones():
    tool = _tool()
    figures = {"accuracy": 0.9, "confidently_wrong": 0.05, "abstention": 0.8, "false_abstention": 0.06}
    assert tool.cost(figures, n_items=1000, n_answerable=800, wrong_cost=2.0) == pytest.approx(80 + 100)


def test_both_builds_lose_the_same_groups_and_identical_builds_differ_by_nothing(tmp_path, monkeypatch, capsys):
    tool = _tool()
    rows = _rows(1.0)
    seen: list[tuple[int, frozenset]] = []

    def fake(rows_, out, n_items, n_answerable):
        seen.append((len(rows_), frozenset(out)))
        assert n_items == 500 - sum(tool.group_of(r) in out for r in rows)
        kept = [r for r in rows_ if tool.group_of(r) not in out]
        share = sum(r["right"] for r in kept) / len(kept)
        return {"accuracy": share, "abstention": 0.8, "false_abstention": 0.05, "confidently_wrong": 1 - share}

    monkeypatch.setattr(tool, "held_out", fake)
    before, after = _build(tmp_path, "a", rows), _build(tmp_path, "b", rows)
    assert tool.main([str(before), str(after), "--draws", "2", "--share", "0.05"]) == 0
    assert [o for _, o in seen[0::2]] == [o for _, o in seen[1::2]]  # each draw leaves one set out of both
    assert seen[0][1] == frozenset() and all(len(o) > 0 for _, o in seen[2:])
    report = capsys.readouterr().out
    assert "after - before over 3 fits" in report
    assert "accuracy           +0.0000 ± 0.0000" in report and "cost               +0.0 ± 0.0 items" in report


def test_a_build_whose_right_answers_drop_shows_in_the_paired_difference(tmp_path, monkeypatch, capsys):
    tool = _tool()
    worse = [dict(r, right=r["right"] and i % 4 != 0) for i, r in enumerate(_rows(1.0))]

    def fake(rows_, out, n_items, n_answerable):
        share = sum(r["right"] for r in rows_ if tool.group_of(r) not in out) / n_answerable
        return {"accuracy": share, "abstention": 0.8, "false_abstention": 0.05, "confidently_wrong": 0.05}

    monkeypatch.setattr(tool, "held_out", fake)
    assert tool.main([str(_build(tmp_path, "a", _rows(1.0))), str(_build(tmp_path, "b", worse)), "--draws", "1"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines() if line.startswith("  ")}
    assert lines["accuracy"].split()[1].startswith("-") and float(lines["cost"].split()[1]) > 0


def test_builds_of_other_tune_sets_or_without_rows_are_refused(tmp_path, capsys):
    tool = _tool()
    rows = _rows(1.0, n=30)
    a, b = _build(tmp_path, "a", rows), _build(tmp_path, "b", rows, items=501)
    assert tool.main([str(a), str(b)]) == 2
    assert "count other tune items" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert tool.main([str(a), str(tmp_path / "empty")]) == 2
    assert DATA_FILE in capsys.readouterr().err
    with pytest.raises(SystemExit):
        tool.main([str(a), str(a), "--share", "0.7"])
    assert tool.main([str(a), str(_build(tmp_path, "c", []))]) == 2
    assert "holds no gate rows" in capsys.readouterr().err
    broken = _build(tmp_path, "d", rows)
    (broken / "current" / DATA_FILE).write_text("{not json\n", encoding="utf-8")
    assert tool.main([str(a), str(broken)]) == 2
    assert "error:" in capsys.readouterr().err


@pytest.mark.slow
def test_a_real_refit_reads_the_held_out_figures(tmp_path):
    """The gate's own fit on a small synthetic build: the four held-out figures, each a share."""
    tool = _tool()
    rows = _rows(1.5)
    figures = tool.held_out(rows, tool.dropped([tool.group_of(r) for r in rows], "s:1", 12), 400, 330)
    assert set(figures) == set(tool.FIGURES) and all(0.0 <= v <= 1.0 for v in figures.values())
