"""The optional chat model that writes answers from the cited passages (``ASSISTANT_CHAT_MODEL``).

``Settings.chat_model`` is a LangChain ``init_chat_model`` spec, ``"provider:model"``, for example
``"openai:qwen2.5-7b-instruct"`` for an on-premises OpenAI-compatible server (vLLM, llama.cpp,
LM Studio; its address from ``OPENAI_BASE_URL`` or ``ASSISTANT_CHAT_BASE_URL``) or
``"ollama:qwen2.5"`` for a local Ollama. The provider's integration package (``langchain-openai``,
``langchain-ollama``…) must be installed; it is not a dependency of the assistant.

Nothing is imported or contacted at import time, and a model that cannot be set up is logged and
left out: the assistant then answers extractively, as it does with no model configured.

Optional environment variables (read here, beside ``Settings``):

``ASSISTANT_CHAT_BASE_URL``
    The server's address, passed to the model class as ``base_url``.
``ASSISTANT_CHAT_API_KEY``
    A key for that server (``api_key``); on-premises servers often accept any string.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.settings import Settings

log = logging.getLogger(__name__)

BASE_URL_ENV = "ASSISTANT_CHAT_BASE_URL"
API_KEY_ENV = "ASSISTANT_CHAT_API_KEY"


def _provider(spec: str) -> str | None:
    """``"ollama:qwen2.5"`` -> ``"ollama"``; None when the spec has no ``provider:`` prefix."""
    head, sep, _ = spec.partition(":")
    return head.strip().lower() if sep else None


def _model_kwargs(settings: Settings, provider: str | None) -> dict[str, Any]:
    """Keyword arguments for the model class: deterministic, bounded in time, one retry at most."""
    timeout = float(settings.chat_timeout_s)
    kwargs: dict[str, Any] = {"temperature": 0}
    if provider == "ollama":
        # ChatOllama has no ``timeout`` field; its httpx client takes one.
        kwargs["client_kwargs"] = {"timeout": timeout}
    else:
        kwargs["timeout"] = timeout
        kwargs["max_retries"] = 1
    if os.environ.get(BASE_URL_ENV):
        kwargs["base_url"] = os.environ[BASE_URL_ENV]
    if os.environ.get(API_KEY_ENV):
        kwargs["api_key"] = os.environ[API_KEY_ENV]
    return kwargs


def load_chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured chat model, or None when none is configured or it cannot be set up.

    Setting a model up does not contact it (LangChain model classes connect on first use), so this
    is cheap and offline. A missing provider package, an unknown provider or invalid arguments are
    logged as a warning and give None: answers are then extractive.

    Example:
        >>> load_chat_model(Settings(chat_model=None)) is None  # doctest: +SKIP
        True
    """
    spec = (settings.chat_model or "").strip()
    if not spec:
        return None
    try:
        from langchain.chat_models import init_chat_model
    except ImportError as exc:  # pragma: no cover - langchain is a dependency
        log.warning("chat model %r not used (langchain is not importable: %s); answers are extractive", spec, exc)
        return None

    kwargs = _model_kwargs(settings, _provider(spec))
    # Not every model class takes every argument: try ours, then the provider's defaults (the
    # pipeline enforces the timeout itself in any case).
    attempts = [kwargs, {k: v for k, v in kwargs.items() if k in ("base_url", "api_key")}]
    last: Exception | None = None
    for attempt in attempts:
        try:
            model = init_chat_model(spec, **attempt)
        except ImportError as exc:
            log.warning(
                "chat model %r not used: its LangChain integration package is not installed (%s); answers are extractive",
                spec,
                exc,
            )
            return None
        except Exception as exc:  # noqa: BLE001 - a bad spec must not stop the assistant
            last = exc
            continue
        log.info("chat model %s (%s) writes answers from the cited passages", spec, type(model).__name__)
        return model
    log.warning("chat model %r not used (%s: %s); answers are extractive", spec, type(last).__name__, last)
    return None
