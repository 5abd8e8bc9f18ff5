"""``assistant feedback``: the query log's answers by outcome and the ratings officials gave them."""

from __future__ import annotations

import sqlite3

import click

from assistant.cli.common import echo_json, json_option, settings_from
from assistant.cli.group import cli
from assistant.errors import ConfigError


@cli.command("feedback")
@click.option(
    "--days", type=click.IntRange(1, 3650), default=None, help="Only answers logged in the last N days (1-3650)."
)
@json_option
def feedback_cmd(days: int | None, as_json: bool) -> None:
    """Logged answers by outcome (answered, or withheld for each reason) with their 👍 / 👎."""
    from assistant.feedback_log import StoreUnavailable
    from assistant.holder import query_log_reader
    from assistant.querylog_outcomes import format_outcomes, since_days

    settings = settings_from()
    if settings.backend != "postgres" and not settings.db_path.exists():
        raise ConfigError(f"no query log at {settings.db_path} yet: the API and the chat UI write it as they answer")
    since = since_days(days)
    store = query_log_reader(settings)  # reading changes nothing: not the file, not the database's schema
    try:
        counts = store.outcomes(since)
    except (StoreUnavailable, sqlite3.Error) as exc:
        raise ConfigError(f"cannot read the query log ({settings.backend}): {exc}") from exc
    finally:
        store.close()
    if as_json:
        echo_json([c.to_dict() for c in counts])
        return
    where = f"the last {days} days" if days else "all logged answers"
    click.echo(f"Query log ({settings.backend}), {where}:")
    click.echo(format_outcomes(counts))
