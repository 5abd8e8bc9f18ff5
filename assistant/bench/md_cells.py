"""Markdown pieces for the benchmark report: section headings, table cells and rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def cell(x: Any, nd: int = 1) -> str:
    """A value for a table cell: floats to ``nd`` decimals, None as a dash."""
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:.{nd}f}"
    return str(x)


def met_label(m: bool | None) -> str:
    """A target's status in words (a miss in bold)."""
    return {True: "met", False: "**missed**", None: "not measured"}[m]


def table_row(cells: list[Any]) -> str:
    """One Markdown table row."""
    return "| " + " | ".join(str(c) for c in cells) + " |"


def latency_row(name: str, s: dict[str, Any] | None, nd: int = 2) -> str:
    """A latency summary's row: p50, p95, p99, CPU p50, CPU p95 and n."""
    s = s or {}
    return table_row(
        [
            name,
            cell(s.get("p50_ms"), nd),
            cell(s.get("p95_ms"), nd),
            cell(s.get("p99_ms"), nd),
            cell(s.get("cpu_p50_ms"), nd),
            cell(s.get("cpu_p95_ms"), nd),
            s.get("n", "–"),
        ]
    )


def add_heading(add: Callable[[str], None], title: str) -> None:
    """A section's heading and the blank line under it."""
    add(f"## {title}")
    add("")


def add_skipped(add: Callable[[str], None], section: dict[str, Any]) -> bool:
    """Whether the section was skipped; if so, says why."""
    if "skipped" in section:
        add(f"Skipped: {section['skipped']}.")
        return True
    return False
