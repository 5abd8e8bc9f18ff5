"""Run the benchmark sections and assemble the JSON report (see `assistant.bench.report` for targets).

Order: cold index build (fresh process, fresh temp folder) -> API cold start (``assistant serve``
on that index) -> HTTP load against that server (second process) -> server peak RSS -> server
stopped -> in-process latency (engine loaded here) -> scale. Nothing is written outside the
temp folder (the project's ``index/`` is at most read, in ``--quick`` mode or with ``--index``).
"""

from __future__ import annotations

import json
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.bench.build_section import cold_build, copy_published, manifest_build_section
from assistant.bench.machine import load_avg, machine_info
from assistant.bench.options import SECTIONS, BenchOptions
from assistant.bench.questions import default_dev_sets, load_items
from assistant.bench.server_sections import server_sections


def _log_default(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# -- the run -------------------------------------------------------------------------------------
def empty_report() -> dict[str, Any]:
    """The report skeleton: every section present (``skipped`` until measured)."""
    return {name: {"skipped": "not run"} for name in SECTIONS}


def run_bench(opts: BenchOptions, log: Callable[[str], None] = _log_default) -> dict[str, Any]:
    from assistant.bench.targets import evaluate_targets

    opts.profile()
    t_start = time.perf_counter()
    report = empty_report()
    report["machine"] = machine_info()
    loads = report["machine"]["load_avg"]
    work = Path(opts.work_dir) if opts.work_dir else Path(tempfile.mkdtemp(prefix="assistant-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    report["meta"] = {
        "command": opts.command,
        "quick": opts.quick,
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "work_dir": str(work),
        "repeats": opts.repeats,
        "http_duration_s": opts.http_duration_s,
        "concurrency": list(opts.concurrency),
        "factors": list(opts.factors or ()),
        "skipped": sorted(opts.skip),
        "notes": [],
    }
    notes: list[str] = report["meta"]["notes"]
    try:
        _run(opts, report, work, loads, notes, log)
    finally:
        if not opts.keep:
            shutil.rmtree(work, ignore_errors=True)
    loads["end"] = load_avg()
    report["meta"]["elapsed_s"] = round(time.perf_counter() - t_start, 1)
    report["targets"] = evaluate_targets(report)
    return report


def _run(
    opts: BenchOptions, report: dict, work: Path, loads: dict, notes: list[str], log: Callable[[str], None]
) -> None:
    from assistant.settings import Settings

    # 1. The index: cold build, or a prebuilt one.
    index_dir = work / "index"
    if opts.index_dir is not None:
        index_dir = Path(opts.index_dir).resolve()
        report["build"] = manifest_build_section(index_dir, "a prebuilt index was given (--index)")
    elif "build" in opts.skip or opts.quick:
        src = Settings().index_dir
        log(f"copying the published index of {src} (no cold build)")
        try:
            copy_published(src, index_dir)
            from assistant.backends.local.published import load_index
            from assistant.indexing.freshness import corpus_hashes_on_disk

            load_index(Settings(index_dir=index_dir), corpus_hashes_on_disk(Settings().corpus_dir))
            why = (
                "--quick: no cold build (the published index is copied; its manifest's build timings are shown)"
                if opts.quick
                else "--skip build"
            )
            report["build"] = manifest_build_section(index_dir, why)
        except Exception as exc:  # noqa: BLE001 - stale or missing: build after all
            log(f"cannot reuse {src} ({exc}); building")
            shutil.rmtree(index_dir, ignore_errors=True)
            report["build"] = cold_build(index_dir, work / "build.log")
    else:
        log("cold index build in a fresh process (built-in model adaptation included)")
        report["build"] = cold_build(index_dir, work / "build.log")
        log(f"built in {report['build']['build_s']} s, {report['build']['size_mb']} MB")

    if opts.quick or "big_document" in opts.skip:
        report["big_document"] = {"skipped": "--quick" if opts.quick else "--skip big_document"}
    else:
        from assistant.bench.big_document import run_big_document

        log("cold build of the corpus plus a generated 20 MB document of distinct lines")
        report["big_document"] = run_big_document(Settings().corpus_dir, work)
        big = report["big_document"]
        log(f"built in {big['wall_s']} s ({big['cpu_s']} s CPU), peak {big['peak_rss_mb']} MB")

    set_paths = opts.set_paths or default_dev_sets()
    items = load_items(set_paths)
    questions = [it.question for it in items]
    report["meta"]["question_sets"] = [p.name for p in set_paths]
    report["meta"]["questions"] = len(questions)
    if not questions:
        raise RuntimeError(f"no questions in {set_paths}")
    queries_file = work / "questions.json"
    queries_file.write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")

    # 2-5. A real server: cold start, HTTP load, peak RSS.
    if not {"cold_start", "http"} <= opts.skip:
        server_sections(opts, report, work, index_dir, queries_file, loads, log)

    # 3. In-process latency.
    settings = Settings(index_dir=index_dir)
    engine = None
    if "inprocess" not in opts.skip or "scale" not in opts.skip:
        from assistant.service import Assistant

        loads["before_inprocess"] = load_avg()
        log("loading the engine in this process")
        t0 = time.perf_counter()
        engine = Assistant.load(settings)
        engine_load_s = round(time.perf_counter() - t0, 3)
        if isinstance(report.get("cold_start"), dict) and "skipped" not in report["cold_start"]:
            report["cold_start"]["engine_load_in_process_s"] = engine_load_s
    if engine is not None and "inprocess" not in opts.skip:
        from assistant.bench.follow_ups import default_conversation_sets, measure_follow_ups
        from assistant.bench.inprocess import measure_engine

        log(f"in-process latency: {len(questions)} questions x {opts.repeats}")
        sections = measure_engine(engine, questions, repeats=opts.repeats or 1)
        sections["search"]["engine_load_s"] = engine_load_s
        report.update(sections)
        log(f"search p50 {report['search']['p50_ms']} ms, answer p50 {report['answer']['p50_ms']} ms")
        conversation_sets = default_conversation_sets()
        if conversation_sets:
            log(f"in-process follow-up turns: {', '.join(p.name for p in conversation_sets)}")
            report["follow_up"] = measure_follow_ups(engine, conversation_sets)
            log(f"follow-up answer p50 {report['follow_up']['p50_ms']} ms, p95 {report['follow_up']['p95_ms']} ms")
        else:
            report["follow_up"] = {"skipped": "no conversation set (evals/tune/conversations.jsonl)"}

    # 6. Scale.
    if engine is not None and "scale" not in opts.skip:
        from assistant.bench.scale import run_scale

        loads["before_scale"] = load_avg()
        report["scale"] = run_scale(engine, settings, items, opts.factors or (), work, repeats=1, log=log)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if isinstance(report.get("memory"), dict):
        report["memory"]["bench_process_peak_mb"] = round(rss, 1)
