"""The FastAPI application factory.

Run it with ``assistant serve`` or ``uvicorn --factory assistant.api.app:create_app``. The index is
loaded once at start-up (a missing or stale index stops the start with the command to rebuild it)
and shared read-only by all requests; a rebuilt index is switched in without downtime (checked
every ``ASSISTANT_RELOAD_INTERVAL_S`` seconds, or at once with ``POST /v1/admin/reload``).

Middleware, outermost first: request id, access log and metrics (around Starlette's own error
middleware) -> client address (trusted proxies) -> Host check -> CORS (when origins are configured)
-> API / admin key -> rate limit -> body size -> the fast lane of valid searches and answers
(`assistant.api.fastlane`) -> FastAPI (strict JSON, validation, endpoints, JSON error handlers). The
SQLite query log is written by a background thread (`assistant.api.log_writer`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import AsyncIterator

import anyio
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.middleware import Middleware

import assistant.api.errors as errors
import assistant.api.routes as routes
from assistant.api import widget
from assistant.api.admin_routes import admin as admin_routes
from assistant.api.engine_threads import engine_threads
from assistant.api.fastlane import FastLane
from assistant.api.guards import APIKeyMiddleware, ClientAddressMiddleware, HostCheckMiddleware
from assistant.api.limits import BodySizeLimitMiddleware, RateLimitMiddleware, TokenBucketLimiter
from assistant.api.log_writer import BufferedStore
from assistant.api.metrics import Metrics
from assistant.api.observe import RequestContextMiddleware
from assistant.api.ops import ops
from assistant.api.records_routes import records as records_routes
from assistant.api.workers import die_with_parent
from assistant.errors import AssistantError
from assistant.feedback_log import Store
from assistant.holder import AssistantHolder, query_log
from assistant.service import Assistant
from assistant.settings import Settings

log = logging.getLogger("assistant.api")

#: An engine already loaded by ``assistant serve`` (single worker), used by the next create_app().
_preloaded: Assistant | None = None

DESCRIPTION = """
日本の行政計画文書（国土形成計画・地域生活圏・地方創生など）から、**出典（ファイル名と行番号）つき**で
回答・検索する API です。すべてオフラインで動作します。

* `POST /v1/answer` 質問への回答（根拠の引用 `[n]` つき。根拠がなければ `abstained: true`）
* `POST /v1/search` 該当箇所の検索（原文と 1 始まりの行番号）
* `GET /v1/documents`, `GET /v1/kpis`, `GET /v1/programmes` 文書と抽出済みレコード
* `POST /v1/feedback` 回答への評価（up / down）
* `POST /v1/admin/reload` 再構築した索引の即時読み込み
* `GET /v1/admin/feedback` 評価の集計（回答した／控えた理由ごと）と最近の 👎

**認証**: サーバーが `ASSISTANT_API_KEYS` を設定しているとき、`/v1/` へのリクエストには `X-API-Key`
ヘッダーが必要です（ないと 401）。`/v1/admin/` は常に `ASSISTANT_ADMIN_KEYS` のキーが必要で、設定が
なければ無効です（403）。`/healthz` と `/docs` は常に公開です。

**制限**: クライアント（API キーごと、キーがなければ IP ごと）に毎分 `ASSISTANT_RATE_LIMIT_PER_MINUTE`
回まで（超えると 429 と `Retry-After`）。キーの誤りもその IP の回数に数えます。リクエスト本文は
`ASSISTANT_MAX_BODY_BYTES` まで（超えると 413）。POST には `Content-Type: application/json` が必要です
（ないと 415）。`Host` ヘッダーは `ASSISTANT_ALLOWED_HOSTS` のいずれかでなければなりません（400）。

