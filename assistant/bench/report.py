"""The benchmark report: Markdown (section by section), JSON, and the terminal summary of the targets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.bench.md_build import big_document_section, build_section, cold_start_section
from assistant.bench.md_cells import add_heading, cell, met_label, table_row
from assistant.bench.md_latency import http_section, inprocess_section
from assistant.bench.md_scale import memory_section, scale_section


def _header(report: dict[str, Any], add: Callable[[str], None]) -> None:
    """The title, the command, the machine and its load during the run."""
    meta = report.get("meta", {})
    mach = report.get("machine", {})
    add("# Benchmarks")
    add("")
    add(f"Command: `{meta.get('command') or 'assistant bench'}`" + (" (quick)" if meta.get("quick") else ""))
    add("")
    add(
        f"Run {meta.get('started_at')} in {meta.get('elapsed_s')} s on {mach.get('cpu')} "
        f"({mach.get('cpus_usable')} usable CPUs of {mach.get('cpu_count')}, {cell(mach.get('mem_total_mb'), 0)} MB RAM), "
        f"Python {mach.get('python')}; questions: {meta.get('questions')} from {', '.join(meta.get('question_sets', []))}."
    )
    la = mach.get("load_avg", {})
    add("")
    add("Load average (1, 5, 15 min) during the run: " + "; ".join(f"{k} {v}" for k, v in la.items() if v) + ".")
    if mach.get("note"):
        add(f"Note: {mach['note']}.")
    add("")


def _targets(report: dict[str, Any], add: Callable[[str], None]) -> None:
    """The targets table: goal, measured value, met or missed."""
    add_heading(add, "Targets")
    add(table_row(["target", "goal", "measured", "status", "note"]))
    add(table_row(["---"] * 5))
    for t in report.get("targets", []):
        add(table_row([t["what"], t["target"], cell(t["value"], 2), met_label(t["met"]), t.get("note") or ""]))
    add("")


def _notes(report: dict[str, Any], add: Callable[[str], None]) -> None:
    """The run's notes, if any."""
    meta = report.get("meta", {})
    if meta.get("notes"):
        add("## Notes")
        add("")
        for n in meta["notes"]:
            add(f"* {n}")
        add("")


_SECTION_RENDERERS = (
    _header,
    _targets,
    build_section,
    big_document_section,
    cold_start_section,
    inprocess_section,
    http_section,
    memory_section,
    scale_section,
    _notes,
)


def markdown(report: dict[str, Any]) -> str:
    """The whole report in Markdown, one section after another."""
    lines: list[str] = []
    for render in _SECTION_RENDERERS:
        render(report, lines.append)
    return "\n".join(lines)


def write_markdown(report: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown(report), encoding="utf-8")


def write_json(report: dict[str, Any], path: Path) -> None:
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")


def terminal(report: dict[str, Any]) -> str:
    """A short summary: the targets."""
    out = ["targets:"]
    for t in report.get("targets", []):
        out.append(f"  {met_label(t['met']).strip('*'):13} {t['what']}: {cell(t['value'], 2)} (goal {t['target']})")
    return "\n".join(out)
