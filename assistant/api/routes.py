"""The endpoints. Search and answer are plain ``def``: FastAPI runs them in its thread pool."""

from __future__ import annotations

import logging
import math
import sqlite3
import time
from importlib import metadata
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Security
from fastapi.security import APIKeyHeader
from pydantic import AfterValidator

import assistant.api.schemas as s
from assistant.api.deps import get_client, get_engine, get_holder, get_settings, get_store
from assistant.api.errors import ApiError
from assistant.feedback_log import Store, StoreUnavailable
from assistant.service import Assistant, AssistantHolder, published_build_id
from assistant.settings import Settings

log = logging.getLogger("assistant.api")

# Documents the key in OpenAPI (the "Authorize" button at /docs); the check itself is
# `assistant.api.limits.APIKeyMiddleware`, which runs before the body is read.
api_key_header = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="Required on /v1 when the server sets ASSISTANT_API_KEYS.",
)


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    text = {
        400: "Malformed JSON or header",
        401: "Missing or invalid X-API-Key (when keys are configured)",
        404: "Unknown answer id",
        413: "Request body too large",
        422: "Invalid input (type, length, range, control characters, unknown document)",
        429: "Rate limit exceeded (see the Retry-After header)",
        503: "The index or the query log is unavailable",
    }
    return {c: {"model": s.ErrorResponse, "description": text[c]} for c in codes}


COMMON = (401, 429)
health = APIRouter(tags=["health"])
v1 = APIRouter(prefix="/v1", dependencies=[Security(api_key_header)])

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

    def check(request: Request) -> None:
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
    responses=_errors(400, 413, 422, *COMMON),
)
def search(
    body: s.SearchRequest,
    engine: Assistant = Depends(get_engine),
    store: Store = Depends(get_store),
    settings: Settings = Depends(get_settings),
    client: str = Depends(get_client),
):
    """The ``top_k`` passages that best match ``query``; ``text`` is the original wording of lines
    ``line_start``..``line_end`` (1-based, inclusive) of the corpus file ``doc``."""
    t0 = time.perf_counter()
    hits = engine.search(body.query, body.top_k, body.docs)
    took = _ms(t0)
    if settings.log_queries:
        _safely(store.log_search, body.query, hits, took, client, body.top_k, body.docs)
    return {
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
    }


@v1.post(
    "/answer",
    tags=["answers"],
    response_model=s.AnswerResponse,
    summary="質問に出典つきで回答",
    responses=_errors(400, 413, 422, *COMMON),
)
def answer(
    body: s.AnswerRequest,
    engine: Assistant = Depends(get_engine),
    store: Store = Depends(get_store),
    settings: Settings = Depends(get_settings),
    client: str = Depends(get_client),
):
    """An extractive answer whose sentences cite passages as ``[n]``; ``abstained`` is true (and
    ``related`` lists the closest passages) when the documents do not say."""
    t0 = time.perf_counter()
    history = [t.model_dump() for t in body.history] if body.history else None
    result = engine.answer(body.question, history=history, docs=body.docs, top_k=body.top_k)
    took = _ms(t0)
    if settings.log_queries:
        _safely(store.log_answer, result, took, client)
    data = result.to_dict()
    data["took_ms"] = took
    return data


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


@v1.get(
    "/kpis",
    tags=["records"],
    response_model=s.KpisResponse,
    summary="KPI（重要業績評価指標）の一覧",
    responses=_errors(422, *COMMON),
    dependencies=[only_params("doc", "project", "q")],
)
def kpis(
    doc: FilterDoc = None, project: FilterProject = None, q: FilterText = None, engine: Assistant = Depends(get_engine)
):
    """KPI records extracted from the documents, each with its source file and lines."""
    if doc is not None:
        engine.check_docs([doc])
    records = [r.to_dict() for r in engine.kpis(doc=doc, project=project, q=q)]
    return {"kpis": records, "count": len(records)}


@v1.get(
    "/programmes",
    tags=["records"],
    response_model=s.ProgrammesResponse,
    summary="事業・制度の一覧",
    responses=_errors(422, *COMMON),
    dependencies=[only_params("doc", "q")],
)
def programmes(doc: FilterDoc = None, q: FilterText = None, engine: Assistant = Depends(get_engine)):
    """Programme (事業・制度) records extracted from the documents, each with its source lines."""
    if doc is not None:
        engine.check_docs([doc])
    records = [r.to_dict() for r in engine.programmes(doc=doc, q=q)]
    return {"programmes": records, "count": len(records)}


# -- feedback --------------------------------------------------------------------------------
@v1.post(
    "/feedback",
    tags=["feedback"],
    response_model=s.FeedbackResponse,
    status_code=201,
    summary="回答への評価を送る",
    responses=_errors(400, 404, 413, 422, *COMMON, 503),
)
def feedback(body: s.FeedbackRequest, store: Store = Depends(get_store), settings: Settings = Depends(get_settings)):
    """Store an up/down rating (and optional comment) for an answer. With the query log on, the
    answer id must be one the server logged (404 otherwise); with it off, any id is accepted."""
    try:
        fid = store.add_feedback(body.answer_id, body.rating, body.comment, require_answer=settings.log_queries)
    except (sqlite3.Error, StoreUnavailable) as exc:
        log.error("feedback write failed: %s", exc)
        raise ApiError(503, "unavailable", "the feedback store is unavailable; retry later") from exc
    return {"id": fid, "answer_id": body.answer_id, "rating": body.rating, "stored": True}


# -- admin -----------------------------------------------------------------------------------
@v1.post(
    "/admin/reload",
    tags=["admin"],
    response_model=s.ReloadResponse,
    summary="再構築した索引をすぐに読み込む",
    responses=_errors(*COMMON),
)
def reload_index(holder: AssistantHolder = Depends(get_holder), settings: Settings = Depends(get_settings)):
    """Switch to the index published at ``index/current`` now, instead of at the next 5-second check.
    Requests in flight finish on the old index. Needs ``X-API-Key`` when keys are configured."""
    before = holder.engine.build_id
    deadline = time.monotonic() + 300
    while not holder.maybe_reload(force=True):
        # False also when the 5-second watcher is loading a build right now: wait for it.
        if not holder._lock.locked() or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    build_id = holder.engine.build_id
    switched = build_id != before
    target = published_build_id(settings)
    message = None
    if not switched and target is not None and target != build_id:
        message = f"the index {target} could not be loaded (see the server log); still serving {build_id}"
    elif not switched:
        message = "already serving the published index"
    return {"reloaded": switched, "build_id": build_id, "message": message}