**エラー**は常に `{"error": {"code": ..., "message": ..., "details": ...}}` の形です。
"""

TAGS = [
    {"name": "answers", "description": "回答と検索"},
    {"name": "records", "description": "文書・KPI・事業の一覧"},
    {"name": "feedback", "description": "回答への評価"},
    {"name": "admin", "description": "運用"},
    {"name": "health", "description": "稼働確認（認証不要）"},
]


async def _watch_index(holder: AssistantHolder, interval: float) -> None:
    """Check ``index/current`` every ``interval`` seconds; a new build loads in the holder's own thread.

    Not in the request thread pool: under load a reload would wait there for a free thread.
    """
    while True:
        await asyncio.sleep(interval)
        try:
            if holder.needs_reload():  # a readlink: cheap enough for the event loop
                holder.reload_in_background()
        except Exception:  # noqa: BLE001 - keep watching; the old engine keeps serving
            log.exception("index reload check failed")


def create_app(
    settings: Settings | None = None,
    engine: Assistant | None = None,
    *,
    store: Store | None = None,
    reload_interval: float | None = None,
) -> FastAPI:
    """Build the API.

    Args:
        settings: configuration (default: from the ``ASSISTANT_*`` environment).
        engine: an already loaded engine (tests); otherwise the index is loaded at start-up.
        store: the query log (default: the backend's, `assistant.holder.query_log`; a SQLite file
            is written by a background thread, `BufferedStore`).
        reload_interval: seconds between checks for a rebuilt index (default
            ``settings.reload_interval_s``; 0 turns the watcher off).

    Raises:
        ConfigError: the API settings cannot work as meant (a blank key list, no allowed host …).
    """
    global _preloaded
    settings = settings or Settings()
    settings.check_api()
    engine_threads.max_threads = settings.engine_thread_count
    if reload_interval is None:
        reload_interval = settings.reload_interval_s
    if engine is None and _preloaded is not None:
        engine, _preloaded = _preloaded, None

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        die_with_parent()  # a worker of `assistant serve --workers N` stops with its supervisor
        if app.state.holder is None:
            try:
                loaded = await anyio.to_thread.run_sync(Assistant.load, settings)
            except AssistantError as exc:
                log.error("cannot start the API: %s", exc)
                raise
            app.state.holder = AssistantHolder(settings, loaded, interval=math.inf)
            log.info("serving index %s from %s", loaded.build_id, settings.index_dir)
        await anyio.to_thread.run_sync(app.state.store.init)
        watcher = asyncio.create_task(_watch_index(app.state.holder, reload_interval)) if reload_interval > 0 else None
        try:
            yield
        finally:
            if watcher is not None:
                watcher.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watcher
            await anyio.to_thread.run_sync(app.state.store.close)  # commits what is still queued
            Metrics.process_exited()

    metrics = Metrics()
    middleware = [
        Middleware(ClientAddressMiddleware, trusted=settings.trusted_proxy_networks),
        Middleware(HostCheckMiddleware, allowed=settings.allowed_host_list),
    ]
    if settings.cors_origin_list:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origin_list,
                allow_methods=["GET", "POST", "OPTIONS"],
                allow_headers=["Content-Type", "X-API-Key", "X-Request-ID", "Idempotency-Key"],
                expose_headers=["Retry-After", "X-Request-ID"],
                max_age=600,
            )
        )
    # One limiter for both: failed key checks spend the client address's tokens.
    per_minute = settings.rate_limit_per_minute
    limiter = TokenBucketLimiter(per_minute) if per_minute > 0 else None
    middleware += [
        Middleware(
            APIKeyMiddleware,
            keys=sorted(settings.api_key_set),
            admin_keys=sorted(settings.admin_key_set),
            limiter=limiter,
            per_minute=per_minute,
        ),
        Middleware(RateLimitMiddleware, per_minute=per_minute, limiter=limiter),
        Middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes),
        Middleware(FastLane, routes=routes.fast_lane()),
    ]

    app = FastAPI(
        title="行政計画文書アシスタント API",
        summary="Cited answers from Japanese government planning documents",
        description=DESCRIPTION,
        version=routes._version(),
        openapi_tags=TAGS,
        lifespan=lifespan,
        middleware=middleware,
    )
    _native_telemetry_off_when_unconfigured(app)
    app.state.settings = settings
    app.state.store = store or _buffered(query_log(settings))
    app.state.metrics = metrics
    app.state.started = time.monotonic()
    # Interval = inf: requests never reload inline; the watcher task (or /v1/admin/reload) does.
    app.state.holder = AssistantHolder(settings, engine, interval=math.inf) if engine is not None else None

    # Outside even Starlette's ServerErrorMiddleware: a 500 gets its request id too, and the
    # traceback logged for it names the request.
    build_stack = app.build_middleware_stack
    app.build_middleware_stack = lambda: RequestContextMiddleware(build_stack(), metrics=metrics)
    errors.install(app)
    app.include_router(routes.health)
    app.include_router(ops)
    app.include_router(routes.v1)
    app.include_router(records_routes)
    app.include_router(admin_routes)
    app.include_router(widget.router)
    return app


def _native_telemetry_off_when_unconfigured(app: FastAPI) -> None:
    """Switch FastAPI's own OpenTelemetry off when no provider is configured as the app is made.

    Unconfigured, it does nothing but ask the three provider registries on every request (about
    1.5 % of the server's CPU per search, py-spy); a deployment that configures a provider before
    start-up (or sets ``FASTAPI_OTEL_AUTO_CONFIGURE``) keeps it.
    """
    native = getattr(app, "_native_telemetry", None)
    config = getattr(app, "_telemetry", None)
    if native is None or not isinstance(config, dict) or config.get("auto_configure") or native.enabled():
        return
    config.update(tracing=False, metrics=False, logs=False)


def _buffered(store):
    """A SQLite query log written by a background thread; another backend's store as it is."""
    return BufferedStore(store.path) if type(store) is Store else store
