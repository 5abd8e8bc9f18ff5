"""The ``assistant`` click group that every subcommand module attaches itself to."""

from __future__ import annotations

import logging
import sys

import click

from assistant.errors import AssistantError


class _Group(click.Group):
    """Reports `AssistantError` as a one-line message with its fix, not a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AssistantError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log progress and warnings.")
@click.version_option(package_name="jp-gov-assistant")
def cli(verbose: bool) -> None:
    """Cited answers from Japanese government planning documents (offline)."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
