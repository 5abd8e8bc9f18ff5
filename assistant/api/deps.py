"""FastAPI dependencies: the settings, the shared engine, the query log store, the client id."""

from __future__ import annotations

from fastapi import Request

from assistant.api.errors import ApiError
from assistant.api.limits import client_id
from assistant.feedback_log import Store
from assistant.service import Assistant, AssistantHolder
from assistant.settings import Settings


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_holder(request: Request) -> AssistantHolder:
    holder = getattr(request.app.state, "holder", None)
    if holder is None:  # only before start-up has finished
        raise ApiError(503, "unavailable", "the index is not loaded yet; retry in a moment")
    return holder


def get_engine(request: Request) -> Assistant:
    """The current engine; a request keeps the engine it started with across a reload."""
    return get_holder(request).engine


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_client(request: Request) -> str:
    """``key:<fingerprint>`` or ``ip:<address>``, as the rate limit counts it."""
    return client_id(request.scope)
