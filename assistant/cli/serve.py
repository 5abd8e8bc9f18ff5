"""``assistant serve``: the HTTP API under uvicorn."""

from __future__ import annotations

import os

import click

from assistant.cli.common import corpus_option, index_option, settings_from
from assistant.cli.group import cli


@cli.command("serve")
@click.option("--host", default=None, help="Address to listen on (default: ASSISTANT_API_HOST or 127.0.0.1).")
@click.option("--port", type=click.IntRange(0, 65535), default=None, help="Port (default: ASSISTANT_API_PORT or 8000).")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes (each loads the index).",
)
@click.option(
    "--log-level",
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
    default="info",
    show_default=True,
)
@corpus_option
@index_option
def serve_cmd(host: str | None, port: int | None, workers: int, log_level: str, corpus, index) -> None:
    """Serve the API (docs at /docs). Fails at once when the index is missing or stale."""
    import uvicorn

    from assistant.api import app as api_app
    from assistant.service import Assistant

    # Workers read their settings from the environment: pass the command-line paths on.
    if corpus:
        os.environ["ASSISTANT_CORPUS_DIR"] = str(corpus)
    if index:
        os.environ["ASSISTANT_INDEX_DIR"] = str(index)
    settings = settings_from(corpus, index)
    host = host or settings.api_host
    port = settings.api_port if port is None else port

    # Load the index once before binding the port: a missing or stale index is an AssistantError,
    # which the command group prints (with the rebuild command) before exiting with status 2.
    engine = Assistant.load(settings)
    if workers == 1:
        api_app._preloaded = engine  # the factory below runs in this process and reuses it
    else:
        del engine  # each worker process loads its own copy
    click.echo(
        f"serving index {settings.index_dir} on http://{host}:{port} (docs: http://{host}:{port}/docs)", err=True
    )
    uvicorn.run(
        "assistant.api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        log_config=_log_config(log_level),
        timeout_graceful_shutdown=10,
    )


def _log_config(level: str) -> dict:
    """uvicorn's logging, plus the assistant's own messages (index switches, errors, bugs)."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["assistant"] = {"handlers": ["default"], "level": level.upper(), "propagate": False}
    return config
