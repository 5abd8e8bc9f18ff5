"""Operations endpoints (no key needed): ``/livez``, ``/readyz`` and ``/metrics``.

``/livez`` answers 200 while the process runs (restart it when this fails); ``/readyz`` answers 200
only once an index is loaded, 503 with the API's JSON error otherwise (send it no traffic until
then). ``/healthz`` (in `routes`) stays as it was: readiness plus the index summary.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from assistant.api.errors import error_response
from assistant.api.metrics import Metrics

ops = APIRouter(tags=["health"])

_LIVE = b'{"status":"ok"}'


@ops.get("/livez", summary="プロセスの稼働確認（liveness）")
async def livez() -> Response:
    """200 while the process is running, whether or not an index is loaded."""
    return Response(_LIVE, media_type="application/json")


@ops.get(
    "/readyz",
    summary="リクエストを受け付けられるか（readiness）",
    responses={503: {"description": "No index loaded yet"}},
)
async def readyz(request: Request) -> Response:
    """200 with the build id once an index is loaded; 503 before."""
    holder = getattr(request.app.state, "holder", None)
    if holder is None:
        return error_response(503, "unavailable", "not ready: no index is loaded yet")
    build_id = holder.engine.build_id
    return Response(b'{"status":"ready","build_id":"%s"}' % build_id.encode(), media_type="application/json")


@ops.get("/metrics", summary="Prometheus metrics", response_class=Response)
async def metrics(request: Request) -> Response:
    """Requests by route and status, latency histograms, answers by outcome, the index build."""
    m: Metrics = request.app.state.metrics
    holder = getattr(request.app.state, "holder", None)
    if holder is not None:  # the build may have been switched since the last scrape
        summary = holder.engine.manifest_summary()
        m.set_index(summary.get("build_id"), summary.get("model"))
    body, content_type = m.render()
    return Response(body, media_type=content_type)
