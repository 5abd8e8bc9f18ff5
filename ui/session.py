"""The session state: its defaults, a clicked example question, and the history sent with a question."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.settings import Settings
from ui.labels import NOT_FOUND


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
                answer = reply["answer"].get("answer") or NOT_FOUND
                turns.append({"role": "user", "content": m["content"][:MAX_TURN_CHARS]})
                turns.append({"role": "assistant", "content": answer[:MAX_TURN_CHARS]})
    return turns[-MAX_HISTORY_TURNS:]
