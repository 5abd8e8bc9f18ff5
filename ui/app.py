"""計画資料アシスタント: Streamlit UI (``streamlit run ui/app.py``).

Chat with cited answers, a KPI view, a programme view and feedback. The answers come from the
library loaded in this process, or from the HTTP API when ``ASSISTANT_API_URL`` is set
(see ``ui/backend.py``). Every failure is shown as a plain Japanese message with what to do;
the conversation so far stays on screen.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run ui/app.py` puts ui/ on the path, not the project
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from assistant.settings import Settings  # noqa: E402
from ui import views  # noqa: E402
from ui.backend import Backend, BackendError, api_docs_url, make_backend  # noqa: E402

log = logging.getLogger("assistant.ui")

APP_TITLE = "計画資料アシスタント"
PAGE_CHAT, PAGE_KPI, PAGE_PROGRAMMES = "chat", "kpi", "programmes"
#: Views and their labels (Material icons ship with Streamlit; emoji need a font the server may lack).
PAGES = {
    PAGE_CHAT: ":material/forum: 質問する",
    PAGE_KPI: ":material/bar_chart: KPI（評価指標）",
    PAGE_PROGRAMMES: ":material/list_alt: 事業・制度",
}
ICON_ERROR = ":material/error:"
NO_PROJECT = "（プロジェクトの区分なし）"
AVATARS = {"user": ":material/person:", "assistant": ":material/menu_book:"}

#: One example per kind of question, written from the corpus.
EXAMPLES = (
    ("事業・制度", ":material/payments:", "モーダルシフト等推進事業の補助率と上限は？"),
    ("KPI", ":material/monitoring:", "新規高卒者管内企業就職率の進捗率は？"),
    ("対象・要件", ":material/checklist:", "地域生活圏形成リーディング事業の支援対象経費は？"),
)


# -- backend ------------------------------------------------------------------------------------
@st.cache_resource(show_spinner="索引を読み込んでいます…（初回のみ数十秒かかることがあります）")
def _backend(key: str, _settings: Settings) -> Backend:
    """One backend per configuration and process; failures are not cached, so a fix is picked up."""
    return make_backend(_settings)


def get_backend(settings: Settings) -> Backend:
    return _backend(settings.model_dump_json(), settings)


@st.cache_data(ttl=300, show_spinner=False)
def _documents(key: str, _backend_obj: Backend) -> list[dict[str, Any]]:
    return _backend_obj.documents()


@st.cache_data(ttl=300, show_spinner="KPIを読み込んでいます…")
def _kpis(key: str, _backend_obj: Backend) -> list[dict[str, Any]]:
    return _backend_obj.kpis()


@st.cache_data(ttl=300, show_spinner="事業・制度を読み込んでいます…")
def _programmes(key: str, _backend_obj: Backend) -> list[dict[str, Any]]:
    return _backend_obj.programmes()


def show_error(err: BackendError) -> None:
    """A failure in plain Japanese: what happened, what to do; the technical detail folded away."""
    text = f"**{views.md_escape(err.message)}**"
    if err.hint:
        text += f"\n\n{err.hint}"  # hints are ours (they contain `commands`), not document text
    st.error(text, icon=ICON_ERROR)
    if err.detail:
        with st.expander("技術的な詳細（管理者向け）", expanded=False):
            st.code(err.detail, language=None, wrap_lines=True)


def unexpected(exc: Exception) -> BackendError:
    log.exception("unexpected error in the UI")
    return BackendError(
        "画面の表示中に予期しないエラーが発生しました。",
        "ページを再読み込みしてください。繰り返し起きる場合は管理者に連絡してください。",
        detail=f"{type(exc).__name__}: {exc}",
    )


# -- state --------------------------------------------------------------------------------------
def init_state(settings: Settings) -> None:
    ss = st.session_state
    ss.setdefault("messages", [])  # {"role", "content", "answer"?, "error"?}
    ss.setdefault("pending", None)  # an example question clicked
    ss.setdefault("feedback", {})  # answer id -> {"rating", "comment_sent", "error"}
    ss.setdefault("top_k", settings.top_k)
    ss.setdefault("docs", [])


def ask(question: str) -> None:
    st.session_state.pending = question


#: Turns of history sent with a question (the API accepts at most 50, each up to 2000 characters).
MAX_HISTORY_TURNS = 20
MAX_TURN_CHARS = 2000


def history_for_answerer(messages: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The latest turns that got an answer (failed turns are left out), as ``{"role", "content"}``."""
    turns: list[dict[str, str]] = []
    for i, m in enumerate(messages):
        if m["role"] == "user":
            reply = messages[i + 1] if i + 1 < len(messages) else None
            if reply and reply.get("answer"):
                answer = reply["answer"].get("answer") or views.NOT_FOUND
                turns.append({"role": "user", "content": m["content"][:MAX_TURN_CHARS]})
                turns.append({"role": "assistant", "content": answer[:MAX_TURN_CHARS]})
    return turns[-MAX_HISTORY_TURNS:]


