"""The endpoints. Search and answer call the engine in a thread of `assistant.api.engine_threads` and
build their response body once (`assistant.api.respond`); the dependencies are ``async`` (a plain
``def`` one costs a thread switch per request)."""

from __future__ import annotations

import logging
import math
import sqlite3
import time
from functools import partial
from importlib import metadata
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response, Security
from fastapi.routing import APIRoute
from fastapi.security import APIKeyHeader
from pydantic import AfterValidator

import assistant.api.schemas as s
from assistant.api.deps import get_engine, get_holder, get_settings, get_store
from assistant.api.engine_threads import engine_threads
from assistant.api.errors import ApiError
from assistant.api.jsonbody import StrictJSONRoute
from assistant.api.respond import json_response, request_context
from assistant.feedback_log import IdempotencyConflict, Store, StoreUnavailable
from assistant.holder import AssistantHolder, published_build_id
from assistant.service import Assistant
from assistant.settings import Settings

log = logging.getLogger("assistant.api")

# Documents the key in OpenAPI (the "Authorize" button at /docs); the check itself is
# `assistant.api.guards.APIKeyMiddleware`, which runs before the body is read.
api_key_header = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="Required on /v1 when the server sets ASSISTANT_API_KEYS; /v1/admin/* needs a key from "
    "ASSISTANT_ADMIN_KEYS.",
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _json_media_type(content_type: str | None) -> bool:
    media = (content_type or "").split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


async def require_json(request: Request) -> None:
    """State-changing requests must say ``Content-Type: application/json`` (415 otherwise).

    Browsers send ``text/plain`` and form posts cross-site without a CORS preflight; a JSON content
    type forces the preflight, which the CORS settings then refuse for unknown origins.
    """
    if request.method in SAFE_METHODS:
        return
    content_type = request.headers.get("content-type")
    if not _json_media_type(content_type):
        shown = (content_type or "none")[:100]
        raise ApiError(
            415,
            "unsupported_media_type",
            f"send the request with Content-Type: application/json (got {shown})",
            {"content_type": content_type[:100] if content_type else None},
        )


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    text = {
        400: "Malformed JSON or header",
        401: "Missing or invalid X-API-Key (when keys are configured)",
        403: "Admin routes disabled (no ASSISTANT_ADMIN_KEYS)",
        404: "Unknown answer id",
        409: "Idempotency-Key reused with another request",
        413: "Request body too large",
        415: "Content-Type is not application/json",
        422: "Invalid input (type, length, range, control characters, unknown document)",
        429: "Rate limit exceeded (see the Retry-After header)",
        503: "The index or the query log is unavailable",
    }
    return {c: {"model": s.ErrorResponse, "description": text[c]} for c in codes}


COMMON = (401, 429)
health = APIRouter(tags=["health"])
v1 = APIRouter(
    prefix="/v1",
    dependencies=[Security(api_key_header), Depends(require_json)],
    route_class=StrictJSONRoute,
)

# Query-string filters.
FilterDoc = Annotated[
    str | None,
    Query(min_length=1, max_length=200, description="文書のファイル名で絞り込む。", examples=[s.EXAMPLE_DOC]),
    AfterValidator(lambda v: s.clean_text(v) if v is not None else v),
]
FilterText = Annotated[
    str | None,
    Query(min_length=1, max_length=200, description="キーワード（部分一致）。", examples=["就職率"]),
    AfterValidator(lambda v: s.clean_text(v) if v is not None else v),
]
FilterProject = Annotated[
    str | None,
    Query(min_length=1, max_length=200, description="プロジェクト名で絞り込む。", examples=["若者の地元定着"]),
    AfterValidator(lambda v: s.clean_text(v) if v is not None else v),
]


def only_params(*allowed: str):
    """Refuse query parameters the endpoint does not know (a typo would silently mean "no filter")."""

    async def check(request: Request) -> None:
        unknown = sorted({k for k in request.query_params if k not in allowed})
        if unknown:
            names = [k if len(k) <= 50 else k[:50] + "…" for k in unknown]
            raise ApiError(
                422,
                "validation_error",
                f"unknown query parameter(s): {', '.join(names)}; allowed: {', '.join(allowed) or 'none'}",
                [
                    {"loc": ["query", k], "type": "extra_forbidden", "msg": "Extra inputs are not permitted"}
                    for k in names
                ],
            )

    return Depends(check)


