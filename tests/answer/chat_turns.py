"""Helpers for the conversation tests: chat turns, and corpus evidence that a turn's words go with a subject."""

from __future__ import annotations


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def assistant(text: str) -> dict[str, str]:
    return {"role": "assistant", "content": text}


def together(_turn: str, _subject: str) -> bool:
    """Evidence that the documents discuss the turn's words with the subject."""
    return True


def apart(_turn: str, _subject: str) -> bool:
    """Evidence that they never do."""
    return False
