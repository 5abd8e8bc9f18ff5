"""The chat view: examples, the conversation with cited answers, and asking a question."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.settings import Settings
from ui.alerts import show_error, unexpected
from ui.backend import Backend, BackendError
from ui.citation_view import render_citation
from ui.feedback_view import feedback_widget
from ui.labels import KIND_LABELS, NOT_FOUND, SOURCE_LABELS, WITHHELD_NOTES, is_not_found_text
from ui.markdown_text import plain_markdown
from ui.session import ask, history_for_answerer

AVATARS = {"user": ":material/person:", "assistant": ":material/menu_book:"}
#: One example per kind of question, written from the corpus.
EXAMPLES = (
    ("事業・制度", ":material/payments:", "モーダルシフト等推進事業の補助率と上限は？"),
    ("KPI", ":material/monitoring:", "新規高卒者管内企業就職率の進捗率は？"),
    ("対象・要件", ":material/checklist:", "地域生活圏形成リーディング事業の支援対象経費は？"),
)


def render_answer(backend: Backend | None, answer: dict[str, Any]) -> None:
    if answer.get("abstained"):
        st.warning(WITHHELD_NOTES.get(answer.get("abstained_by") or "", NOT_FOUND), icon=":material/search_off:")
        text = answer.get("answer") or ""
        if text and not is_not_found_text(text):
            st.markdown(plain_markdown(text))
        related = answer.get("related") or []
        if related:
            st.markdown("**関連する記載**（質問に近いが、答えは書かれていない箇所）")
            for i, c in enumerate(related):
                render_citation(c, f"{answer.get('id')}-related-{i}")
        else:
            st.caption("質問の言い回しを変えるか、サイドバーの文書の絞り込みを解除してお試しください。")
    else:
        st.markdown(plain_markdown(answer.get("answer") or ""))
        citations = answer.get("citations") or []
        if citations:
            st.markdown("**出典**")
            for i, c in enumerate(citations):
                render_citation(c, f"{answer.get('id')}-cite-{i}")
    meta = [KIND_LABELS.get(answer.get("kind") or "", "")]
    if answer.get("source"):
        meta.append(SOURCE_LABELS.get(answer["source"], answer["source"]))
    if answer.get("took_ms"):
        meta.append(f"{answer['took_ms'] / 1000:.1f}秒")
    st.caption(" ・ ".join(m for m in meta if m))
    if answer.get("id"):
        feedback_widget(backend, str(answer["id"]))


def render_message(backend: Backend | None, m: dict[str, Any]) -> None:
    with st.chat_message(m["role"], avatar=AVATARS.get(m["role"])):
        if m["role"] == "user":
            st.markdown(plain_markdown(m["content"]))
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
