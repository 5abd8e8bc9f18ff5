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

    monkeypatch.setattr(calibrate, "REPEATS", 2)  # fewer fits: the report's shape is what is checked
    monkeypatch.setattr(calibrate, "C_GRID", (0.1,))
    rows = []
    for i in range(120):
        right = (i * 37) % 10 < 7
        x = dict.fromkeys(FEATURES, 0.0)
        x.update(
            from_records=float(i % 3 == 0), has_value=float(i % 3 == 1), overlap=(0.6 if right else 0.3) + i % 7 / 20
        )
        rows.append({"id": f"q{i:03d}", "answerable": right or i % 2 == 0, "right": right, "features": x})
    model, report = calibrate.fit(rows, n_items=130, n_answerable=110)
    choice = report["threshold_choice"]
    assert "least cost" in choice["method"] and choice["resampled"]["bags"] == 40
    assert set(choice["resampled"]["p10_p90"]) == {"single", "records", "value", "passage"}
    assert report["thresholds_by_kind"] == {k: round(t, 4) for k, t in model.by_kind}  # the rows' own choice is used
