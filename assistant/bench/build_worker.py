"""A cold index build in a fresh process: ``python -m assistant.bench.build_worker --index DIR``.

Builds the corpus (``ASSISTANT_CORPUS_DIR`` or ``--corpus``) into ``DIR`` with the settings from the
environment (built-in model adaptation included) and prints the `BuildReport` as JSON, with the
process's CPU time and the time spent importing before the build started.
"""

from __future__ import annotations

import argparse
import json
import sys
import time


def main(argv: list[str] | None = None) -> int:
    t_start = time.perf_counter()
    p = argparse.ArgumentParser(prog="python -m assistant.bench.build_worker")
    p.add_argument("--index", required=True)
    p.add_argument("--corpus", default=None)
    args = p.parse_args(argv)

    from assistant.indexing.build import build_index
    from assistant.settings import Settings

    values = {"index_dir": args.index}
    if args.corpus:
        values["corpus_dir"] = args.corpus
    settings = Settings(**values)
    t_build = time.perf_counter()
    report = build_index(settings, force=True, progress=False)
    out = report.to_dict()
    out["import_s"] = round(t_build - t_start, 3)
    out["build_call_s"] = round(time.perf_counter() - t_build, 3)
    out["cpu_s"] = round(time.process_time(), 3)
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
