"""The KPI view: filters, counts, the progress chart and a table per document and project."""

from __future__ import annotations

import logging
from typing import Any

import streamlit as st

from ui.backend import Backend, BackendError
from ui.cached_data import cached_kpis
from ui.kpi_table import chart_rows, kpi_is_pending, kpi_rows, merge_kpis, normalize_repeat
from ui.labels import date_ja
from ui.markdown_text import md_escape
from ui.record_filters import matches
from ui.record_views import load_records, source_expander

log = logging.getLogger("assistant.ui")

NO_PROJECT = "（プロジェクトの区分なし）"


def progress_chart(records: list[dict[str, Any]]) -> None:
    rows = chart_rows(records)
    if not rows:
        return
    st.subheader("進捗率")
    try:
        import altair as alt
        import pandas as pd

        df = pd.DataFrame(rows)
        bars = (
            alt.Chart(df)
            .mark_bar()
            .encode(
                x=alt.X("進捗率(%):Q", title="進捗率（%）", scale=alt.Scale(domainMin=0)),
                y=alt.Y("指標:N", sort="-x", title=None, axis=alt.Axis(labelLimit=360)),
                color=alt.Color(
                    "プロジェクト:N", legend=alt.Legend(orient="bottom", columns=1, labelLimit=600, title=None)
                ),
                tooltip=["プロジェクト", "指標", "進捗率"],
            )
        )
        text = bars.mark_text(align="left", dx=4).encode(text="進捗率:N", color=alt.value("#31333f"))
        rule = alt.Chart(pd.DataFrame({"x": [100]})).mark_rule(strokeDash=[4, 4], color="gray").encode(x="x:Q")
        height = 30 * len(df) + 40
        legend = 22 * df["プロジェクト"].nunique() + 40
        chart = (bars + text + rule).properties(height=height)
        st.altair_chart(chart, width="stretch", height=height + legend + 50)
        st.caption("破線は 100%（目標達成）。実績が集計中の指標や、進捗率の記載がない指標はグラフに含みません。")
    except Exception as exc:
        log.warning("KPI chart failed: %s", exc)


def kpi_page(backend: Backend | None, load_error: BackendError | None, documents: list[dict[str, Any]]) -> None:
    st.header("KPI（評価指標）の一覧")
    st.caption(
        "資料の KPI 表から抽出した基準値・各年度の実績・目標値・進捗率です。"
        "同じ指標が資料の複数の表にあるときは1行にまとめ、出典にすべての箇所を示します。"
    )
    records = load_records(backend, load_error, cached_kpis, "KPI を読み込めません。")
    if records is None:
        return
    titles = {d["doc"]: d.get("title") or d["doc"] for d in documents}
    c1, c2, c3 = st.columns([2, 2, 1], vertical_alignment="bottom")
    with c1:
        projects = list(dict.fromkeys(r.get("project") or NO_PROJECT for r in records))
        chosen = st.multiselect("プロジェクト", projects, placeholder="すべてのプロジェクト", key="kpi-projects")
    with c2:
        q = st.text_input("指標名などで絞り込む", key="kpi-q", placeholder="例：就職率")
    with c3:
        repeats = st.checkbox(
            "（再掲）の行も表示",
            value=False,
            key="kpi-repeats",
            help="資料で（再掲）と書かれた、別のプロジェクトの再掲行も表示します。",
        )
    if chosen:
        records = [r for r in records if (r.get("project") or NO_PROJECT) in chosen]
    if q:
        records = [r for r in records if matches(r, q)]
    if not repeats:
        records = [r for r in records if not normalize_repeat(r.get("indicator") or "").endswith("（再掲）")]
    records = merge_kpis(records)
    if not records:
        st.info("条件に合う KPI がありません。絞り込みを変えてください。")
        return
    m1, m2, m3 = st.columns(3)
    m1.metric("指標の数", len(records))
    m2.metric("プロジェクトの数", len({r.get("project") for r in records if r.get("project")}))
    m3.metric("実績が集計中の指標", sum(1 for r in records if kpi_is_pending(r)))
    progress_chart(records)

    st.subheader("資料・プロジェクト別の一覧")
    order = {d["doc"]: i for i, d in enumerate(documents)}
    by_doc: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for r in sorted(records, key=lambda r: order.get(r.get("doc") or "", len(order))):
        by_doc.setdefault(r.get("doc") or "", {}).setdefault(r.get("project") or NO_PROJECT, []).append(r)
    for doc, projects_in_doc in by_doc.items():
        meta = next((d for d in documents if d["doc"] == doc), {})
        st.markdown(f"##### :material/description: {md_escape(titles.get(doc, doc))}")
        st.caption(f"{md_escape(meta.get('publisher') or '')} ／ {date_ja(meta.get('date'))} ／ {md_escape(doc)}")
        for project, recs in projects_in_doc.items():
            with st.container(border=True):
                st.markdown(f"**{md_escape(project)}**")
                st.dataframe(
                    kpi_rows(recs, project=False, source_doc=False),
                    hide_index=True,
                    width="stretch",
                    column_config={
                        "評価指標": st.column_config.TextColumn("評価指標", width="medium"),
                        "進捗率(%)": st.column_config.ProgressColumn(
                            "進捗率（グラフ）", min_value=0, max_value=100, format="%.1f%%"
                        ),
                    },
                )
                for r in recs:
                    label = r.get("indicator") or ""
                    if kpi_is_pending(r):
                        label += "（実績は集計中）"
                    source_expander(label, r, titles)
