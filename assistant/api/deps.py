"""FastAPI dependencies: the settings, the shared engine, the query log store, the client id.

``async``: FastAPI runs a plain ``def`` dependency in its thread pool, a thread switch per
dependency per request for what is an attribute lookup.
"""

from __future__ import annotations

from fastapi import Request

from assistant.api.errors import ApiError
from assistant.api.limits import client_id
from assistant.feedback_log import Store
from assistant.holder import AssistantHolder
from assistant.service import Assistant
from assistant.settings import Settings


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_holder(request: Request) -> AssistantHolder:
    holder = getattr(request.app.state, "holder", None)
    if holder is None:  # only before start-up has finished
        raise ApiError(503, "unavailable", "the index is not loaded yet; retry in a moment")
    return holder


async def get_engine(request: Request) -> Assistant:
    """The current engine; a request keeps the engine it started with across a reload."""
    return (await get_holder(request)).engine


async def get_store(request: Request) -> Store:
    return request.app.state.store


async def get_client(request: Request) -> str:
    """``key:<fingerprint>`` or ``ip:<address>``, as the rate limit counts it."""
    return client_id(request.scope)
