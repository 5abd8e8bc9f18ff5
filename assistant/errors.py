"""Errors the assistant reports to its users, each with what to do about it."""

from __future__ import annotations

REBUILD_HINT = "rebuild it with: assistant index build  (or: make index)"


class AssistantError(Exception):
    """Base class: a problem a user can act on; ``str(err)`` says what and how."""


class IndexNotFound(AssistantError):
    """No index has been built in the configured index directory."""


class IndexMismatch(AssistantError):
    """The index on disk was built with other settings (model, chunker, tokeniser) or another corpus."""


class UnknownDocument(AssistantError):
    """A document filter names a file that is not in the index."""

    def __init__(self, unknown: list[str], known: list[str]):
        self.unknown = unknown
        self.known = known
        super().__init__(f"unknown document(s): {', '.join(unknown)}; known: {', '.join(known)}")


class ModelUnavailable(AssistantError):
    """An embedding model was configured that is not on this machine (nothing is downloaded)."""


class ConfigError(AssistantError):
    """A setting has a value the assistant cannot work with (the message names the variable)."""
