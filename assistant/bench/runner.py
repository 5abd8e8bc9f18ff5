"""Run the benchmark sections and assemble the JSON report (see `assistant.bench.report` for targets).

Order: cold index build (fresh process, fresh temp folder) -> API cold start (``assistant serve``
on that index) -> HTTP load against that server (second process) -> server peak RSS -> server
stopped -> in-process latency (engine loaded here) -> scale. Nothing is written outside the
temp folder (the project's ``index/`` is at most read, in ``--quick`` mode or with ``--index``).
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SECTIONS = ("machine", "build", "cold_start", "search", "answer", "http", "memory", "scale")
SKIPPABLE = ("build", "cold_start", "http", "inprocess", "scale")
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


def _log_default(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# -- machine -------------------------------------------------------------------------------------
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
        "note": (
            "shared machine: other processes (other agents' test runs) used the CPUs during the run, so "
            "wall-clock figures are noisy; compare the load averages, and read the CPU-time columns as the "
            "steadier estimate of an idle machine"
        ),
    }


# -- build ---------------------------------------------------------------------------------------
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
        "peak_rss_mb": rep.get("peak_rss_mb"),  # the build process's peak resident memory
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
        "peak_rss_mb": manifest.get("peak_rss_mb"),
        "documents": manifest.get("counts", {}).get("documents"),
        "chunks": manifest.get("counts", {}).get("chunks"),
        "build_dir": str(build),
    }


# -- questions -----------------------------------------------------------------------------------
def default_dev_sets() -> list[Path]:
    from assistant.settings import PROJECT_ROOT

    for base in (Path.cwd() / "evals", PROJECT_ROOT / "evals"):
        found = sorted(base.glob("dev_*.jsonl"))
        if found:
            return found
    return []


def load_items(paths: Sequence[Path]) -> list[Any]:
    from assistant.evals.sets import load_sets

    items, _ = load_sets(paths)
    return items


# -- HTTP ----------------------------------------------------------------------------------------
def _proc_cpu_s(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    except (OSError, IndexError, ValueError):
        return None


def http_run(
    base_url: str,
    endpoint: str,
    concurrency: int,
    queries_file: Path,
    *,
    duration_s: float,
    max_requests: int,
    warmup: int,
    server_pid: int | None,
) -> dict[str, Any]:
    """One load run from a separate process (`assistant.bench.load`), with the server's CPU time."""
    hard = duration_s + 60
    cmd = [
        sys.executable, "-m", "assistant.bench.load",
        "--url", base_url, "--endpoint", endpoint, "--queries", str(queries_file),
        "--concurrency", str(concurrency), "--duration", str(duration_s), "--requests", str(max_requests),
        "--hard-timeout", str(hard), "--warmup", str(warmup),
    ]  # fmt: skip
    cpu0 = _proc_cpu_s(server_pid) if server_pid else None
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=hard + 60)
    except subprocess.TimeoutExpired:
        return {"concurrency": concurrency, "errors": None, "failed": "load generator did not stop (killed)"}
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu1 = _proc_cpu_s(server_pid) if server_pid else None
    if proc.returncode != 0 or not proc.stdout.strip():
        return {"concurrency": concurrency, "errors": None, "failed": proc.stderr[-2000:]}
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out.pop("url", None)
    if cpu0 is not None and cpu1 is not None:
        total = out["requests"] + warmup
        out["server_cpu_s"] = round(cpu1 - cpu0, 3)
        out["server_cpu_ms_per_request"] = round((cpu1 - cpu0) * 1000 / total, 3) if total else None
        cpu_ms = out["server_cpu_ms_per_request"]
        out["cpu_bound_requests_per_s"] = round(1000 / cpu_ms, 1) if cpu_ms else None
    out["client_cpu_s"] = round((ru1.ru_utime + ru1.ru_stime) - (ru0.ru_utime + ru0.ru_stime), 3)
    return out


# -- the run -------------------------------------------------------------------------------------
def empty_report() -> dict[str, Any]:
    """The report skeleton: every section present (``skipped`` until measured)."""
    return {name: {"skipped": "not run"} for name in SECTIONS}


