"""The regression gate: floors (and ceilings) from ``evals/thresholds.toml`` checked against a report.

A table names where a metric lives in the JSON report; a value is a floor, or ``{ max = x }`` for
a metric that must not rise (``{ min = x }`` is the explicit floor)::

    [retrieval.hybrid]                      # summary.retrieval.hybrid
    "recall@5" = 0.80
    [answers]                               # summary.answers
    accuracy = 0.50
    false_abstention = { max = 0.20 }
    [by_style.paraphrase.retrieval.hybrid]  # by_style.paraphrase.retrieval.hybrid
    "recall@5" = 0.70
    [records.test.kpi]                      # records.test.kpi (the records gold, evals/records/)
    found = 0.90

A check is *skipped* when its table is absent from the report (retriever not run, ``--no-answers``,
a set without that style) or the metric has no items; a metric name the report does not know fails.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

BREAKDOWN_KEYS = ("by_split", "by_set", "by_doc", "by_type", "by_style", "by_ask", "conversations", "records")
_EPS = 1e-9


class ThresholdError(ValueError):
    """The thresholds file is malformed."""


def load_thresholds(path: Path) -> list[dict[str, Any]]:
    """Flatten the TOML into checks: ``{"path": [...], "bound": "min"|"max", "limit": float}``."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ThresholdError(f"cannot read thresholds {path}: {exc}") from exc
    checks: list[dict[str, Any]] = []

    def walk(node: dict[str, Any], prefix: list[str]) -> None:
        for key, value in node.items():
            here = [*prefix, key]
            if isinstance(value, bool):
                raise ThresholdError(f"{'.'.join(here)}: expected a number, got {value!r}")
            if isinstance(value, int | float):
                checks.append({"path": here, "bound": "min", "limit": float(value)})
            elif (
                isinstance(value, dict)
                and value
                and set(value) <= {"min", "max"}
                and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value.values())
            ):
                for bound, limit in value.items():
                    checks.append({"path": here, "bound": bound, "limit": float(limit)})
            elif isinstance(value, dict):
                walk(value, here)
            else:
                raise ThresholdError(
                    f"{'.'.join(here)}: expected a number or {{ min = x }} / {{ max = x }}, got {value!r}"
                )

    walk(data, [])
    return checks


def _lookup(report: dict[str, Any], path: list[str]) -> tuple[str, Any]:
    """("ok", value) | ("absent", reason) | ("unknown", reason)."""
    if path[0] in BREAKDOWN_KEYS:
        node: Any = report.get(path[0], {})
        rest = path[1:]
    else:
        node = report.get("summary", {})
        rest = path
    for i, key in enumerate(rest):
        last = i == len(rest) - 1
        if not isinstance(node, dict):
            return "absent", "not in this run"
        if key not in node:
            if last and node:  # the table is there but has no such metric: a typo in the thresholds
                return (
                    "unknown",
                    f"no metric {key!r} (known: {', '.join(k for k in node if not isinstance(node[k], dict))})",
                )
            return "absent", f"{'.'.join(path[: len(path) - len(rest) + i + 1])} not in this run"
        node = node[key]
    if node is None:
        return "absent", "no items"
    if not isinstance(node, int | float):
        return "unknown", "not a metric"
    return "ok", node


def check(report: dict[str, Any], thresholds: list[dict[str, Any]], source: str | None = None) -> dict[str, Any]:
    """Gate results: every check with its value, limit, margin and status (pass/fail/skip)."""
    results = []
    for t in thresholds:
        name = ".".join(t["path"])
        status, value = _lookup(report, t["path"])
        entry = {"metric": name, "bound": t["bound"], "limit": t["limit"], "value": None, "margin": None}
        if status == "absent":
            entry.update(status="skip", reason=value)
        elif status == "unknown":
            entry.update(status="fail", reason=value)
        else:
            margin = value - t["limit"] if t["bound"] == "min" else t["limit"] - value
            ok = margin >= -_EPS
            entry.update(value=value, margin=round(margin, 4), status="pass" if ok else "fail")
            if not ok:
                word = "below its floor" if t["bound"] == "min" else "above its ceiling"
                entry["reason"] = f"{value:.4g} is {abs(margin):.4g} {word} {t['limit']:.4g}"
        results.append(entry)
    failed = [r for r in results if r["status"] == "fail"]
    return {
        "thresholds": source,
        "passed": not failed,
        "n_checks": len(results),
        "n_failed": len(failed),
        "n_skipped": sum(1 for r in results if r["status"] == "skip"),
        "checks": results,
    }
