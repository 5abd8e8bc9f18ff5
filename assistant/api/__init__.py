"""The HTTP API (FastAPI): ``assistant serve`` or ``uvicorn --factory assistant.api.app:create_app``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.api.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    """``create_app`` imported on first use: `assistant serve`'s supervisor imports `assistant.api.spread` and
    `protocol` but never the app (FastAPI, LangChain, the answerer), which only its workers load."""
    if name == "create_app":
        from assistant.api.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
