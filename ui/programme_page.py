"""The programme view: a keyword filter, the table and each programme's fields and source."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui.backend import Backend, BackendError
from ui.cached_data import cached_programmes
from ui.programme_table import programme_rows
from ui.record_filters import drop_empty_columns, matches
from ui.record_views import load_records, source_expander


def programme_page(backend: Backend | None, load_error: BackendError | None, documents: list[dict[str, Any]]) -> None:
    st.header("事業・制度の一覧")
    st.caption(
        "資料から抽出した支援事業・制度の予算、補助率、上限、対象者、対象経費です。各行の出典で原文を確認できます。"
    )
    records = load_records(backend, load_error, cached_programmes, "事業・制度を読み込めません。")
    if records is None:
        return
    titles = {d["doc"]: d.get("title") or d["doc"] for d in documents}
    q = st.text_input(
        "キーワードで絞り込む（事業名、補助率、対象者など。空白区切りですべてを含むものを表示）",
        key="prog-q",
        placeholder="例：補助率 上限",
    )
    if q:
        records = [r for r in records if matches(r, q)]
    st.caption(f"{len(records)}件")
    if not records:
        st.info("条件に合う事業・制度がありません。キーワードを変えてください。")
        return
    rows = programme_rows(records, titles)
    st.dataframe(
        drop_empty_columns(rows, keep=("事業・制度",)),
        hide_index=True,
        width="stretch",
        column_config={
            "事業・制度": st.column_config.TextColumn("事業・制度", width="medium"),
            "予算": st.column_config.TextColumn("予算", width="medium"),
            "補助率": st.column_config.TextColumn("補助率", width="small"),
            "上限": st.column_config.TextColumn("上限", width="small"),
            "対象者": st.column_config.TextColumn("対象者", width="medium"),
            "対象経費・範囲": st.column_config.TextColumn("対象経費・範囲", width="large"),
        },
    )
    st.markdown("**各事業の内容と出典**（開くと抽出した項目と原文を表示します）")
    for r, row in zip(records, rows, strict=True):
        details = {k: v for k, v in row.items() if k not in ("事業・制度", "出典")}
        source_expander(r.get("name") or "", r, titles, details)
