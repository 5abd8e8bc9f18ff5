"""The gate's tune figures out of round beside in sample, read from the build's fit report into the eval report."""

from __future__ import annotations

import json

from assistant.answer.confidence import REPORT_FILE
from assistant.evals.gate_fit import gate_fit_table, read_gate_fit


def _report(tmp_path, **kw):
    body = {
        "rows": 120,
        "tune_items": 150,
        "fold_scheme": "leave_set_out",
        "model": "logistic",
        "after_cv_by_kind": {"answered": 90, "accuracy": 0.81, "abstention": 0.78, "false_abstention": 0.07,
                             "confidently_wrong": 0.11},
        "in_sample_by_kind": {"answered": 95, "accuracy": 0.86, "abstention": 0.84, "false_abstention": 0.05,
                              "confidently_wrong": 0.08},
    } | kw  # fmt: skip
    (tmp_path / REPORT_FILE).write_text(json.dumps(body), encoding="utf-8")
    return tmp_path


def test_the_fit_reports_out_of_round_figures_beside_in_sample(tmp_path) -> None:
    fit = read_gate_fit(str(_report(tmp_path)))  # a build path given as text reads alike
    assert fit is not None and (fit["items"], fit["rows"], fit["held_out_by"]) == (150, 120, "round")
    assert fit["held_out"] == {"accuracy": 0.81, "abstention": 0.78, "false_abstention": 0.07,
                               "confidently_wrong": 0.11}  # fmt: skip
    assert fit["in_sample"]["abstention"] == 0.84
    title, headers, rows = gate_fit_table(fit)
    assert "150 tune questions and follow-up turns" in title and "120 answered by the rules" in title
    assert headers[1:] == ["accuracy", "abstention", "false abstention", "confidently wrong"]
    assert rows == [["out of round", "0.810", "0.780", "0.070", "0.110"], ["in sample", "0.860", "0.840", "0.050",
                                                                          "0.080"]]  # fmt: skip
    # Folds by item (too few rounds to hold one out whole) are not called out of round.
    by_item = gate_fit_table(read_gate_fit(_report(tmp_path, fold_scheme="group_hash")))
    assert by_item[2][0][0] == "out of fold (by item)"


def test_no_fit_report_or_an_unreadable_one_shows_nothing(tmp_path) -> None:
    assert read_gate_fit(None) is None
    assert read_gate_fit(tmp_path) is None  # a build without a gate
    (tmp_path / REPORT_FILE).write_text("{not json", encoding="utf-8")
    assert read_gate_fit(tmp_path) is None
    assert read_gate_fit(_report(tmp_path, in_sample_by_kind=None)) is None  # a report from before the figures
    for body in ("[]", "null", '"x"', "3"):  # JSON, but no report: never an error after the eval has run
        (tmp_path / REPORT_FILE).write_text(body, encoding="utf-8")
        assert read_gate_fit(tmp_path) is None
    # Figures that are no numbers show as missing; a report with none at all shows nothing.
    odd = read_gate_fit(_report(tmp_path, after_cv_by_kind={"accuracy": True, "abstention": float("nan")}))
    assert odd["held_out"]["accuracy"] is None and odd["held_out"]["abstention"] is None
    assert gate_fit_table(odd)[2][0][1:3] == ["-", "-"]
    assert read_gate_fit(_report(tmp_path, after_cv_by_kind={}, in_sample_by_kind={})) is None
    assert gate_fit_table(None) is None and gate_fit_table({"rows": 3}) is None


def test_the_eval_reports_show_the_table(rep, tmp_path) -> None:
    from assistant.evals import report

    shown = {**rep, "gate": None, "gate_fit": read_gate_fit(_report(tmp_path))}
    assert "| out of round | 0.810 | 0.780 | 0.070 | 0.110 |" in report.markdown(shown)
    text = report.terminal(shown)
    assert "150 tune questions" in text and "in sample" in text and "0.840" in text
    assert "## Confidence gate fit" in report.markdown(shown)
    assert "tune questions and follow-up turns" not in report.terminal({**rep, "gate": None, "gate_fit": None})
