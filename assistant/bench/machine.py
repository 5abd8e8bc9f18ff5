"""The machine section: CPU, memory, load averages and package versions."""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path
from typing import Any


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def _mem_total_mb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024, 0)
    except OSError:
        pass
    return None


def load_avg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:  # pragma: no cover
        return None


def bytecode_cache() -> dict[str, Any]:
    """Whether processes read this package's modules from cached bytecode: without it (PYTHONDONTWRITEBYTECODE set
    and no ``__pycache__``), every ``assistant serve`` process compiles them from source, a cold-start cost."""
    package = Path(__file__).resolve().parents[1]
    # This interpreter's files only (e.g. cpython-311): another version's pyc would not spare it the compile.
    tag = sys.implementation.cache_tag
    cached = sum(1 for _ in package.rglob(f"__pycache__/*.{tag}.pyc")) if tag else 0
    return {"writes": not sys.dont_write_bytecode, "package_pyc_files": cached}


def machine_info() -> dict[str, Any]:
    from assistant.indexing.build import package_versions

    versions = package_versions()
    for name in ("fastapi", "uvicorn", "httpx", "starlette"):
        try:
            from importlib import metadata

            versions[name] = metadata.version(name)
        except Exception:  # noqa: BLE001
            pass
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        affinity = None
    return {
        "cpu": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "cpus_usable": affinity,
        "mem_total_mb": _mem_total_mb(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
        "load_avg": {"start": load_avg()},
        "bytecode_cache": bytecode_cache(),
        "note": (
            "shared machine: other processes (other agents' test runs) used the CPUs during the run, so "
            "wall-clock figures are noisy; compare the load averages, and read the CPU-time columns as the "
            "steadier estimate of an idle machine"
        ),
    }
