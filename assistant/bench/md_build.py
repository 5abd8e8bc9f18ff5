"""The report's build sections in Markdown: the index build and the API cold start."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assistant.bench.md_cells import add_heading, add_skipped, cell, table_row


def build_section(report: dict[str, Any], add: Callable[[str], None]) -> None:
    """The index build: a cold build's timings, or the manifest's when it was not measured."""
    b = report.get("build", {})
    add_heading(add, "Index build")
    if b.get("skipped") and b.get("build_s") is None:
        add(f"Skipped: {b['skipped']}.")
    else:
        if b.get("skipped"):
            add(f"Not a cold build in this run ({b['skipped']}); {b.get('what')}.")
        else:
            add(f"Cold build: {b.get('what')}.")
        add("")
        t = b.get("timings_s", {})
        add(
            table_row(
                [
                    "chunks",
                    "documents",
                    "chunk s",
                    "records s",
                    "BM25 s",
                    "model adaptation s",
                    "embed + FAISS s",
                    "build total s",
                    "process wall s",
                    "size on disk",
                ]
            )
        )
        add(table_row(["---"] * 10))
        add(
            table_row(
                [b.get("chunks"), b.get("documents"), cell(t.get("chunk_s"), 2), cell(t.get("records_s"), 2), cell(t.get("bm25_s"), 2), cell(t.get("model_s"), 2),
                 cell(t.get("embed_s"), 2), cell(t.get("total_s"), 2), cell(b.get("process_wall_s"), 2), f"{cell(b.get('size_mb'), 2)} MB"]
            )
        )  # fmt: skip
    add("")


def big_document_section(report: dict[str, Any], add: Callable[[str], None]) -> None:
    """The cold build with a generated 20 MB document of distinct lines."""
    b = report.get("big_document", {})
    add_heading(add, "Build with a 20 MB document")
    if not add_skipped(add, b):
        t = b.get("timings_s", {})
        add(f"{b.get('what')}: {b.get('document_lines')} lines, {b.get('document_bytes')} bytes.")
        add("")
        add(table_row(["wall s", "CPU s", "peak RSS MB", "chunks", "records s", "BM25 s", "model s", "embed s"]))
        add(table_row(["---"] * 8))
        add(
            table_row(
                [cell(b.get("wall_s"), 1), cell(b.get("cpu_s"), 1), cell(b.get("peak_rss_mb"), 0), b.get("chunks"),
                 cell(t.get("records_s"), 1), cell(t.get("bm25_s"), 1), cell(t.get("model_s"), 1), cell(t.get("embed_s"), 1)]
            )
        )  # fmt: skip
    add("")


def cold_start_section(report: dict[str, Any], add: Callable[[str], None]) -> None:
    """The API cold start: median, range and each run's first answer."""
    cs = report.get("cold_start", {})
    add_heading(add, "API cold start")
    if not add_skipped(add, cs):
        add(f"{cs.get('what')}.")
        add("")
        add(table_row(["median s", "min s", "max s", "runs", "first answer ms", "engine load in-process s"]))
        add(table_row(["---"] * 6))
        add(
            table_row(
                [cell(cs.get("s"), 2), cell(cs.get("min_s"), 2), cell(cs.get("max_s"), 2), ", ".join(cell(r["s"], 2) for r in cs.get("runs", [])),
                 ", ".join(cell(r.get("first_answer_ms"), 0) for r in cs.get("runs", [])), cell(cs.get("engine_load_in_process_s"), 2)]
            )
        )  # fmt: skip
    add("")
