"""The HTTP API (FastAPI): ``assistant serve`` or ``uvicorn --factory assistant.api.app:create_app``."""

from assistant.api.app import create_app

__all__ = ["create_app"]
