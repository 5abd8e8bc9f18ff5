"""Fixtures for the UI tests: one real index, built once per session into a temporary folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "ui" / "app.py"
if str(ROOT) not in sys.path:  # `ui` is not an installed package; the app adds the root the same way
    sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def ui_index(tmp_path_factory) -> Path:
    """An index of the project corpus, built with the default settings into a session tmp dir.

    ``UI_TEST_INDEX_DIR`` reuses an index already built there (to iterate quickly on the UI).
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if os.environ.get("UI_TEST_INDEX_DIR"):
        return Path(os.environ["UI_TEST_INDEX_DIR"]).resolve()
    from assistant.indexing.build import build_index
    from assistant.settings import Settings

    index_dir = tmp_path_factory.mktemp("ui-index")
    report = build_index(Settings(index_dir=index_dir), progress=False)
    assert report.build_dir is not None and (report.build_dir / "manifest.json").exists(), report.reason
    return index_dir


@pytest.fixture
def ui_env(ui_index, tmp_path, monkeypatch) -> dict[str, str]:
    """Point the app at the session index and a fresh SQLite store; no API, offline."""
    for name in list(os.environ):
        if name.startswith("ASSISTANT_"):
            monkeypatch.delenv(name)
    env = {
        "ASSISTANT_INDEX_DIR": str(ui_index),
        "ASSISTANT_DB_PATH": str(tmp_path / "ui.sqlite3"),
        "HF_HUB_OFFLINE": "1",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env
