"""The questions a benchmark asks: the dev sets' items."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any


def default_dev_sets() -> list[Path]:
    from assistant.settings import PROJECT_ROOT

    for base in (Path.cwd() / "evals", PROJECT_ROOT / "evals"):
        found = sorted(base.glob("tune/dev_*.jsonl"))
        if found:
            return found
    return []


def load_items(paths: Sequence[Path]) -> list[Any]:
    from assistant.evals.sets import load_sets

    items, _ = load_sets(paths)
    return items
