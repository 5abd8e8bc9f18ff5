"""Log lines with the request id, as text or as one JSON object per line (``ASSISTANT_JSON_LOGS``).

Kept apart from the API package: uvicorn's worker processes unpickle `log_config` before anything
else, and importing the API there would delay their first health check past uvicorn's timeout.
"""

from __future__ import annotations

import contextvars
import json
import logging
from typing import Any

#: The id of the request being handled (``-`` outside a request); set by the API's outermost middleware.
REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` (``-`` outside a request) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


#: Attributes of an access-log record that the JSON format writes as fields of their own.
_FIELDS = ("method", "path", "route", "status", "duration_ms", "client")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id (and the access fields)."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", REQUEST_ID.get()),
        }
        for name in _FIELDS:
            if hasattr(record, name):
                out[name] = getattr(record, name)
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)


def log_config(level: str = "info", json_logs: bool = False) -> dict[str, Any]:
    """``logging.config.dictConfig`` for uvicorn and the assistant: one handler, request ids on every line.

    uvicorn's own access log is replaced by ``assistant.access`` (run uvicorn with ``access_log=False``).
    """
    plain = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
    handler = {
        "class": "logging.StreamHandler",
        "stream": "ext://sys.stderr",
        "formatter": "json" if json_logs else "plain",
        "filters": ["request_id"],
    }
    logger = {"handlers": ["default"], "level": level.upper(), "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"plain": {"format": plain}, "json": {"()": JsonFormatter}},
        "handlers": {"default": handler},
        "loggers": {
            "uvicorn": logger,
            "uvicorn.error": {"handlers": [], "level": level.upper(), "propagate": True},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
            "assistant": logger,
        },
    }
