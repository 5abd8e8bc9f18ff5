"""The programme view: a keyword filter, the table and each programme's fields and source."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.records.export import programme_rows as export_rows
from assistant.records.export import to_csv
from ui.backend import Backend, BackendError
from ui.cached_data import cached_programmes
from ui.programme_table import budget_years, programme_rows
from ui.record_filters import drop_empty_columns, matches, programme_filter
from ui.record_views import load_records, source_expander


def programme_page(backend: Backend | None, load_error: BackendError | None, documents: list[dict[str, Any]]) -> None:
    st.header("事業・制度の一覧")
    st.caption(
        "資料から抽出した支援事業・制度の予算（年度・当初/補正）、補助率と上限（適用条件つき）、対象者、対象経費です。"
        "各行の出典で原文を確認できます。"
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
    rates = sorted({x.get("rate") for r in records for x in r.get("rates") or [] if x.get("rate")})
    years = sorted({y for r in records for y in budget_years(r)}, key=lambda y: (len(y), y))
    c1, c2, c3 = st.columns(3)
    with c1:
        rate = st.selectbox("補助率", ["すべて", *rates], key="prog-rate")
    with c2:
        eligible = st.text_input("支援対象（部分一致）", key="prog-eligible", placeholder="例：市町村")
    with c3:
        year = st.selectbox("予算年度", ["すべて", *years], key="prog-year")
    if q:
        records = [r for r in records if matches(r, q)]
    records = programme_filter(
        records,
        rate=None if rate == "すべて" else rate,
        eligible=eligible or None,
        budget_year=None if year == "すべて" else year,
    )
    st.caption(f"{len(records)}件")
    if not records:
        st.info("条件に合う事業・制度がありません。キーワードを変えてください。")
        return
    st.download_button(
        "CSV をダウンロード（Excel 用）",
        to_csv(*export_rows(records)).encode("utf-8"),
        file_name="programmes.csv",
        mime="text/csv",
        icon=":material/download:",
        key="prog-csv",
    )
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
            "対象経費": st.column_config.TextColumn("対象経費", width="large"),
            "概要": st.column_config.TextColumn("概要", width="large"),
        },
    )
    st.markdown("**各事業の内容と出典**（開くと抽出した項目と原文を表示します）")
    for r, row in zip(records, rows, strict=True):
        details = {k: v for k, v in row.items() if k not in ("事業・制度", "出典")}
        source_expander(r.get("name") or "", r, titles, details)
