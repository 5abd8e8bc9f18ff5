"""``assistant add FILE…`` and ``assistant remove DOC…``: change the corpus and refresh the index in one step."""

from __future__ import annotations

from pathlib import Path

import click

from assistant.cli.common import corpus_option, echo_json, index_option, json_option, settings_from
from assistant.cli.group import cli
from assistant.errors import AssistantError


def _calibrated(settings, report, skip: bool) -> None:
    """Refit the answer-confidence model for the new build, as ``assistant index build`` does.

    The new build already serves with the previous build's model (carried over by the refresh).
    """
    if skip or report.build is None or not report.build.built:
        return
    from assistant.cli.index import _calibrate

    _calibrate(settings, force=False)


def _echo(report, as_json: bool) -> None:
    if as_json:
        echo_json(report.to_dict())
        return
    for label, names in (("added", report.added), ("updated", report.updated), ("unchanged", report.unchanged)):
        for name in names:
            click.echo(f"{label} {name}")
    for name in report.removed:
        click.echo(f"removed {name}")
    for p in report.problems:
        click.secho(f"skipped {p.path}: {p.reason}", fg="yellow", err=True)
    b = report.build
    if b is not None:
        took = b.timings.get("total_s")
        click.echo(
            f"index: {b.reason}: {b.documents} documents, {b.chunks} chunks" + (f" in {took:.1f}s" if took else "")
        )


@cli.command("add")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", help="Title (default: from the file: PDF metadata or title block, Word properties, <title>).")
@click.option("--publisher", help="Publisher (default: from the file when it states one).")
@click.option("--date", help="Date as YYYY[-MM[-DD]] (default: from the file).")
@click.option("--kind", help="Kind of document (slides, report, ...).")
@click.option("--full", is_flag=True, help="Re-adapt the built-in model on the whole corpus instead of a refresh.")
@click.option("--no-calibrate", is_flag=True, help="Do not refit the answer-confidence model on evals/tune/.")
@corpus_option
@index_option
@json_option
def add_cmd(files, title, publisher, date, kind, full, no_calibrate, corpus, index, as_json) -> None:
    """Copy FILES (PDF, Word, HTML, text) into the corpus, record them in manifest.json, refresh the index."""
    from assistant.indexing.library import add_documents

    if len(files) > 1 and title:
        raise click.UsageError("--title names one document: give one FILE with it")
    settings = settings_from(corpus, index)
    meta = {k: v for k, v in {"title": title, "publisher": publisher, "date": date, "kind": kind}.items() if v}
    try:
        report = add_documents(settings, files, meta=meta, progress=not as_json, refresh=not full)
    except FileNotFoundError as exc:
        raise AssistantError(str(exc)) from exc
    _calibrated(settings, report, no_calibrate)
    _echo(report, as_json)
    if report.problems and not (report.added or report.updated or report.unchanged):
        raise SystemExit(1)


@cli.command("remove")
@click.argument("docs", nargs=-1, required=True)
@click.option("--no-calibrate", is_flag=True, help="Do not refit the answer-confidence model on evals/tune/.")
@corpus_option
@index_option
@json_option
def remove_cmd(docs, no_calibrate, corpus, index, as_json) -> None:
    """Delete DOCS (file names in the corpus) from the corpus and manifest.json, refresh the index."""
    from assistant.indexing.library import remove_documents

    settings = settings_from(corpus, index)
    try:
        report = remove_documents(settings, docs, progress=not as_json)
    except FileNotFoundError as exc:
        raise AssistantError(f"{exc}; the corpus is empty now, add a document with: assistant add FILE") from exc
    _calibrated(settings, report, no_calibrate)
    _echo(report, as_json)
