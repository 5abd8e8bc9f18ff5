"""``assistant search`` and ``assistant ask``."""

from __future__ import annotations

import textwrap

import click

from assistant.cli.common import corpus_option, echo_json, index_option, json_option, settings_from
from assistant.cli.group import cli


def _engine(corpus, index):
    from assistant.service import Assistant

    return Assistant.load(settings_from(corpus, index))


@cli.command("search")
@click.argument("query")
@click.option("-k", "--top-k", type=click.IntRange(1, 50), default=5, show_default=True)
@click.option("--doc", "docs", multiple=True, help="Only this document (file name); repeatable.")
@click.option("--retriever", type=click.Choice(["hybrid", "bm25", "dense"]), default="hybrid", show_default=True)
@corpus_option
@index_option
@json_option
def search_cmd(query: str, top_k: int, docs: tuple[str, ...], retriever: str, corpus, index, as_json: bool) -> None:
    """Find the passages that best match QUERY."""
    engine = _engine(corpus, index)
    hits = engine.search(query, top_k, list(docs) or None, retriever=retriever)
    if as_json:
        echo_json(
            {
                "query": query,
                "hits": [
                    {
                        "rank": h.rank,
                        "score": round(h.score, 4),
                        "bm25_score": h.bm25_score,
                        "dense_score": h.dense_score,
                        **{
                            k: v
                            for k, v in h.chunk.to_dict().items()
                            if k not in ("search_text", "char_start", "char_end")
                        },
                    }
                    for h in hits
                ],
            }
        )
        return
    if not hits:
        click.echo("該当する記載が見つかりませんでした (no matching passage)")
    for h in hits:
        c = h.chunk
        click.secho(f"[{h.rank}] {h.score:.3f}  {c.doc}  L{c.line_start}-{c.line_end}  {c.heading[:40]}", bold=True)
        click.echo(textwrap.indent(textwrap.shorten(c.search_text, 220, placeholder=" …"), "    "))


@cli.command("ask")
@click.argument("question")
@click.option("--doc", "docs", multiple=True, help="Only this document (file name); repeatable.")
@click.option("-k", "--top-k", type=click.IntRange(1, 50), default=None)
@corpus_option
@index_option
@json_option
def ask_cmd(question: str, docs: tuple[str, ...], top_k: int | None, corpus, index, as_json: bool) -> None:
    """Answer QUESTION with citations (extractive, offline)."""
    engine = _engine(corpus, index)
    answer = engine.answer(question, docs=list(docs) or None, top_k=top_k)
    if as_json:
        echo_json(answer.to_dict())
        return
    click.echo(answer.answer)
    sources = answer.citations or answer.related
    if sources:
        click.echo("")
        click.secho("出典:" if answer.citations else "関連する記載:", bold=True)
    for c in sources:
        first, last = (c.quote_line_start, c.quote_line_end) if c.quote_line_start else (c.line_start, c.line_end)
        click.echo(f"  [{c.n}] {c.title} ({c.doc}) {first}-{last}行")
        click.echo(textwrap.indent(textwrap.shorten(c.quote, 200, placeholder=" …"), "      「") + "」")