# -- sidebar ------------------------------------------------------------------------------------
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
            format_func=lambda d: f"{views.shorten(titles.get(d, d), 34)}（{views.date_ja(dates.get(d))}）",
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
                        f"- {views.md_escape(d.get('title') or d['doc'])}  \n"
                        f"  {views.md_escape(d.get('publisher') or '')} ／ {views.date_ja(d.get('date'))}"
                    )
    return page


# -- chat ---------------------------------------------------------------------------------------
def render_citation(c: dict[str, Any], key: str) -> None:
    """A citation as an expander: title, date, lines; inside, the passage with the quote highlighted."""
    with st.expander(views.citation_label(c)):
        st.caption(
            f"{views.md_escape(c.get('title') or '')} ／ {views.date_ja(c.get('date'))} ／ "
            f"{views.md_escape(c.get('doc') or '')} {views.lines_ja(c.get('line_start'), c.get('line_end'))}"
        )
        excerpt = views.passage_excerpt(c)
        body = st.container()
        whole = excerpt is None or st.toggle(
            f"段落全体（{views.lines_ja(c.get('line_start'), c.get('line_end'))}）を表示", key=f"whole-{key}"
        )
        with body:
            if not whole:
                md, first, last = excerpt
                st.caption(f"引用箇所（強調部分）とその前後：{views.lines_ja(first, last)}")
                st.markdown(md)
            else:
                if c.get("quote_line_start"):
                    st.caption(
                        f"引用箇所：{views.lines_ja(c.get('quote_line_start'), c.get('quote_line_end'))}（強調部分）"
                    )
                st.markdown(views.passage_markdown(c))


def feedback_widget(backend: Backend | None, answer_id: str) -> None:
    fb = st.session_state.feedback.setdefault(answer_id, {"rating": None, "comment_sent": False, "error": None})
    key = f"fb-{answer_id}"

    def on_rate() -> None:
        value = st.session_state.get(key)
        if value is None or backend is None:
            return
        rating = "up" if value == 1 else "down"
        try:
            backend.feedback(answer_id, rating)
            fb.update(rating=rating, error=None)
        except BackendError as err:
            fb.update(error={"message": err.message, "hint": err.hint, "detail": err.detail})

    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.feedback(
            "thumbs",
            key=key,
            default={"up": 1, "down": 0}.get(fb.get("rating") or ""),  # kept when coming back from another view
            on_change=on_rate,
            disabled=backend is None,
        )
        if fb.get("error"):
            st.caption(f":material/error: {fb['error']['message']} {fb['error']['hint']}")
        elif fb.get("rating"):
            st.caption("評価を記録しました。ありがとうございます。")
        else:
            st.caption("この回答は役に立ちましたか？")
    if fb.get("rating") and not fb.get("comment_sent") and backend is not None:
        with st.form(f"comment-{answer_id}", clear_on_submit=True, border=False):
            comment = st.text_input(
                "コメント（任意）",
                placeholder="例：数値は正しいが、年度の記載がほしい",
                max_chars=2000,
                key=f"comment-text-{answer_id}",
            )
            if st.form_submit_button("コメントを送る") and comment.strip():
                try:
                    backend.feedback(answer_id, fb["rating"], comment.strip())
                    fb.update(comment_sent=True, error=None)
                    st.rerun()
                except BackendError as err:
                    show_error(err)
    elif fb.get("comment_sent"):
        st.caption("コメントを受け付けました。")


def render_answer(backend: Backend | None, answer: dict[str, Any]) -> None:
    if answer.get("abstained"):
        st.warning(views.NOT_FOUND, icon=":material/search_off:")
        text = answer.get("answer") or ""
        if text and not views.is_not_found_text(text):
            st.markdown(views.plain_markdown(text))
        related = answer.get("related") or []
        if related:
            st.markdown("**関連する記載**（質問に近いが、答えは書かれていない箇所）")
            for i, c in enumerate(related):
                render_citation(c, f"{answer.get('id')}-related-{i}")
        else:
            st.caption("質問の言い回しを変えるか、サイドバーの文書の絞り込みを解除してお試しください。")
    else:
        st.markdown(views.plain_markdown(answer.get("answer") or ""))
        citations = answer.get("citations") or []
        if citations:
            st.markdown("**出典**")
            for i, c in enumerate(citations):
                render_citation(c, f"{answer.get('id')}-cite-{i}")
    meta = [views.KIND_LABELS.get(answer.get("kind") or "", "")]
    if answer.get("source"):
        meta.append(views.SOURCE_LABELS.get(answer["source"], answer["source"]))
    if answer.get("took_ms"):
        meta.append(f"{answer['took_ms'] / 1000:.1f}秒")
    st.caption(" ・ ".join(m for m in meta if m))
    if answer.get("id"):
        feedback_widget(backend, str(answer["id"]))


