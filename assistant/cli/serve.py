"""``assistant serve``: the HTTP API under uvicorn, one worker process per core by default."""

from __future__ import annotations

import ipaddress
import os
import shutil
import sys

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


def _default_workers() -> int:
    from assistant.api.workers import default_workers

    return default_workers()


@cli.command("serve")
@click.option("--host", default=None, help="Address to listen on (default: ASSISTANT_API_HOST or 127.0.0.1).")
@click.option("--port", type=click.IntRange(0, 65535), default=None, help="Port (default: ASSISTANT_API_PORT or 8000).")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes (default: the number of cores). They map the same index files, not a copy each.",
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
def serve_cmd(
    host: str | None, port: int | None, workers: int | None, log_level: str, insecure: bool, corpus, index
) -> None:
    """Serve the API (docs at /docs). Fails at once when the index is missing or stale, or when the
    API settings cannot work (a blank key list, a non-loopback host without keys)."""
    import uvicorn

    from assistant.api.protocol import PROTOCOL
    from assistant.api.workers import shared_metrics_dir
    from assistant.logs import log_config
    from assistant.threads import limit_native_threads, single_threaded_env

    # Workers read their settings from the environment: pass the command-line paths on.
    if corpus:
        os.environ["ASSISTANT_CORPUS_DIR"] = str(corpus)
    if index:
        os.environ["ASSISTANT_INDEX_DIR"] = str(index)
    settings = settings_from(corpus, index)
    host = host or settings.api_host
    port = settings.api_port if port is None else port
    workers = workers or _default_workers()
    settings.check_api()
    for warning in check_exposure(host, settings, insecure):
        click.secho(warning, fg="yellow", err=True)

    single_threaded_env()  # for the worker processes, before they import numpy
    limit_native_threads()  # for this one, which has

    # Check the index before binding the port: a missing or stale index is an AssistantError, which
    # the command group prints (with the rebuild command) before exiting with status 2.
    metrics_dir = None
    if workers == 1:
        # The app and the answerer only here: with several workers this process only supervises them, and
        # importing them (FastAPI, LangChain, the answer rules: seconds) would delay every worker's start.
        from assistant.api import app as api_app
        from assistant.service import Assistant

        api_app._preloaded = Assistant.load(settings)  # the factory below runs in this process and reuses it
    else:
        _check_index(settings)  # the workers load it; this process only supervises them, so stays small
        if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # the workers' metrics, summed on each scrape
            metrics_dir = shared_metrics_dir()
    click.echo(
        f"serving index {settings.index_dir} on http://{host}:{port} with {workers} worker(s) "
        f"(docs: http://{host}:{port}/docs)",
        err=True,
    )
    options = dict(
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        log_config=log_config(log_level, settings.json_logs),
        access_log=False,  # assistant.access writes one line per request, with its request id
        timeout_graceful_shutdown=10,
        # JSON 400s for requests uvicorn cannot parse (an invalid Content-Length …).
        http=PROTOCOL,
        # X-Forwarded-For is read by the app, from ASSISTANT_TRUSTED_PROXIES only: uvicorn's own
        # handling trusts any client on loopback, which let a forged header dodge the rate limit.
        proxy_headers=False,
    )
    try:
        if workers > 1:
            config = uvicorn.Config("assistant.api.app:create_app", **options)
            _serve_workers(config, host, port, workers, settings.worker_start_timeout_s)
        else:
            uvicorn.run("assistant.api.app:create_app", **options)
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)


def _serve_workers(config, host: str, port: int, workers: int, start_timeout: float) -> None:
    """Each worker on a socket of its own where the platform allows it (`assistant.api.spread`: connections
    spread over the workers), else on one shared socket; exits with status 3 when the workers cannot start."""
    from uvicorn.config import STARTUP_FAILURE

    from assistant.api.spread import SpreadWorkers, bind_slots, can_spread

    # Not uvicorn.run's supervisor even on one shared socket: this process no longer imports the app, so
    # a worker that cannot (a broken dependency) must stop the server, which uvicorn's would restart forever.
    try:
        slots = bind_slots(host, port, workers, config.backlog) if can_spread() else [config.bind_socket()] * workers
    except OSError as exc:
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    shared = "one socket per worker" if can_spread() else "one socket shared by the workers"
    click.echo(f"listening on http://{host}:{slots[0].getsockname()[1]}, {shared}", err=True)
    supervisor = SpreadWorkers(config, slots, start_timeout)
    try:
        supervisor.run()
    except KeyboardInterrupt:
        pass
    finally:
        for sock in slots:  # the supervisor's own list: slots SIGTTIN added are in it, those SIGTTOU closed are not
            sock.close()
    if supervisor.startup_failed:  # the workers logged why
        sys.exit(STARTUP_FAILURE)


def _check_index(settings: Settings) -> None:
    """What `Assistant.load` refuses first (no index, other settings, a changed corpus), without loading it."""
    if settings.backend != "local":  # a database backend: load it once to check, as with one worker
        from assistant.service import Assistant

        Assistant.load(settings)
        return
    from assistant.backends.local.published import load_index
    from assistant.indexing.freshness import corpus_hashes_on_disk

    stored = load_index(settings, None)
    stored.check_corpus(corpus_hashes_on_disk(settings.corpus_dir, stored.manifest, settings.max_file_bytes))
