"""Shared fixtures for the record-extraction tests: the real corpus files, read verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest

DOCS = {
    "000": "000_5b488fcf669fcaed.txt",
    "001": "001_66b98a4b6793b39c.txt",
    "002": "002_b91c70b0932f2c48.txt",
    "003": "003_6b6a8afd27e09b17.txt",
    "004": "004_49aeb67bc23e3385.txt",
}
_ROOTS = (Path(__file__).resolve().parents[2] / "corpus", Path("/work/shared/corpus"))


def corpus_lines(key: str) -> list[str]:
    """Original lines of a corpus file (split on "\\n" only, as editors number them)."""
    name = DOCS[key]
    for root in _ROOTS:
        path = root / name
        if path.exists():
            return path.read_text(encoding="utf-8").split("\n")
    pytest.skip(f"corpus file {name} not available")


@pytest.fixture(scope="session")
def corpus() -> dict[str, list[str]]:
    return {key: corpus_lines(key) for key in DOCS}
