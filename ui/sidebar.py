"""The sidebar: the view switch, the document filter, the answer settings and the collection."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.settings import Settings
from ui import admin
from ui.backend import Backend, api_docs_url
from ui.labels import date_ja, shorten
from ui.markdown_text import md_escape

APP_TITLE = "計画資料アシスタント"
PAGE_CHAT, PAGE_KPI, PAGE_PROGRAMMES = "chat", "kpi", "programmes"
#: Views and their labels (Material icons ship with Streamlit; emoji need a font the server may lack).
PAGES = {
    PAGE_CHAT: ":material/forum: 質問する",
    PAGE_KPI: ":material/bar_chart: KPI（評価指標）",
    PAGE_PROGRAMMES: ":material/list_alt: 事業・制度",
    admin.PAGE: admin.LABEL,
}


def sidebar(settings: Settings, backend: Backend | None, documents: list[dict[str, Any]]) -> str:
    with st.sidebar:
        st.title(APP_TITLE)
        st.caption("国や自治体の計画資料から、出典つきで回答します。")
        page = st.radio("画面", list(PAGES), format_func=PAGES.get, key="page", label_visibility="collapsed")

        st.subheader("文書で絞り込む")
        titles = {d["doc"]: d.get("title") or d["doc"] for d in documents}
        dates = {d["doc"]: d.get("date") for d in documents}
        st.session_state.docs = [d for d in st.session_state.docs if d in titles]
        st.multiselect(
            "対象の文書",
            options=list(titles),
            format_func=lambda d: f"{shorten(titles.get(d, d), 34)}（{date_ja(dates.get(d))}）",
            key="docs",
            placeholder="すべての文書" if documents else "文書を読み込めません",
            disabled=not documents,
            help="選んだ文書だけから回答します。空のときはすべての文書が対象です。KPI・事業の一覧にも適用されます。",
        )

        st.subheader("回答の設定")
        st.slider(
            "参照する記載の数",
            min_value=1,
            max_value=20,
            key="top_k",
            help="回答の根拠を探すときに読む記載（段落）の数です。多くすると見落としが減り、少なくすると絞り込まれます。",
        )
        if st.button(
            "会話を最初からやり直す",
            icon=":material/restart_alt:",
            width="stretch",
            disabled=not st.session_state.messages,
        ):
            st.session_state.messages = []
            st.session_state.feedback = {}
            st.rerun()

        st.divider()
        st.link_button("API の説明（/docs）", api_docs_url(settings), icon=":material/description:", width="stretch")
        if backend is not None:
            st.caption(f"接続先: {backend.describe()}")
        if documents:
            with st.expander(f"収録資料（{len(documents)}件）"):
                for d in documents:
                    st.markdown(
                        f"- {md_escape(d.get('title') or d['doc'])}  \n"
                        f"  {md_escape(d.get('publisher') or '')} ／ {date_ja(d.get('date'))}"
                    )
    return page
