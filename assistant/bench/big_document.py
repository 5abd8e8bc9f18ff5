"""The big-document section: the corpus plus one generated 20 MB document of distinct lines, built cold.

A document that size is past the default file-size limit, so the build is told to admit it
(``ASSISTANT_MAX_FILE_BYTES``); what is measured is what a user who raises the limit waits for and
how much memory the build needs: wall time, CPU time and the peak RSS of the build process alone.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

DOCUMENT = "900_big_distinct_lines.txt"
SIZE_BYTES = 20 * 1024 * 1024


def distinct_lines(corpus_dir: Path, size_bytes: int = SIZE_BYTES) -> str:
    """The corpus's non-empty lines, cycled until ``size_bytes``, each numbered and tagged so that no two are equal.

    Distinct lines are the hard case: the build tokenises each distinct text segment once, so a file
    repeating a few lines would cost little.
    """
    lines = [
        line.strip()
        for path in sorted(Path(corpus_dir).glob("*.txt"))
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
        if line.strip()
    ]
    if not lines:
        raise ValueError(f"no text in {corpus_dir}")
    out, size, n = [], 0, 0
    while size < size_bytes:
        n += 1
        line = f"{n} {lines[(n - 1) % len(lines)]}（整理番号{n}）"
        out.append(line)
        size += len(line.encode("utf-8")) + 1
    return "\n".join(out) + "\n"


def run_big_document(
    corpus_dir: Path, work: Path, size_bytes: int = SIZE_BYTES, timeout_s: float = 1800
) -> dict[str, Any]:
    """Build ``corpus_dir`` plus the generated document into ``work`` in a fresh process; its figures."""
    corpus = work / "big_corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.copytree(corpus_dir, corpus)
    text = distinct_lines(corpus_dir, size_bytes)
    (corpus / DOCUMENT).write_text(text, encoding="utf-8")
    size = len(text.encode("utf-8"))
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    env["ASSISTANT_MAX_FILE_BYTES"] = str(size + 1024 * 1024)
    env.pop("ASSISTANT_INDEX_DIR", None)
    cmd = [sys.executable, "-m", "assistant.bench.build_worker", "--index", str(work / "big_index")]
    cmd += ["--corpus", str(corpus)]
    out_path, log_path = work / "big_build.json", work / "big_build.log"
    t0 = time.perf_counter()
    with out_path.open("w") as out, log_path.open("w") as err:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=err)
        # wait4: the rusage of this child alone (RUSAGE_CHILDREN would mix in the other builds).
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                proc.returncode = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() - t0 > timeout_s:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = os.waitstatus_to_exitcode(status)
                break
            time.sleep(0.2)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(
            f"big-document build failed ({proc.returncode}): {log_path.read_text(errors='replace')[-2000:]}"
        )
    rep = json.loads(out_path.read_text(encoding="utf-8").strip().splitlines()[-1])
    shutil.rmtree(work / "big_index", ignore_errors=True)
    return {
        "what": "the corpus plus one generated document of distinct numbered lines, built cold in a fresh "
        "process (built-in model adaptation included, no calibration)",
        "document_bytes": size,
        "document_lines": text.count("\n"),
        "wall_s": round(wall, 3),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "timings_s": rep.get("timings_s", {}),
        "chunks": rep.get("chunks"),
        "problems": rep.get("problems", []),
    }
