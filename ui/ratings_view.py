"""評価の集計 on the admin page: answers by outcome (answered, or withheld for each reason) and the newest 👎.

Read, and only read, from this machine's query log (`assistant.holder.query_log_reader`: the SQLite file or the
database the API and this UI write to). With the UI talking to a separate API server (``ASSISTANT_API_URL``) the ratings are
that server's: ``assistant feedback`` or ``GET /v1/admin/feedback`` there.
"""

from __future__ import annotations

import logging
from typing import Any

import streamlit as st

from assistant.querylog_outcomes import LABELS, OutcomeCount, RatedDown, since_days
from assistant.settings import Settings
from ui.markdown_text import md_escape

log = logging.getLogger(__name__)

PERIODS = {"直近7日": 7, "直近30日": 30, "全期間": None}
RECENT = 20


def outcome_rows(counts: list[OutcomeCount]) -> list[dict[str, Any]]:
    """The outcome table as officials read it (Japanese columns; the share rated down as a percentage)."""
    total = sum(c.answers for c in counts) or 1
    return [
        {
            "結果": LABELS.get(c.outcome, c.outcome),
            "回答数": c.answers,
            "割合": f"{c.answers / total:.0%}",
            "👍": c.up,
            "👎": c.down,
            "👎の割合（評価された回答）": "－" if c.down_share is None else f"{c.down_share:.0%}",
        }
        for c in counts
    ]


def outcome_of(r: RatedDown) -> str:
    """The outcome a rated answer counts under in the table."""
    if not r.abstained:
        return "answered"
    return r.abstained_by or "unrecorded"


def _read(settings: Settings, days: int | None) -> tuple[list[OutcomeCount], list[RatedDown]] | None:
    from assistant.holder import query_log_reader

    if settings.backend != "postgres" and not settings.db_path.exists():
        return [], []
    since = since_days(days)
    store = query_log_reader(settings)
    try:
        return store.outcomes(since), store.rated_down(RECENT, since)
    except Exception:  # noqa: BLE001 - shown as a message; the upload tab still works
        log.warning("could not read the query log", exc_info=True)
        return None
    finally:
        store.close()


def ratings_view(settings: Settings) -> None:
    """The outcome table and the newest 👎 with their question, reason and comment."""
    if settings.api_url:
        st.info(
            "チャットは API サーバーに接続しているため、評価は API サーバー側に記録されています。API サーバーで "
            "`assistant feedback` を実行するか、`GET /v1/admin/feedback`（管理キー）で確認してください。",
            icon=":material/info:",
        )
        return
    period = st.radio("期間", list(PERIODS), horizontal=True, key="ratings_period")
    found = _read(settings, PERIODS[period])
    if found is None:
        st.error("クエリログを読み込めませんでした。時間をおいて再度お試しください。", icon=":material/error:")
        return
    counts, rated = found
    if not any(c.answers for c in counts) and not rated:
        st.info("この期間に記録された回答はありません。", icon=":material/info:")
        return
    st.caption(
        "回答を控えた理由ごとの件数と評価です。「確認できず」への 👎 は回答の確信度の判定、「該当する記載なし」への 👎 は"
        "検索または資料、「条件に合う記載なし」への 👎 は年度・対象などの条件の読み取りを見直す手がかりになります。"
    )
    st.dataframe(outcome_rows(counts), hide_index=True, width="stretch")
    st.markdown(f"**最近の 👎（新しい順、{RECENT}件まで）**")
    if not rated:
        st.caption("この期間の 👎 はありません。")
    for r in rated:
        reason = LABELS.get(outcome_of(r), outcome_of(r)) if r.abstained is not None else "回答の記録なし"
        with st.container(border=True):
            st.markdown(f"**{md_escape(r.question or '（質問の記録なし）')}**")
            st.caption(f"{r.time[:16].replace('T', ' ')} UTC ・ {reason}")
            if r.comment:
                st.markdown(f"コメント：{md_escape(r.comment)}")
