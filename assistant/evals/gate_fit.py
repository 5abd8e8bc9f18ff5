"""The confidence gate's figures on the tune rows it was fitted on: out of round beside in sample.

`assistant eval` scores the tune split with the gate fitted on every tune row, so its tune figures are in sample for
the gate; the fit's own report (`confidence_report.json`) also scores each row with a model that never saw its
writer's round. Both are shown with the eval, so the gap between the tune and test splits can be read: the part the
gate's fit explains is this gap; what remains is the rules', which were written on tune.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assistant.answer.confidence import REPORT_FILE

#: The figures shown, in the report's words.
FIGURES = ("accuracy", "abstention", "false_abstention", "confidently_wrong")
OUT_AND_IN = (("out of round", "out_of_round"), ("in sample", "in_sample"))


def read_gate_fit(build: Path | None) -> dict[str, Any] | None:
    """The fit's out-of-round and in-sample figures on the tune rows, or None when the build has no fit report."""
    path = build / REPORT_FILE if build is not None else None
    if path is None or not path.is_file():
        return None
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    oos, seen = report.get("after_cv_by_kind"), report.get("in_sample_by_kind")
    if not isinstance(oos, dict) or not isinstance(seen, dict):
        return None
    return {
        "rows": report.get("rows"),
        "model": report.get("model"),
        "out_of_round": {k: oos.get(k) for k in FIGURES},
        "in_sample": {k: seen.get(k) for k in FIGURES},
    }


def gate_fit_table(fit: dict[str, Any] | None) -> tuple[str, list[str], list[list[str]]] | None:
    """A title, headers and two rows (out of round, in sample) of the fit's tune figures; None with no fit report."""
    if not fit:
        return None

    def cell(v: Any) -> str:
        return f"{v:.3f}" if isinstance(v, int | float) else "-"

    title = f"The gate on its {fit['rows']} tune rows (rules and gate, before the checks after it; {fit['model']})"
    headers = ["tune rows scored", *(k.replace("_", " ") for k in FIGURES)]
    rows = [[label, *(cell(fit[key].get(k)) for k in FIGURES)] for label, key in OUT_AND_IN]
    return title, headers, rows
