"""Helpers shared by the CLI commands."""

from __future__ import annotations

import json
from typing import Any

import click

from assistant.settings import Settings


def settings_from(corpus: str | None = None, index: str | None = None, **overrides: Any) -> Settings:
    """Settings from the environment, with command-line overrides."""
    values = {k: v for k, v in overrides.items() if v is not None}
    if corpus:
        values["corpus_dir"] = corpus
    if index:
        values["index_dir"] = index
    return Settings(**values)


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


corpus_option = click.option(
    "--corpus", type=click.Path(file_okay=False), help="Corpus folder (default: ASSISTANT_CORPUS_DIR or ./corpus)."
)
index_option = click.option(
    "--index", type=click.Path(file_okay=False), help="Index folder (default: ASSISTANT_INDEX_DIR or ./index)."
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for programs.")
