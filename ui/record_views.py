"""What the KPI and programme views share: loading their records, and a record's sources in an expander."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from ui.alerts import show_error
from ui.backend import Backend, BackendError
from ui.kpi_table import sources_label
from ui.labels import lines_ja, shorten
from ui.markdown_text import md_escape


def load_records(
    backend: Backend | None,
    load_error: BackendError | None,
    fetch: Callable[[str, Backend], list[dict[str, Any]]],
    unavailable: str,
) -> list[dict[str, Any]] | None:
    """The backend's records of one kind (in the sidebar's documents), or None once the failure is shown."""
    if backend is None:
        show_error(load_error or BackendError(unavailable, "ページを再読み込みしてください。"))
        return None
    try:
        records = fetch(backend.describe(), backend)
    except BackendError as err:
        show_error(err)
        return None
    docs = st.session_state.docs
    if docs:  # a record counts for every document it was read from
        records = [r for r in records if {s.get("doc") for s in r.get("sources") or [r]} & set(docs)]
    return records


def source_expander(
    name: str, rec: dict[str, Any], titles: dict[str, str], details: dict[str, Any] | None = None
) -> None:
    """The record's source passage(s), verbatim, with document and line numbers (and its fields)."""
    sources = rec.get("sources") or [rec]
    with st.expander(f"出典：{shorten(name, 40)}（{sources_label(rec)}）"):
        if details:
            st.markdown(
                "\n".join(f"- **{k}**：{md_escape(str(v))}" for k, v in details.items() if v not in (None, "", "—"))
            )
        for src in sources:
            doc = src.get("doc") or ""
            st.caption(
                f"{md_escape(titles.get(doc, doc))} ／ {md_escape(doc)} "
                f"{lines_ja(src.get('line_start'), src.get('line_end'))}"
            )
            st.code(src.get("text") or src.get("source_text") or "", language=None, wrap_lines=True)
