"""How steady the gate's thresholds are: their choice again on bootstrap resamples of the tune rows."""

from __future__ import annotations

import statistics

import pytest

from assistant.evals.gate_bagging import bagged, multiplicity
from assistant.evals.gate_thresholds import GateRow


def _many_values() -> list[GateRow]:
    """A hundred value answers, right about as often as their probability says."""
    return [
        GateRow(round(0.2 + 0.7 * i / 99, 3), (i * 7919) % 100 < (0.2 + 0.7 * i / 99) * 100, True, "value")
        for i in range(100)
    ]


#: Six record answers: whether the two wrong ones at 0.55 and 0.62 are worth a threshold of their own hangs on
#: single rows, so the resamples split on it.
FEW_RECORDS = [
    GateRow(0.30, True, True, "records"),
    GateRow(0.42, False, True, "records"),
    GateRow(0.55, False, False, "records"),
    GateRow(0.62, False, True, "records"),
    GateRow(0.80, True, True, "records"),
    GateRow(0.85, True, True, "records"),
]


def test_a_kind_with_few_rows_shows_a_wide_resampled_spread() -> None:
    rows = _many_values() + FEW_RECORDS
    n_answerable = sum(r.answerable for r in rows) + 20
    choice = bagged(rows, [f"q{i}" for i in range(len(rows))], len(rows) + 30, n_answerable)
    low, high = choice.spread["records"]
    assert high - low > 0.3  # some resamples give the six records a threshold of their own, some the single one
    assert set(choice.by_kind) == {"records", "value"} and 0.0 <= choice.single <= 1.0


def test_each_resample_is_fixed_by_the_group_ids() -> None:
    """A group's count in a resample depends on its id alone (a conversation's turns go together), about 1 on average."""
    counts = [multiplicity(f"q{i:04d}", bag=3) for i in range(2000)]
    assert counts == [multiplicity(f"q{i:04d}", bag=3) for i in range(2000)]
    assert abs(statistics.fmean(counts) - 1.0) < 0.08 and abs(statistics.pvariance(counts) - 1.0) < 0.15
    assert counts.count(0) > 600  # Poisson(1): about 37 % of groups sit a resample out
    assert counts != [multiplicity(f"q{i:04d}", bag=4) for i in range(2000)]


def test_the_report_says_how_the_thresholds_were_chosen_and_how_steady_they_are(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from assistant.answer.confidence import FEATURES
    from assistant.evals import calibrate

    monkeypatch.setattr(calibrate, "C_GRID", (0.1,))  # fewer fits: the report's shape is what is checked
    rows = []
    for i in range(120):
        right = (i * 37) % 10 < 7
        x = dict.fromkeys(FEATURES, 0.0)
        x.update(
            from_records=float(i % 3 == 0), has_value=float(i % 3 == 1), overlap=(0.6 if right else 0.3) + i % 7 / 20
        )
        row = {"id": f"q{i:03d}", "answerable": right or i % 2 == 0, "right": right, "features": x}
        rows.append(row | {"set": f"tune/w{i % 5}"})
    model, report = calibrate.fit(rows, n_items=130, n_answerable=110)
    assert report["fold_scheme"] == "leave_set_out" and report["folds"] == 5
    assert [f["fold"] for f in report["by_fold"]] == [f"tune/w{k}" for k in range(5)]
    assert sum(f["rows"] for f in report["by_fold"]) == 120 and 0.0 <= report["item_fold_auc"] <= 1.0
    choice = report["threshold_choice"]
    assert "least cost" in choice["method"] and choice["resampled"]["bags"] == 40
    assert set(choice["resampled"]["p10_p90"]) == {"single", "records", "value", "passage"}
    assert report["thresholds_by_kind"] == {k: round(t, 4) for k, t in model.by_kind}
    means = {k: t for k, t in choice["resampled"]["mean"].items() if k != "single"}
    assert report["thresholds_by_kind"] == means  # the bagged means are used
    assert model.threshold == pytest.approx(choice["resampled"]["mean"]["single"], abs=1e-4)
    assert set(choice["on_all_rows"]) == {"single", "records", "value", "passage"}  # the rows' own choice, reported


def test_the_thresholds_are_the_resamples_mean_not_a_grid_point() -> None:
    """The mean of the resampled choices lies inside their spread and is free of the 0.01 grid."""
    rows = _many_values() + FEW_RECORDS
    n_answerable = sum(r.answerable for r in rows) + 20
    choice = bagged(rows, [f"q{i}" for i in range(len(rows))], len(rows) + 30, n_answerable)
    for kind, (low, high) in choice.spread.items():
        t = choice.single if kind == "single" else choice.by_kind[kind]
        assert low <= t <= high
    assert round(choice.by_kind["records"], 2) != choice.by_kind["records"]  # the resamples split: an average


def _population(seed: int, n: int = 400) -> list[GateRow]:
    """Synthetic gate rows of three kinds; records are seldom wrong, so their own threshold rests on a few rows."""
    import numpy as np

    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        kind = ("records", "value", "passage")[i % 3]
        p = float(rng.beta(4, 2))
        right_rate = {"records": min(1.0, p + 0.35), "value": p, "passage": p - 0.1}[kind]
        right = bool(rng.random() < right_rate)
        rows.append(GateRow(round(p, 4), right, right or bool(rng.random() < 0.5), kind))
    return rows


def test_a_refit_on_other_rows_moves_the_bagged_thresholds_less_than_the_rows_own_choice() -> None:
    """Two 85 % subsamples of one population: the bagged thresholds differ less between them than the choices do."""
    from assistant.evals.gate_thresholds import (
        MAX_GATE_FALSE_ABSTENTION,
        WRONG_COST,
        choose_by_kind,
        choose_threshold,
    )

    moved_own, moved_bagged = 0.0, 0.0
    for seed in range(3):
        rows = _population(seed)
        fits = []
        for part in range(2):
            kept = [(r, f"q{i}") for i, r in enumerate(rows) if (i * 2654435761 + part * 97) % 100 >= 15]
            sample = [r for r, _ in kept]
            n_items, n_answerable = len(sample) + 20, sum(r.answerable for r in sample) + 10
            single = choose_threshold([(r.p, r.right, r.answerable) for r in sample], n_items, n_answerable)[0]
            own = choose_by_kind(sample, single, n_answerable, WRONG_COST, MAX_GATE_FALSE_ABSTENTION)
            bag = bagged(sample, [g for _, g in kept], n_items, n_answerable)
            fits.append(({"single": single} | own, {"single": bag.single} | bag.by_kind))
        (own_a, bag_a), (own_b, bag_b) = fits
        moved_own += sum(abs(own_a[k] - own_b[k]) for k in own_a)
        moved_bagged += sum(abs(bag_a[k] - bag_b[k]) for k in bag_a)
    assert moved_bagged < moved_own
