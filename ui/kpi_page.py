"""The KPI view: filters, counts, the progress chart and a table per document and project."""

from __future__ import annotations

import logging
from typing import Any

import streamlit as st

from assistant.records.export import kpi_rows as export_rows
from assistant.records.export import to_csv
from ui.backend import Backend, BackendError
from ui.cached_data import cached_kpis
from ui.kpi_table import actual_years, chart_rows, has_series, kpi_is_pending, kpi_rows, series_points
from ui.labels import date_ja, shorten
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


def series_chart(rec: dict[str, Any]) -> None:
    """A small line chart of one KPI: baseline and actuals as a line, the target as a marked point."""
    try:
        import altair as alt
        import pandas as pd

        df = pd.DataFrame(series_points(rec))
        order = actual_years([{"actuals": [{"year": y} for y in df["年"]]}])
        x = alt.X("年:N", sort=order, title=None, axis=alt.Axis(labelAngle=0))
        y = alt.Y("値:Q", title=rec.get("unit") or None, scale=alt.Scale(zero=False))
        tip = ["種別", "年", "表示"]
        line = alt.Chart(df[df["種別"] != "目標値"]).mark_line(point=True).encode(x=x, y=y, tooltip=tip)
        goal = alt.Chart(df[df["種別"] == "目標値"]).mark_point(shape="diamond", size=90, color="#d62728", filled=True)
        chart = (line + goal.encode(x=x, y=y, tooltip=tip)).properties(
            title=shorten(rec.get("indicator") or "", 24), height=150
        )
        st.altair_chart(chart, width="stretch")
    except Exception as exc:
        log.warning("KPI series chart failed: %s", exc)


def series_charts(recs: list[dict[str, Any]]) -> None:
    """One small chart per KPI that has a series, three to a row."""
    drawable = [r for r in recs if has_series(r)]
    for i in range(0, len(drawable), 3):
        for col, rec in zip(st.columns(3), drawable[i : i + 3], strict=False):
            with col:
                series_chart(rec)


def kpi_page(backend: Backend | None, load_error: BackendError | None, documents: list[dict[str, Any]]) -> None:
    st.header("KPI（評価指標）の一覧")
    st.caption(
        "資料の KPI 表・本文から抽出した基準値・各年度の実績・目標値・進捗率です。"
        "同じ指標が複数の表や資料にあるときは1行にまとめ、出典にすべての箇所を示します。"
        "実績の推移は指標ごとの折れ線（◆は目標値）で示します。"
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
        years = actual_years(records)
        year = st.selectbox("実績の年度", ["すべて", *years], key="kpi-year")
    if chosen:
        records = [r for r in records if (r.get("project") or NO_PROJECT) in chosen]
    if q:
        records = [r for r in records if matches(r, q)]
    if year != "すべて":
        records = [r for r in records if any((a.get("year") or "（年不明）") == year for a in r.get("actuals") or [])]
    if not records:
        st.info("条件に合う KPI がありません。絞り込みを変えてください。")
        return
    m1, m2, m3 = st.columns(3)
    m1.metric("指標の数", len(records))
    m2.metric("プロジェクトの数", len({r.get("project") for r in records if r.get("project")}))
    m3.metric("実績が集計中の指標", sum(1 for r in records if kpi_is_pending(r)))
    st.download_button(
        "CSV をダウンロード（Excel 用）",
        to_csv(*export_rows(records)).encode("utf-8"),
        file_name="kpis.csv",
        mime="text/csv",
        icon=":material/download:",
        key="kpi-csv",
    )
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
                series_charts(recs)
                for r in recs:
                    label = r.get("indicator") or ""
                    if kpi_is_pending(r):
                        label += "（実績は集計中）"
                    source_expander(label, r, titles)
