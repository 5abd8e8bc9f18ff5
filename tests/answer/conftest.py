"""The loaded engine for the answer tests: the index built by `assistant index build`."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.errors import IndexMismatch, IndexNotFound  # noqa: E402
from assistant.settings import Settings  # noqa: E402


@pytest.fixture(scope="session")
def engine():
    """One engine for all answer tests; skipped with the command to run when the index is missing or stale."""
    from assistant.service import Assistant

    try:
        engine = Assistant.load(Settings(chat_model=None))
    except IndexNotFound as exc:
        pytest.skip(f"no index built in {Settings().index_dir} (run: assistant index build): {exc}")
    except IndexMismatch as exc:
        pytest.skip(f"the index in {Settings().index_dir} is stale (run: assistant index build): {exc}")
    engine.answerer  # noqa: B018 - load the answerer and records once
    return engine
