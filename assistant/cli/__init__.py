"""The ``assistant`` command line: ``assistant --help`` lists the subcommands."""

from __future__ import annotations

from assistant.cli.group import cli


def _register() -> None:
    # Every subcommand attaches itself on import; a module that fails to import fails the CLI, loudly.
    from assistant.cli import bench, corpus, evals, index, library, query, querylog, serve  # noqa: F401


def main() -> None:
    _register()
    cli()


__all__ = ["cli", "main"]
