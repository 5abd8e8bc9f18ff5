"""``GET /v1/admin/feedback``: officials' ratings read by outcome, for maintainers (an admin key, like reload).

A 👎 on answers withheld for ``confidence`` points at the fitted gate, on ``evidence`` at retrieval or the
documents, on ``constraint`` at the question's conditions; the newest 👎 come with their question and comment.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Security

import assistant.api.schemas as s
from assistant.api.deps import get_store
from assistant.api.errors import ApiError
from assistant.api.jsonbody import StrictJSONRoute
from assistant.api.routes import COMMON, _errors, api_key_header, only_params, require_json
from assistant.feedback_log import Store, StoreUnavailable
from assistant.querylog_outcomes import since_days

log = logging.getLogger(__name__)

admin = APIRouter(
    prefix="/v1",
    dependencies=[Security(api_key_header), Depends(require_json)],
    route_class=StrictJSONRoute,
)

Days = Annotated[int | None, Query(ge=1, le=3650, description="直近 N 日の回答だけを集計する（既定: 全期間）。")]
Recent = Annotated[int, Query(ge=0, le=200, description="新しい順に返す 👎 の件数（既定 20）。")]


@admin.get(
    "/admin/feedback",
    tags=["admin"],
    response_model=s.FeedbackSummaryResponse,
    summary="評価の集計（回答した／控えた理由ごと）と最近の 👎",
    responses=_errors(403, 422, *COMMON, 503),
    dependencies=[only_params("days", "recent")],
)
def feedback_summary(days: Days = None, recent: Recent = 20, store: Store = Depends(get_store)):
    """Logged answers by outcome with their 👍 / 👎, and the newest 👎 with question, answer, reason and comment.

    ``days`` bounds the answers (logged in the last N days), for the table and the 👎 alike. Needs a key from
    ``ASSISTANT_ADMIN_KEYS``.
    """
    since = since_days(days)
    try:
        counts = store.outcomes(since)
        down = store.rated_down(recent, since)
    except (sqlite3.Error, StoreUnavailable, TimeoutError) as exc:
        log.error("feedback summary read failed: %s", exc)
        raise ApiError(503, "unavailable", "the query log is unavailable; retry later") from exc
    return {
        "since": since.isoformat(timespec="seconds") if since else None,
        "outcomes": [c.to_dict() for c in counts],
        "rated_down": [asdict(r) for r in down],
    }
