"""``assistant index build|status``."""

from __future__ import annotations

import click

from assistant.cli.common import corpus_option, echo_json, index_option, json_option, settings_from
from assistant.cli.group import cli
from assistant.errors import AssistantError


@cli.group("index")
def index_group() -> None:
    """Build and inspect the search index under index/."""


@index_group.command("build")
@corpus_option
@index_option
@click.option("--force", is_flag=True, help="Rebuild even when the corpus and settings are unchanged.")
@click.option(
    "--refresh",
    is_flag=True,
    help="Load, chunk and embed only new or changed documents; keep the rest (and the built-in model) as published.",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--no-calibrate", is_flag=True, help="Do not fit the answer-confidence model on evals/tune/.")
@click.option(
    "--backend",
    type=click.Choice(["local", "postgres"]),
    default=None,
    help="Where to publish (default: ASSISTANT_BACKEND). postgres: build under --index, then write the build "
    "to ASSISTANT_DATABASE_URL beside the old one and publish it in one transaction.",
)
@json_option
def build_cmd(
    corpus: str | None,
    index: str | None,
    force: bool,
    refresh: bool,
    quiet: bool,
    no_calibrate: bool,
    backend: str | None,
    as_json: bool,
) -> None:
    """Chunk the corpus, build BM25 + embeddings + FAISS + records, calibrate, publish atomically."""
    from assistant.indexing.build import build_index

    settings = settings_from(corpus, index, backend=backend)
    try:
        report = build_index(settings, force=force, progress=not (quiet or as_json), refresh=refresh)
    except FileNotFoundError as exc:
        raise AssistantError(str(exc)) from exc
    # Calibrated on the local build before a database backend receives it (confidence.json travels with it).
    calibration = None if no_calibrate else _calibrate(settings, force=False)
    published = None
    if settings.backend == "postgres":
        from assistant.backends.postgres.assemble import publish_local_build

        published = publish_local_build(settings, report.build_dir, force=force)
    if as_json:
        echo_json({**report.to_dict(), "calibration": calibration, "postgres": published})
        return
    if published is not None:
        what = "written and published" if published["written"] else "already in the database; published"
        click.echo(
            f"postgres: build {published['build_id']} {what} (replaced {published['previous']}; "
            f"pruned {len(published['pruned'])}) in {published['timings_s']['pg_total_s']:.1f}s"
        )
    for name in report.removed_staging:
        click.secho(f"removed {name} (left behind by an interrupted build)", fg="yellow")
    for p in report.problems:
        click.secho(f"skipped {p.path}: {p.reason}", fg="yellow")
    if not report.built:
        click.echo(f"{report.reason}: {report.documents} documents, {report.chunks} chunks ({report.build_dir})")
        _echo_calibration(calibration)
        return
    t = report.timings
    click.echo(f"{report.reason}: {report.documents} documents, {report.chunks} chunks -> {report.build_dir}")
    click.echo(
        "time: "
        + ", ".join(f"{k.removesuffix('_s')} {v:.1f}s" for k, v in t.items())
        + f"; size {report.size_bytes / 1e6:.1f} MB; peak memory {report.peak_rss_mb:.0f} MB"
    )
    _echo_calibration(calibration)


def _calibrate(settings, force: bool) -> dict | None:
    """Fit the answer-confidence model for the published build on the tune split (no-op when current)."""
    from assistant.cli.evals import _default
    from assistant.evals.calibrate import calibrate
    from assistant.service import Assistant

    # Fitted on the local build, also when a database backend will receive it (confidence.json travels with it).
    local = settings.model_copy(update={"use_confidence": False, "backend": "local"})
    return calibrate(Assistant.load(local), _default("evals"), force=force)


def _echo_calibration(report: dict | None) -> None:
    if report is None:
        click.echo("calibration: no tune split to fit on (evals/tune/): answers are not confidence-checked")
        return
    cv, before = report["after_cv"], report["before"]
    click.echo(
        f"calibration: {report['rows']} tune answers, {report.get('model', 'logistic')}, "
        f"CV AUC {report.get('chosen_cv_auc', report['cv_auc'])} (logistic {report['cv_auc']}), "
        f"threshold {report['threshold']}; "
        f"CV confidently wrong {before['confidently_wrong']} -> {cv['confidently_wrong']}, "
        f"accuracy {before['accuracy']} -> {cv['accuracy']}"
    )


@cli.command("calibrate")
@corpus_option
@index_option
@click.option("--force", is_flag=True, help="Refit even when the model is current for this build and tune split.")
def calibrate_cmd(corpus: str | None, index: str | None, force: bool) -> None:
    """Fit the answer-confidence model on evals/tune/ (cross-validated) and store it in the published build."""
    _echo_calibration(_calibrate(settings_from(corpus, index), force=force))


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
