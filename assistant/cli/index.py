"""``assistant index build|status``."""

from __future__ import annotations

import click

from assistant.cli import cli
from assistant.cli.common import corpus_option, echo_json, index_option, json_option, settings_from
from assistant.errors import AssistantError


@cli.group("index")
def index_group() -> None:
    """Build and inspect the search index under index/."""


@index_group.command("build")
@corpus_option
@index_option
@click.option("--force", is_flag=True, help="Rebuild even when the corpus and settings are unchanged.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@json_option
def build_cmd(corpus: str | None, index: str | None, force: bool, quiet: bool, as_json: bool) -> None:
    """Chunk the corpus, build BM25 + embeddings + FAISS + records, publish atomically."""
    from assistant.indexing.build import build_index

    settings = settings_from(corpus, index)
    try:
        report = build_index(settings, force=force, progress=not (quiet or as_json))
    except FileNotFoundError as exc:
        raise AssistantError(str(exc)) from exc
    if as_json:
        echo_json(report.to_dict())
        return
    for name in report.removed_staging:
        click.secho(f"removed {name} (left behind by an interrupted build)", fg="yellow")
    for p in report.problems:
        click.secho(f"skipped {p.path}: {p.reason}", fg="yellow")
    if not report.built:
        click.echo(f"{report.reason}: {report.documents} documents, {report.chunks} chunks ({report.build_dir})")
        return
    t = report.timings
    click.echo(f"{report.reason}: {report.documents} documents, {report.chunks} chunks -> {report.build_dir}")
    click.echo(
        "time: "
        + ", ".join(f"{k.removesuffix('_s')} {v:.1f}s" for k, v in t.items())
        + f"; size {report.size_bytes / 1e6:.1f} MB; peak memory {report.peak_rss_mb:.0f} MB"
    )


@index_group.command("status")
@corpus_option
@index_option
@json_option
def status_cmd(corpus: str | None, index: str | None, as_json: bool) -> None:
    """Show the published index and whether it matches the corpus and settings."""
    from assistant.backends.local.published import check_compatible, current_build, read_manifest
    from assistant.indexing.freshness import corpus_hashes_on_disk

    settings = settings_from(corpus, index)
    build = current_build(settings.index_dir)
    if build is None:
        raise AssistantError(f"no index in {settings.index_dir}; build it with: assistant index build")
    manifest = read_manifest(build)
    problem = None
    try:
        check_compatible(
            manifest, settings, corpus_hashes_on_disk(settings.corpus_dir, manifest, settings.max_file_bytes)
        )
    except AssistantError as exc:
        problem = str(exc)
    status = {
        "build": str(build),
        "up_to_date": problem is None,
        "problem": problem,
        **{k: manifest.get(k) for k in ("built_at", "counts", "model", "faiss", "timings_s", "peak_rss_mb")},
    }
    if as_json:
        echo_json(status)
        return
    click.echo(f"index: {build}")
    click.echo(
        f"built: {manifest.get('built_at')}  model: {manifest.get('model', {}).get('name')}  counts: {manifest.get('counts')}"
    )
    click.echo("status: up to date" if problem is None else f"status: STALE - {problem}")
