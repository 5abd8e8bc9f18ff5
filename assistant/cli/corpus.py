"""``assistant docs`` and ``assistant ingest``: what the corpus holds and what is wrong with it."""

from __future__ import annotations

import re
import statistics

import click

from assistant.cli.common import corpus_option, echo_json, json_option, settings_from
from assistant.cli.group import cli
from assistant.ingest.chunking import chunk_document
from assistant.ingest.loader import load_corpus


def _survey(settings):
    corpus = load_corpus(settings.corpus_dir, settings.max_file_bytes)
    rows = []
    all_sizes: list[int] = []
    unverified = 0
    for doc in corpus.documents:
        chunks = chunk_document(doc, settings.chunk_size, settings.chunk_max, settings.chunk_overlap)
        sizes = [len(c.search_text) for c in chunks]
        all_sizes += sizes
        lines = doc.lines
        for c in chunks:
            span = re.sub(r"\s+", "", "\n".join(lines[c.line_start - 1 : c.line_end]))
            unverified += re.sub(r"\s+", "", c.text) not in span
        rows.append({**doc.summary(), "chunks": len(chunks), "median_chars": statistics.median(sizes) if sizes else 0})
    return corpus, rows, all_sizes, unverified


@cli.command("docs")
@corpus_option
@json_option
def docs_cmd(corpus: str | None, as_json: bool) -> None:
    """List the documents with titles, dates and chunk counts."""
    settings = settings_from(corpus)
    loaded, rows, _, _ = _survey(settings)
    if as_json:
        echo_json({"documents": rows, "problems": [p.__dict__ for p in loaded.problems]})
        return
    for r in rows:
        click.echo(f"{r['doc']}  {r['chunks']:4d} chunks  {r['date'] or '----':8}  {r['title']}")
        for note in r.get("notes") or ():
            click.secho(f"    note: {note}", fg="cyan")
    for p in loaded.problems:
        click.secho(f"skipped {p.path}: {p.reason}", fg="yellow", err=True)


@cli.command("ingest")
@corpus_option
@json_option
def ingest_cmd(corpus: str | None, as_json: bool) -> None:
    """Load and chunk the corpus: counts, size distribution, provenance check, problems."""
    settings = settings_from(corpus)
    loaded, rows, sizes, unverified = _survey(settings)
    q = statistics.quantiles(sizes, n=10) if len(sizes) > 1 else sizes
    report = {
        "corpus_dir": str(settings.corpus_dir),
        "documents": rows,
        "chunks": len(sizes),
        "chunk_chars": {
            "min": min(sizes, default=0),
            "p10": round(q[0]) if q else 0,
            "median": statistics.median(sizes) if sizes else 0,
            "p90": round(q[-1]) if q else 0,
            "max": max(sizes, default=0),
        },
        "provenance_failures": unverified,
        "problems": [p.__dict__ for p in loaded.problems],
    }
    if as_json:
        echo_json(report)
        return
    click.echo(f"corpus: {report['corpus_dir']}")
    for r in rows:
        click.echo(f"  {r['doc']}  {r['encoding']:6}  {r['lines']:5d} lines  {r['chunks']:4d} chunks  {r['title']}")
    s = report["chunk_chars"]
    click.echo(
        f"chunks: {report['chunks']}  chars min {s['min']} / p10 {s['p10']} / median {s['median']} / p90 {s['p90']} / max {s['max']}"
    )
    ok = "ok" if unverified == 0 else f"{unverified} FAILED"
    click.echo(f"provenance (chunk text verbatim at its lines): {ok}")
    for p in loaded.problems:
        click.secho(f"skipped {p.path}: {p.reason}", fg="yellow")
