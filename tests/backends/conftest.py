"""A real PostgreSQL + pgvector on loopback for the ``postgres`` tests, and the real index published to it.

The server starts once per session (`assistant.backends.postgres.testserver`). Without one the tests
are skipped, except in CI (``CI`` set), where a missing server is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.settings import Settings


@pytest.fixture(scope="session")
def pg_server():
    """A started primary in a fresh temp folder (tests add a replica themselves); removed at the end."""
    from assistant.backends.postgres.testserver import ServerUnavailable, TestServer

    try:
        server = TestServer().start()
    except (ServerUnavailable, OSError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs a PostgreSQL with pgvector (make pg-deps): {exc}")
        pytest.skip(f"no PostgreSQL with pgvector here: {exc}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def local_index_dir(tmp_path_factory) -> Path:
    """The project's published index when it is current (``make test`` builds it first), else one built here."""
    from assistant.backends.local.published import load_index
    from assistant.errors import AssistantError
    from assistant.indexing.build import build_index
    from assistant.indexing.freshness import corpus_hashes_on_disk

    settings = Settings()
    try:
        load_index(settings, corpus_hashes_on_disk(settings.corpus_dir))
        return settings.index_dir
    except AssistantError:
        index_dir = tmp_path_factory.mktemp("pg-local-index") / "index"
        build_index(Settings(index_dir=index_dir), progress=False)
        return index_dir


@pytest.fixture(scope="session")
def pg_settings(pg_server, local_index_dir) -> Settings:
    """Settings for the postgres backend, with the real index's build written and published."""
    from assistant.backends.local.published import current_build
    from assistant.backends.postgres.assemble import publish_local_build

    settings = Settings(backend="postgres", database_url=pg_server.url, index_dir=local_index_dir)
    publish_local_build(settings, current_build(local_index_dir))
    return settings
