"""``assistant serve``: the HTTP API under uvicorn."""

from __future__ import annotations

import ipaddress
import os

import click

from assistant.cli.common import corpus_option, index_option, settings_from
from assistant.cli.group import cli
from assistant.errors import ConfigError
from assistant.settings import LOOPBACK_HOSTS, Settings


def is_loopback(host: str) -> bool:
    """Whether listening on ``host`` is reachable from this machine only."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to any interface


def check_exposure(host: str, settings: Settings, insecure: bool) -> list[str]:
    """Refuse to listen beyond loopback without API keys (unless ``insecure``); returns warnings."""
    if is_loopback(host):
        return []
    if not settings.api_key_set and not insecure:
        raise ConfigError(
            f"refusing to serve on {host} without API keys: anyone who can reach it could use the API. "
            "Set ASSISTANT_API_KEYS (and ASSISTANT_ALLOWED_HOSTS to the names clients use), "
            "or pass --insecure to serve it open anyway"
        )
    warnings = []
    if not settings.api_key_set:
        warnings.append(f"warning: serving on {host} without API keys (--insecure)")
    if settings.allowed_hosts == LOOPBACK_HOSTS:
        warnings.append(
            f"warning: ASSISTANT_ALLOWED_HOSTS is {LOOPBACK_HOSTS}: requests that name this machine by another "
            "host name or address get 400; set it to the names clients use"
        )
    return warnings


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
@click.option(
    "--insecure",
    is_flag=True,
    help="Allow a non-loopback --host without ASSISTANT_API_KEYS (anyone who can reach it can use the API).",
)
@corpus_option
@index_option
def serve_cmd(host: str | None, port: int | None, workers: int, log_level: str, insecure: bool, corpus, index) -> None:
    """Serve the API (docs at /docs). Fails at once when the index is missing or stale, or when the
    API settings cannot work (a blank key list, a non-loopback host without keys)."""
    import uvicorn

    from assistant.api import app as api_app
    from assistant.api.protocol import PROTOCOL
    from assistant.service import Assistant

    # Workers read their settings from the environment: pass the command-line paths on.
    if corpus:
        os.environ["ASSISTANT_CORPUS_DIR"] = str(corpus)
    if index:
        os.environ["ASSISTANT_INDEX_DIR"] = str(index)
    settings = settings_from(corpus, index)
    host = host or settings.api_host
    port = settings.api_port if port is None else port
    settings.check_api()
    for warning in check_exposure(host, settings, insecure):
        click.secho(warning, fg="yellow", err=True)

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
        # JSON 400s for requests uvicorn cannot parse (an invalid Content-Length …).
        http=PROTOCOL,
        # X-Forwarded-For is read by the app, from ASSISTANT_TRUSTED_PROXIES only: uvicorn's own
        # handling trusts any client on loopback, which let a forged header dodge the rate limit.
        proxy_headers=False,
    )


def _log_config(level: str) -> dict:
    """uvicorn's logging, plus the assistant's own messages (index switches, errors, bugs)."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["assistant"] = {"handlers": ["default"], "level": level.upper(), "propagate": False}
    return config
