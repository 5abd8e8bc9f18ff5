"""The confidence gate's figures on the tune items it was fitted on: held out beside in sample.

`assistant eval` scores the tune split with the gate fitted on every tune row, so its tune figures are in sample for
the gate. The fit's own report (`confidence_report.json`) also scores each row with a model that never saw its
writer's round (or, with too few rounds, its fold of items). Shown beside each other in the eval report, they say how
much of the tune split's lead over the test split is the gate's fit. The figures are the rules' and the gate's, over
the tune questions and follow-up turns, before the checks after the gate. A build without that report (no gate fitted,
a PostgreSQL build) shows none.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from assistant.answer.confidence import REPORT_FILE

#: The figures shown, in the report's words.
FIGURES = ("accuracy", "abstention", "false_abstention", "confidently_wrong")
#: The fit's fold scheme whose folds hold a writer's round out whole (`gate_folds.set_folds`).
ROUND_SCHEME = "leave_set_out"


def _figure(value: Any) -> float | None:
    """A finite number, or None (a boolean, NaN or text is no figure)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def read_gate_fit(build: Path | str | None) -> dict[str, Any] | None:
    """The fit's held-out and in-sample tune figures, or None when the build has no readable fit report.

    Never raises: the eval it decorates has already run, and must still write its report."""
    if build is None:
        return None
    try:
        report = json.loads((Path(build) / REPORT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):
        return None
    if not isinstance(report, dict):
        return None
    held, seen = report.get("after_cv_by_kind"), report.get("in_sample_by_kind")
    if not isinstance(held, dict) or not isinstance(seen, dict):
        return None
    fit = {
        "items": _figure(report.get("tune_items")),
        "rows": _figure(report.get("rows")),
        "model": str(report.get("model") or "?"),
        "held_out_by": "round" if report.get("fold_scheme") == ROUND_SCHEME else "item",
        "held_out": {k: _figure(held.get(k)) for k in FIGURES},
        "in_sample": {k: _figure(seen.get(k)) for k in FIGURES},
    }
    if all(v is None for part in ("held_out", "in_sample") for v in fit[part].values()):
        return None
    return fit


def gate_fit_table(fit: dict[str, Any] | None) -> tuple[str, list[str], list[list[str]]] | None:
    """A title, headers and two rows (held out, in sample) of the fit's tune figures; None with no figures."""
    if not isinstance(fit, dict):
        return None

    def count(v: Any) -> str:
        return f"{int(v):,}" if isinstance(v, int | float) else "?"

    def cell(v: Any) -> str:
        return f"{v:.3f}" if _figure(v) is not None else "-"

    held = "out of round" if fit.get("held_out_by") == "round" else "out of fold (by item)"
    title = (
        f"Confidence gate on the {count(fit.get('items'))} tune questions and follow-up turns it was fitted on "
        f"({count(fit.get('rows'))} answered by the rules; {fit.get('model', '?')}), before the checks after it"
    )
    headers = ["scored", *(k.replace("_", " ") for k in FIGURES)]
    parts = ((held, fit.get("held_out")), ("in sample", fit.get("in_sample")))
    rows = [[label, *(cell(f.get(k)) for k in FIGURES)] for label, f in parts if isinstance(f, dict)]
    return (title, headers, rows) if rows else None
