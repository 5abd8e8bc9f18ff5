"""The ranking tool: each build scored with its own features, out of set; wrong kept at equal drops; least cost."""

from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.answer.confidence import DATA_FILE, REPORT_FILE

from .tool_loader import load_tool

SETTING = (2, 10, 40)  # small trees: the tool's arithmetic, not the served setting, is under test


def _tool():
    return load_tool("gate_ranking")


def _rows(extra: bool, n: int = 300, seed: int = 3) -> list[dict]:
    """Synthetic rows over six writers' rounds; with ``extra`` a feature that tells right from wrong is added."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        right = bool(rng.random() < 0.7)
        features = {"overlap": float(0.5 * right + rng.normal()), "score": float(rng.normal())}
        if extra:
            features["told"] = float(2.0 * right + rng.normal())
        rows.append(
            {
                "id": f"q{i:03d}",
                "right": right,
                "answerable": bool(right or rng.random() < 0.5),
                "set": f"tune/pool{i % 6 + 2}_bank",
                "features": features,
            }
        )
    return rows


def _build(tmp_path, name: str, rows: list[dict]):
    build = tmp_path / name / "current"
    build.mkdir(parents=True)
    (build / DATA_FILE).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (build / REPORT_FILE).write_text(json.dumps({"tune_items": 400, "tune_answerable": 300}), encoding="utf-8")
    return tmp_path / name


def test_each_build_is_scored_with_its_own_features() -> None:
    tool = _tool()
    assert tool.feature_names(_rows(False)) == ["overlap", "score"]
    assert tool.feature_names(_rows(True)) == ["overlap", "score", "told"]
    mixed = _rows(True)[:2] + _rows(False)[:2]  # a row without the feature: only the shared ones are read
    assert tool.feature_names(mixed) == ["overlap", "score"]


def test_the_codes_features_come_first_in_its_order() -> None:
    # Rows written with the gate's features in another order (and one this code does not know) are read in the
    # calibration's column order, the unknown one last.
    row = {"features": {"unknown": 1.0, "score": 0.0, "sentence_score": 2.0, "overlap": 0.5}}
    assert _tool().feature_names([row]) == ["sentence_score", "overlap", "unknown", "score"]


def test_a_feature_telling_right_from_wrong_ranks_better_at_every_drop() -> None:
    tool = _tool()
    drops = (10, 30, 60)
    before = tool.rank(_rows(False), 300, SETTING, 2, drops)
    after = tool.rank(_rows(True), 300, SETTING, 2, drops)
    assert after.auc > before.auc + 0.1 and after.log_loss < before.log_loss
    assert all(a < b for a, b in zip(after.wrong_kept, before.wrong_kept, strict=True))
    assert after.least_cost < before.least_cost
    # The same rows score the same: the folds and the resamples are fixed by the rows' sets and ids.
    assert tool.rank(_rows(False), 300, SETTING, 2, drops) == before


def test_wrong_kept_and_least_cost_on_a_hand_made_example() -> None:
    tool = _tool()
    z = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
    right = np.array([False, True, False, True, True, False])
    # Dropping no right row keeps the wrong ones scoring 0.3 and 0.6; dropping the lowest (0.2), or two, keeps 0.6.
    assert tool.wrong_kept(z, right, (0, 1, 2)) == (2, 1, 1)
    answerable = np.array([True, True, False, True, True, False])
    # Budget: one answerable item of four. Threshold 0.3 drops 0.1 and 0.2 (two answerable): over it. Threshold 0.2
    # drops the wrong 0.1 only: cost 2 x 2 wrong kept (0.3, 0.6) = 4; threshold 0 keeps all three wrong: 6.
    assert tool.least_cost(z, right, answerable, 4, 0.25, 2.0) == (4.0, pytest.approx(0.2))


def test_main_prints_both_builds_and_refuses_a_missing_one(tmp_path, capsys) -> None:
    tool = _tool()
    before, after = _build(tmp_path, "before", _rows(False)), _build(tmp_path, "after", _rows(True))
    assert tool.main([str(before), str(after), "--bags", "2", "--setting", "2,10,40", "--drops", "10,30"]) == 0
    out = capsys.readouterr().out
    assert "before  rows   300  features   2" in out and "after   rows   300  features   3" in out
    assert tool.main([str(before), str(tmp_path / "nowhere"), "--bags", "2"]) == 2
    assert "nowhere" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        tool.main([str(before), str(after), "--setting", "3,10"])
