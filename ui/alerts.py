"""Failures shown in plain Japanese: what happened, what to do, the technical detail folded away."""

from __future__ import annotations

import logging

import streamlit as st

from ui.backend import BackendError
from ui.markdown_text import md_escape

log = logging.getLogger("assistant.ui")

ICON_ERROR = ":material/error:"


def show_error(err: BackendError) -> None:
    """A failure in plain Japanese: what happened, what to do; the technical detail folded away."""
    text = f"**{md_escape(err.message)}**"
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