def render_message(backend: Backend | None, m: dict[str, Any]) -> None:
    with st.chat_message(m["role"], avatar=AVATARS.get(m["role"])):
        if m["role"] == "user":
            st.markdown(views.plain_markdown(m["content"]))
        elif m.get("error"):
            show_error(BackendError(**m["error"]))
        elif m.get("answer"):
            render_answer(backend, m["answer"])


def welcome() -> None:
    st.markdown(
        "資料に書かれていることを質問すると、**該当する記載を出典（資料名・日付・行番号）つき**でお答えします。"
        "資料に記載がないときは、その旨をお知らせします。続けて「その目標値は？」のように聞き返すこともできます。"
    )
    st.markdown("**質問の例**（押すとそのまま質問します）")
    with st.container(horizontal=True, gap="small"):
        for kind, icon, question in EXAMPLES:
            st.button(
                question,
                key=f"example-{kind}",
                icon=icon,
                help=f"{kind}についての質問の例",
                on_click=ask,
                args=(question,),
            )


def chat_page(settings: Settings, backend: Backend | None, load_error: BackendError | None) -> None:
    st.header("資料に質問する")
    if load_error is not None:
        show_error(load_error)
    messages: list[dict[str, Any]] = st.session_state.messages
    if not messages:
        welcome()
    for m in messages:
        render_message(backend, m)

    typed = st.chat_input("質問を入力してください（例：新規高卒者管内企業就職率の目標値は？）", max_chars=2000)
    question = typed or st.session_state.pending
    st.session_state.pending = None
    if not question or not question.strip():
        return
    question = question.strip()
    history = history_for_answerer(messages)
    messages.append({"role": "user", "content": question})
    render_message(backend, messages[-1])
    with st.chat_message("assistant", avatar=AVATARS["assistant"]):
        placeholder = st.empty()
    try:
        if backend is None:
            raise load_error or BackendError("回答の準備ができていません。", "ページを再読み込みしてください。")
        with placeholder, st.spinner("資料を調べています…"):
            answer = backend.answer(question, history, st.session_state.docs or None, st.session_state.top_k)
        reply: dict[str, Any] = {"role": "assistant", "content": answer.get("answer") or "", "answer": answer}
    except BackendError as err:
        reply = {
            "role": "assistant",
            "content": "",
            "error": {"message": err.message, "hint": err.hint, "detail": err.detail},
        }
    except Exception as exc:
        err = unexpected(exc)
        reply = {
            "role": "assistant",
            "content": "",
            "error": {"message": err.message, "hint": err.hint, "detail": err.detail},
        }
    messages.append(reply)
    placeholder.empty()
    st.rerun()  # draw the new turn through the same path as the history (stable widget keys)


# -- KPI view -----------------------------------------------------------------------------------
def source_expander(
    name: str, rec: dict[str, Any], titles: dict[str, str], details: dict[str, Any] | None = None
) -> None:
    """The record's source passage(s), verbatim, with document and line numbers (and its fields)."""
    sources = rec.get("sources") or [rec]
    with st.expander(f"出典：{views.shorten(name, 40)}（{views.sources_label(rec)}）"):
        if details:
            st.markdown(
                "\n".join(
                    f"- **{k}**：{views.md_escape(str(v))}" for k, v in details.items() if v not in (None, "", "—")
                )
            )
        for src in sources:
            doc = src.get("doc") or ""
            st.caption(
                f"{views.md_escape(titles.get(doc, doc))} ／ {views.md_escape(doc)} "
                f"{views.lines_ja(src.get('line_start'), src.get('line_end'))}"
            )
            st.code(src.get("source_text") or "", language=None, wrap_lines=True)