def run_bench(opts: BenchOptions, log: Callable[[str], None] = _log_default) -> dict[str, Any]:
    from assistant.bench.report import evaluate_targets

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
        _server_sections(opts, report, work, index_dir, queries_file, loads, log)

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
        from assistant.bench.inprocess import measure_engine

        log(f"in-process latency: {len(questions)} questions x {opts.repeats}")
        sections = measure_engine(engine, questions, repeats=opts.repeats or 1)
        sections["search"]["engine_load_s"] = engine_load_s
        report.update(sections)
        log(f"search p50 {report['search']['p50_ms']} ms, answer p50 {report['answer']['p50_ms']} ms")

    # 6. Scale.
    if engine is not None and "scale" not in opts.skip:
        from assistant.bench.scale import run_scale

        loads["before_scale"] = load_avg()
        report["scale"] = run_scale(engine, settings, items, opts.factors or (), work, repeats=1, log=log)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if isinstance(report.get("memory"), dict):
        report["memory"]["bench_process_peak_mb"] = round(rss, 1)


def _server_sections(
    opts: BenchOptions, report: dict, work: Path, index_dir: Path, queries_file: Path, loads: dict, log
) -> None:
    from assistant.bench.server import ServerProcess

    runs: list[dict[str, Any]] = []
    server = None
    n_runs = opts.cold_start_runs if "cold_start" not in opts.skip else 1
    loads["before_cold_start"] = load_avg()
    try:
        for i in range(n_runs or 1):
            if server is not None:
                server.stop()
            server = ServerProcess(index_dir, work / f"query_log_{i}.sqlite3", work / f"server_{i}.log")
            log(f"server cold start {i + 1}/{n_runs}")
            s = server.start()
            runs.append(
                {
                    "s": round(s, 3),
                    "first_answer_ms": server.first_answer_ms,
                    "rss_after_start_mb": server.memory().get("VmRSS"),
                }
            )
        assert server is not None
        if "cold_start" not in opts.skip:
            secs = [r["s"] for r in runs]
            report["cold_start"] = {
                "s": round(statistics.median(secs), 3),
                "min_s": min(secs),
                "max_s": max(secs),
                "runs": runs,
                "what": "Popen(`assistant serve` on a free loopback port, prebuilt index) -> first 200 on POST "
                "/v1/answer, polled every 50 ms; OS page cache warm",
            }
        start_mem = server.memory()
        if "http" not in opts.skip:
            loads["before_http"] = load_avg()
            http: dict[str, Any] = {
                "server": "assistant serve (1 worker, uvicorn, default log level, query log on, rate limit off)",
                "client": "python -m assistant.bench.load (asyncio + httpx) in its own process, same machine",
                "duration_s": opts.http_duration_s,
            }
            for endpoint in ENDPOINTS:
                http[endpoint] = {}
                for c in opts.concurrency:
                    log(f"HTTP {endpoint} concurrency {c} for {opts.http_duration_s} s")
                    res = http_run(
                        server.base_url, endpoint, c, queries_file,
                        duration_s=opts.http_duration_s or 2.0, max_requests=opts.http_max_requests or 2000,
                        warmup=max(2, min(c, 8)), server_pid=server.pid,
                    )  # fmt: skip
                    http[endpoint][f"c{c}"] = res
                    log(f"  {res.get('requests_per_s')} req/s, p50 {res.get('p50_ms')} ms, errors {res.get('errors')}")
            report["http"] = http
        mem = server.memory()
        report["memory"] = {
            "rss_mb": mem.get("VmHWM"),
            "vmrss_mb": mem.get("VmRSS"),
            "rss_after_start_mb": start_mem.get("VmRSS"),
            "rss_anon_mb": mem.get("RssAnon"),
            "rss_file_mb": mem.get("RssFile"),
            "pss_mb": mem.get("Pss"),
            "threads": mem.get("Threads"),
            "what": "server process VmHWM (peak resident set) from /proc/<pid>/status after the HTTP load",
        }
    finally:
        if server is not None:
            code = server.stop()
            if code not in (0, -15, None):
                log(f"server exited with {code}: {server.log_tail(500)}")
