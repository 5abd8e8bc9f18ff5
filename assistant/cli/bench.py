"""``assistant bench``: build time, cold start, latency, throughput, memory and scale on this machine."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

from assistant.bench.options import SKIPPABLE
from assistant.cli.group import cli


@cli.command("bench")
@click.option(
    "--quick",
    is_flag=True,
    help="About a minute: no cold build (the published index is copied), fewer requests, 10x scale only.",
)
@click.option("--json", "json_out", type=click.Path(dir_okay=False), help="Write the JSON report here.")
@click.option("--md", "md_out", type=click.Path(dir_okay=False), help="Write the Markdown report here.")
@click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, exists=True),
    help="Benchmark this prebuilt index (read only) instead of a cold build.",
)
@click.option(
    "--set",
    "sets",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Question set(s) (default: evals/dev_*.jsonl).",
)
@click.option("--skip", multiple=True, type=click.Choice(SKIPPABLE), help="Leave a section out; repeatable.")
@click.option(
    "--scale",
    "factors",
    multiple=True,
    type=click.IntRange(2, 1000),
    help="Scale factor(s) (default: 10 and 100; 10 with --quick).",
)
@click.option(
    "--duration",
    type=click.FloatRange(0.2, 600),
    default=None,
    help="Seconds of load per HTTP row (default 10; 2 with --quick).",
)
@click.option(
    "--repeats",
    type=click.IntRange(1, 20),
    default=None,
    help="Passes over the questions in-process (default 3; 1 with --quick).",
)
@click.option(
    "--server-src",
    type=click.Path(file_okay=False, exists=True),
    default=None,
    help="Run the API server from this checkout (PYTHONPATH), e.g. to measure before and after a change.",
)
@click.option("--keep", is_flag=True, help="Keep the temp folder (indexes, server logs).")
@click.option(
    "--backend",
    type=click.Choice(["local", "postgres"]),
    default="local",
    show_default=True,
    help="postgres: the database backend at 1x, 10x and 100x (or --scale) over HTTP, beside the local recall.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="API worker processes (`assistant serve --workers`; default: one per core).",
)
@click.option("--database-url", default=None, help="postgres: an existing database (default: a throw-away server).")
@click.option(
    "--client",
    "clients",
    multiple=True,
    type=click.Choice(["raw", "httpx"]),
    help="HTTP load client: raw (default; prebuilt HTTP/1.1 bytes, light) or httpx. postgres: repeatable, each "
    "row then runs once per client.",
)
def bench_cmd(
    quick, json_out, md_out, index_dir, sets, skip, factors, duration, repeats, server_src, keep, backend, workers,
    database_url, clients,
) -> None:  # fmt: skip
    """Measure index build, API cold start, in-process and HTTP latency, peak RSS and scale, and
    report them against the targets. Everything is built in a temp folder; the project's index/
    is never written. Exits 0 whether or not targets are met."""
    from assistant.bench import report as rep

    command = "assistant " + " ".join(shlex.quote(a) for a in sys.argv[1:]) if sys.argv[1:2] == ["bench"] else ""
    if backend == "postgres":
        import json

        from assistant.api.workers import default_workers
        from assistant.bench.postgres import FACTORS, markdown, run_pg_bench
        from assistant.bench.runner import _log_default

        result = run_pg_bench(
            {
                "factors": (1, *factors) if factors else FACTORS,
                "duration": duration or (2.0 if quick else 10.0),
                "workers": workers or default_workers(),
                "database_url": database_url,
                "clients": tuple(dict.fromkeys(clients)) or ("raw",),
                "sets": [Path(s) for s in sets] or None,
                "command": command,
                "partial": json_out,
            },
            _log_default,
        )
        for out in (json_out, md_out):
            if out:
                Path(out).parent.mkdir(parents=True, exist_ok=True)
        if json_out:
            Path(json_out).write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        text = markdown(result)
        if md_out:
            Path(md_out).write_text(text, encoding="utf-8")
        click.echo(text)
        return
    from assistant.bench.options import BenchOptions
    from assistant.bench.runner import run_bench

    if len(set(clients)) > 1:
        raise click.UsageError("the local bench takes one --client per run (the postgres bench takes several)")
    if index_dir:
        from assistant.backends.local.published import current_build

        if current_build(Path(index_dir)) is None:
            # 「index/current」 or a build folder given for the index folder: say so instead of failing later.
            raise click.UsageError(f"no published index in {index_dir} (give the index folder, e.g. index/)")

    opts = BenchOptions(
        quick=quick,
        index_dir=Path(index_dir) if index_dir else None,
        set_paths=[Path(s) for s in sets] or None,
        skip=frozenset(skip),
        factors=tuple(factors) if factors else None,
        repeats=repeats,
        http_duration_s=duration,
        workers=workers,
        server_src=Path(server_src).resolve() if server_src else None,
        keep=keep,
        client=clients[0] if clients else "raw",
        command="assistant " + " ".join(shlex.quote(a) for a in sys.argv[1:])
        if sys.argv[1:2] == ["bench"]
        else "assistant bench",
    )
    result = run_bench(opts)
    if json_out:
        rep.write_json(result, Path(json_out))
    if md_out:
        rep.write_markdown(result, Path(md_out))
    click.echo(rep.terminal(result))
    if json_out or md_out:
        click.echo("wrote " + ", ".join(str(p) for p in (json_out, md_out) if p))