def _finite(x: Any, default: float | None = None) -> float | None:
    if x is None:
        return default
    x = float(x)
    return x if math.isfinite(x) else default


def _ms(t0: float) -> float:
    return round((time.perf_counter() - t0) * 1000, 2)


def _version() -> str:
    try:
        return metadata.version("jp-gov-assistant")
    except metadata.PackageNotFoundError:
        return "0+unknown"


# -- health ----------------------------------------------------------------------------------
@health.get("/healthz", response_model=s.HealthResponse, summary="稼働状態と読み込み中の索引", responses=_errors(503))
def healthz(
    request: Request, holder: AssistantHolder = Depends(get_holder), settings: Settings = Depends(get_settings)
):
    """Liveness and readiness: ``status`` is ``ok`` once the index is loaded (never needs a key)."""
    engine = holder.engine
    return {
        "status": "ok",
        "version": _version(),
        "index": engine.manifest_summary(),
        "uptime_s": round(time.monotonic() - request.app.state.started, 1),
        "query_log": settings.log_queries,
    }


# -- search and answer -----------------------------------------------------------------------
@v1.post(
    "/search",
    tags=["answers"],
    response_model=s.SearchResponse,
    summary="文書の該当箇所を検索",
    responses=_errors(400, 413, 415, 422, *COMMON),
)
async def search(request: Request, body: s.SearchRequest):
    """The ``top_k`` passages that best match ``query``; ``text`` is the original wording of lines
    ``line_start``..``line_end`` (1-based, inclusive) of the corpus file ``doc``."""
    return await search_response(request.app.state, request.scope, body)


async def search_response(state: Any, scope: Any, body: s.SearchRequest) -> Response:
    """`search`'s response, also called by `assistant.api.fastlane` for a valid request."""
    engine, store, settings, client = request_context(state, scope)
    t0 = time.perf_counter()
    hits = await engine_threads.run(engine.search, body.query, body.top_k, body.docs)
    took = _ms(t0)
    if settings.log_queries:
        _safely(store.log_search, body.query, hits, took, client, body.top_k, body.docs)
    return json_response({
        "query": body.query,
        "hits": [
            {
                "rank": h.rank,
                "chunk_id": h.chunk.chunk_id,
                "doc": h.chunk.doc,
                "title": h.chunk.title,
                "text": h.chunk.text,
                "line_start": h.chunk.line_start,
                "line_end": h.chunk.line_end,
                "score": round(_finite(h.score, 0.0), 6),
                "heading": h.chunk.heading,
                "page": h.chunk.page,
                "page_end": h.chunk.page_end,
                "section": h.chunk.section,
                "bm25_score": _finite(h.bm25_score),
                "dense_score": _finite(h.dense_score),
            }
            for h in hits
        ],
        "took_ms": took,
    })  # fmt: skip


@v1.post(
    "/answer",
    tags=["answers"],
    response_model=s.AnswerResponse,
    summary="質問に出典つきで回答",
    responses=_errors(400, 413, 415, 422, *COMMON),
)
async def answer(request: Request, body: s.AnswerRequest):
    """An extractive answer whose sentences cite passages as ``[n]``; ``abstained`` is true (and
    ``related`` lists the closest passages) when the documents do not say."""
    return await answer_response(request.app.state, request.scope, body)


async def answer_response(state: Any, scope: Any, body: s.AnswerRequest) -> Response:
    """`answer`'s response, also called by `assistant.api.fastlane` for a valid request."""
    engine, store, settings, client = request_context(state, scope)
    t0 = time.perf_counter()
    history = [t.model_dump() for t in body.history] if body.history else None
    result = await engine_threads.run(
        partial(engine.answer, body.question, history=history, docs=body.docs, top_k=body.top_k)
    )
    result.took_ms = _ms(t0)
    if settings.log_queries:
        _safely(store.log_answer, result, result.took_ms, client)
    state.metrics.answered(result.abstained, result.abstained_by)
    return json_response(result)


def fast_lane() -> list[tuple[APIRoute, Any]]:
    """The routes `assistant.api.fastlane` answers directly when valid, with their response functions."""
    respond = {"/v1/search": search_response, "/v1/answer": answer_response}
    return [(r, respond[r.path]) for r in v1.routes if isinstance(r, APIRoute) and r.path in respond]


