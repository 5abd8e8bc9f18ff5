"""Thumbs up or down under an answer, then an optional comment, sent to the backend's feedback store."""

from __future__ import annotations

import streamlit as st

from ui.alerts import show_error
from ui.backend import Backend, BackendError


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
