"""The build section: a cold index build in a fresh process, or a published index copied and its manifest read."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def cold_build(index_dir: Path, log_path: Path, timeout_s: float = 1800) -> dict[str, Any]:
    """``python -m assistant.bench.build_worker`` into a fresh ``index_dir``: the build section."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    env.pop("ASSISTANT_INDEX_DIR", None)
    cmd = [sys.executable, "-m", "assistant.bench.build_worker", "--index", str(index_dir)]
    t0 = time.perf_counter()
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    with log_path.open("w") as err:
        proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=err, text=True, timeout=timeout_s)
    wall = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"cold build failed ({proc.returncode}): {log_path.read_text(errors='replace')[-2000:]}")
    rep = json.loads(proc.stdout.strip().splitlines()[-1])
    return {
        "cold": True,
        "what": "fresh process and fresh temp index folder; built-in model adaptation included",
        "process_wall_s": round(wall, 3),
        "process_cpu_s": round((ru1.ru_utime + ru1.ru_stime) - (ru0.ru_utime + ru0.ru_stime), 3),
        "import_s": rep.get("import_s"),
        "build_s": rep.get("timings_s", {}).get("total_s"),
        "timings_s": rep.get("timings_s", {}),
        "size_bytes": rep.get("size_bytes"),
        "size_mb": round(rep.get("size_bytes", 0) / 1e6, 2),
        "documents": rep.get("documents"),
        "chunks": rep.get("chunks"),
        "build_dir": rep.get("build_dir"),
    }


def copy_published(src_index: Path, dest_index: Path) -> Path:
    """Copy the published build of ``src_index`` into ``dest_index`` (read-only use of the source)."""
    from assistant.backends.local.published import BUILDS, CURRENT, current_build

    build = current_build(src_index)
    if build is None:
        raise FileNotFoundError(f"no published index in {src_index}")
    target = dest_index / BUILDS / build.name
    shutil.copytree(build, target)
    (dest_index / CURRENT).symlink_to(Path(BUILDS) / build.name)
    return target


def manifest_build_section(index_dir: Path, why: str) -> dict[str, Any]:
    from assistant.backends.local.published import current_build, read_manifest

    build = current_build(index_dir)
    manifest = read_manifest(build)
    size = sum(p.stat().st_size for p in build.rglob("*") if p.is_file())
    t = manifest.get("timings_s", {})
    return {
        "cold": False,
        "skipped": why,
        "what": "not measured in this run: the timings are the ones recorded in the index manifest when it was built",
        "build_s": t.get("total_s"),
        "timings_s": t,
        "size_bytes": size,
        "size_mb": round(size / 1e6, 2),
        "documents": manifest.get("counts", {}).get("documents"),
        "chunks": manifest.get("counts", {}).get("chunks"),
        "build_dir": str(build),
    }
