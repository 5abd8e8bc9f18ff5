"""What a benchmark run measures: the report's sections, what may be skipped, and the run's options."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SECTIONS = (
    "machine",
    "build",
    "big_document",
    "cold_start",
    "search",
    "answer",
    "follow_up",
    "http",
    "memory",
    "scale",
)
SKIPPABLE = ("build", "big_document", "cold_start", "http", "reference", "inprocess", "scale")
CONCURRENCY = (1, 8, 32)
ENDPOINTS = ("search", "answer")


@dataclass
class BenchOptions:
    """What to run. `profile` fills in the quick / full defaults for whatever is left as None."""

    quick: bool = False
    index_dir: Path | None = None  # a prebuilt index to benchmark (no cold build)
    set_paths: list[Path] | None = None  # question sets (default: evals/dev_*.jsonl)
    skip: frozenset[str] = frozenset()
    factors: tuple[int, ...] | None = None
    repeats: int | None = None
    http_duration_s: float | None = None
    http_max_requests: int | None = None
    concurrency: tuple[int, ...] = CONCURRENCY
    cold_start_runs: int | None = None
    work_dir: Path | None = None
    keep: bool = False
    workers: int | None = None  # `assistant serve --workers` (None: its default, one per core)
    server_src: Path | None = None  # run the server from this checkout (before/after comparisons)
    client: str = "raw"  # the load generator's HTTP client (`assistant.bench.load.CLIENTS`)
    command: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def profile(self) -> BenchOptions:
        q = self.quick
        self.factors = self.factors if self.factors is not None else ((10,) if q else (10, 100))
        self.repeats = self.repeats or (1 if q else 3)
        self.http_duration_s = self.http_duration_s or (2.0 if q else 10.0)
        self.http_max_requests = self.http_max_requests or (2000 if q else 20000)
        self.cold_start_runs = self.cold_start_runs or (1 if q else 3)
        return self
