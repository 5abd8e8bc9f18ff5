"""The embeddable chat widget, served at a versioned URL (``/widget/v1/plan-assistant.js``).

A portal adds it with one tag (see docs/embedding.md)::

    <script src="https://assistant.example.jp/widget/v1/plan-assistant.js" defer></script>
    <plan-assistant api="https://assistant.example.jp" key="API-KEY"></plan-assistant>

The file is read once and served with an ETag; a change that breaks pages embedding it gets a new
version path, so a cached ``v1`` keeps working.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request
from starlette.responses import Response

VERSION = "v1"
FILE = "plan-assistant.js"
PATH = f"/widget/{VERSION}/{FILE}"

router = APIRouter(tags=["widget"])


@lru_cache(maxsize=1)
def asset() -> tuple[bytes, str]:
    """The script's bytes and its ETag."""
    data = (Path(__file__).parent / FILE).read_bytes()
    return data, '"' + hashlib.sha256(data).hexdigest()[:20] + '"'


@router.get(PATH, include_in_schema=False)
async def widget_script(request: Request) -> Response:
    """The web component ``<plan-assistant>`` (no key needed: it holds no data)."""
    data, etag = asset()
    headers = {
        "ETag": etag,
        "Cache-Control": "public, max-age=3600",
        # Any page may load it, also one that isolates itself with Cross-Origin-Embedder-Policy.
        "Access-Control-Allow-Origin": "*",
        "Cross-Origin-Resource-Policy": "cross-origin",
        "X-Content-Type-Options": "nosniff",
    }
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(data, media_type="text/javascript; charset=utf-8", headers=headers)