def _safely(fn, *args) -> None:
    """Write to the query log; a log failure is reported in the server log, not to the client."""
    try:
        fn(*args)
    except (sqlite3.Error, StoreUnavailable) as exc:
        log.error("query log write failed (%s): %s", fn.__name__, exc)


# -- documents and records -------------------------------------------------------------------
@v1.get(
    "/documents",
    tags=["records"],
    response_model=s.DocumentsResponse,
    summary="索引済みの文書一覧",
    responses=_errors(422, *COMMON),
    dependencies=[only_params()],
)
def documents(engine: Assistant = Depends(get_engine)):
    """Every indexed document: file name, title, publisher, date, kind and chunk count."""
    docs = engine.documents()
    return {"documents": docs, "count": len(docs)}


# -- feedback --------------------------------------------------------------------------------
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        pattern=r"^[\x21-\x7e]+$",
        description="任意。再送しても 1 件だけ保存するためのキー（UUID など、表示可能な ASCII 200 文字まで）。",
    ),
]


@v1.post(
    "/feedback",
    tags=["feedback"],
    response_model=s.FeedbackResponse,
    status_code=201,
    summary="回答への評価を送る",
    responses=_errors(400, 404, 409, 413, 415, 422, *COMMON, 503),
)
def feedback(
    body: s.FeedbackRequest,
    response: Response,
    idempotency_key: IdempotencyKey = None,
    store: Store = Depends(get_store),
    settings: Settings = Depends(get_settings),
):
    """Store an up/down rating (and optional comment) for an answer. With the query log on, the
    answer id must be one the server logged (404 otherwise); with it off, any id is accepted.
    A retry with the same ``Idempotency-Key`` stores nothing new and returns the first row."""
    try:
        written = store.record_feedback(
            body.answer_id,
            body.rating,
            body.comment,
            require_answer=settings.log_queries,
            idempotency_key=idempotency_key,
        )
    except IdempotencyConflict as exc:
        raise ApiError(
            409,
            "idempotency_conflict",
            "this Idempotency-Key was already used for other feedback; send a new key for a new rating",
            {"idempotency_key": exc.key},
        ) from exc
    except (sqlite3.Error, StoreUnavailable, TimeoutError) as exc:  # TimeoutError: the log writer was too slow
        log.error("feedback write failed: %s", exc)
        raise ApiError(503, "unavailable", "the feedback store is unavailable; retry later") from exc
    if written.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return {
        "id": written.id,
        "answer_id": body.answer_id,
        "rating": body.rating,
        "stored": True,
        "replayed": written.replayed,
    }


# -- admin -----------------------------------------------------------------------------------
#: How long ``POST /v1/admin/reload`` waits for the new build before answering 202 (still loading).
RELOAD_WAIT_S = 1.0


@v1.post(
    "/admin/reload",
    tags=["admin"],
    response_model=s.ReloadResponse,
    summary="再構築した索引をすぐに読み込む",
    responses={
        202: {"model": s.ReloadResponse, "description": "The new build is still loading in the background"},
        **_errors(403, 415, *COMMON),
    },
)
def reload_index(
    response: Response, holder: AssistantHolder = Depends(get_holder), settings: Settings = Depends(get_settings)
):
    """Switch to the index published at ``index/current`` now, instead of at the next check.
    Requests in flight finish on the old index. Needs a key from ``ASSISTANT_ADMIN_KEYS``.
    The load runs in the background: after a second without it finishing the answer is 202
    (``loading``), and ``GET /healthz`` shows the build once it is live."""
    before = holder.engine.build_id
    done = holder.reload_in_background()
    done.wait(RELOAD_WAIT_S)
    build_id = holder.engine.build_id
    switched = build_id != before
    target = published_build_id(settings)
    message = None
    loading = False
    if not switched and not done.is_set():
        loading = True
        response.status_code = 202
        name = target if target is not None else "the published index"
        message = f"loading {name} in the background; GET /healthz shows the build once it is live"
    elif not switched and target is not None and target != build_id:
        message = f"the index {target} could not be loaded (see the server log); still serving {build_id}"
    elif not switched:
        message = "already serving the published index"
    return {"reloaded": switched, "build_id": build_id, "message": message, "loading": loading}
