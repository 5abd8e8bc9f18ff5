"""計画資料アシスタント: Streamlit UI (``streamlit run ui/app.py``).

Chat with cited answers, a KPI view, a programme view and feedback. The answers come from the
library loaded in this process, or from the HTTP API when ``ASSISTANT_API_URL`` is set
(see ``ui/backend.py``). Every failure is shown as a plain Japanese message with what to do;
the conversation so far stays on screen.

This file only wires the pieces: the sidebar (``sidebar.py``) picks a view (``chat_page.py``,
``kpi_page.py``, ``programme_page.py``); the Streamlit-free helpers they draw with are tested alone.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run ui/app.py` puts ui/ on the path, not the project
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from assistant.settings import Settings  # noqa: E402
from ui import admin  # noqa: E402
from ui.alerts import show_error, unexpected  # noqa: E402
from ui.backend import Backend, BackendError  # noqa: E402
from ui.cached_data import cached_documents, get_backend  # noqa: E402
from ui.chat_page import chat_page  # noqa: E402
from ui.kpi_page import kpi_page  # noqa: E402
from ui.programme_page import programme_page  # noqa: E402
from ui.session import init_state  # noqa: E402
from ui.sidebar import APP_TITLE, PAGE_KPI, PAGE_PROGRAMMES, sidebar  # noqa: E402


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
            documents = cached_documents(backend.describe(), backend)
        except BackendError as err:
            load_error = err
        except Exception as exc:
            load_error = unexpected(exc)

    page = sidebar(settings, backend, documents)
    if page == admin.PAGE:
        admin.admin_page(settings, backend)
    elif page == PAGE_KPI:
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