def progress_chart(records: list[dict[str, Any]]) -> None:
    rows = views.chart_rows(records)
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
    if backend is None:
        show_error(load_error or BackendError("KPI を読み込めません。", "ページを再読み込みしてください。"))
        return
    try:
        records = _kpis(backend.describe(), backend)
    except BackendError as err:
        show_error(err)
        return
    titles = {d["doc"]: d.get("title") or d["doc"] for d in documents}
    if st.session_state.docs:
        records = [r for r in records if r.get("doc") in st.session_state.docs]
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
        records = [r for r in records if views.matches(r, q)]
    if not repeats:
        records = [r for r in records if not views.normalize_repeat(r.get("indicator") or "").endswith("（再掲）")]
    records = views.merge_kpis(records)
    if not records:
        st.info("条件に合う KPI がありません。絞り込みを変えてください。")
        return
    m1, m2, m3 = st.columns(3)
    m1.metric("指標の数", len(records))
    m2.metric("プロジェクトの数", len({r.get("project") for r in records if r.get("project")}))
    m3.metric("実績が集計中の指標", sum(1 for r in records if views.kpi_is_pending(r)))
    progress_chart(records)

    st.subheader("資料・プロジェクト別の一覧")
    order = {d["doc"]: i for i, d in enumerate(documents)}
    by_doc: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for r in sorted(records, key=lambda r: order.get(r.get("doc") or "", len(order))):
        by_doc.setdefault(r.get("doc") or "", {}).setdefault(r.get("project") or NO_PROJECT, []).append(r)
    for doc, projects_in_doc in by_doc.items():
        meta = next((d for d in documents if d["doc"] == doc), {})
        st.markdown(f"##### :material/description: {views.md_escape(titles.get(doc, doc))}")
        st.caption(
            f"{views.md_escape(meta.get('publisher') or '')} ／ {views.date_ja(meta.get('date'))} ／ {views.md_escape(doc)}"
        )
        for project, recs in projects_in_doc.items():
            with st.container(border=True):
                st.markdown(f"**{views.md_escape(project)}**")
                st.dataframe(
                    views.kpi_rows(recs, project=False, source_doc=False),
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
                    if views.kpi_is_pending(r):
                        label += "（実績は集計中）"
                    source_expander(label, r, titles)


# -- programme view -----------------------------------------------------------------------------
def programme_page(backend: Backend | None, load_error: BackendError | None, documents: list[dict[str, Any]]) -> None:
    st.header("事業・制度の一覧")
    st.caption(
        "資料から抽出した支援事業・制度の予算、補助率、上限、対象者、対象経費です。各行の出典で原文を確認できます。"
    )
    if backend is None:
        show_error(load_error or BackendError("事業・制度を読み込めません。", "ページを再読み込みしてください。"))
        return
    try:
        records = _programmes(backend.describe(), backend)
    except BackendError as err:
        show_error(err)
        return
    titles = {d["doc"]: d.get("title") or d["doc"] for d in documents}
    docs = st.session_state.docs
    if docs:
        records = [r for r in records if r.get("doc") in docs]
    q = st.text_input(
        "キーワードで絞り込む（事業名、補助率、対象者など。空白区切りですべてを含むものを表示）",
        key="prog-q",
        placeholder="例：補助率 上限",
    )
    if q:
        records = [r for r in records if views.matches(r, q)]
    st.caption(f"{len(records)}件")
    if not records:
        st.info("条件に合う事業・制度がありません。キーワードを変えてください。")
        return
    rows = views.programme_rows(records, titles)
    st.dataframe(
        views.drop_empty_columns(rows, keep=("事業・制度",)),
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


# -- main ---------------------------------------------------------------------------------------
def main() -> None:
    st.set_page_config(
        page_title=APP_TITLE, page_icon=":material/menu_book:", layout="wide", initial_sidebar_state="expanded"
    )
    try:
        settings = Settings()
    except Exception as exc:
        show_error(
            BackendError(
                "設定（ASSISTANT_ で始まる環境変数）に誤りがあります。",
                "環境変数の値を確認して、アプリを起動し直してください。",
                detail=f"{type(exc).__name__}: {exc}",
            )
        )
        return
    init_state(settings)

    backend: Backend | None = None
    load_error: BackendError | None = None
    try:
        backend = get_backend(settings)
    except BackendError as err:
        load_error = err
    except Exception as exc:
        load_error = unexpected(exc)

    documents: list[dict[str, Any]] = []
    if backend is not None:
        try:
            documents = _documents(backend.describe(), backend)
        except BackendError as err:
            load_error = err
        except Exception as exc:
            load_error = unexpected(exc)

    page = sidebar(settings, backend, documents)
    if page == PAGE_KPI:
        kpi_page(backend, load_error, documents)
    elif page == PAGE_PROGRAMMES:
        programme_page(backend, load_error, documents)
    else:
        chat_page(settings, backend, load_error)


try:
    main()
except Exception as _exc:
    from streamlit.runtime.scriptrunner import RerunException, StopException

    if isinstance(_exc, (RerunException, StopException)):
        raise
    show_error(unexpected(_exc))
