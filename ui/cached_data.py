"""The backend and its lists, cached per process (failures are not cached, so a fix is picked up)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.settings import Settings
from ui.backend import Backend, make_backend


@st.cache_resource(show_spinner="索引を読み込んでいます…（初回のみ数十秒かかることがあります）")
def _backend(key: str, _settings: Settings) -> Backend:
    """One backend per configuration and process; failures are not cached, so a fix is picked up."""
    return make_backend(_settings)


def get_backend(settings: Settings) -> Backend:
    return _backend(settings.model_dump_json(), settings)


@st.cache_data(ttl=300, show_spinner=False)
def cached_documents(key: str, _backend_obj: Backend) -> list[dict[str, Any]]:
    return _backend_obj.documents()


@st.cache_data(ttl=300, show_spinner="KPIを読み込んでいます…")
def cached_kpis(key: str, _backend_obj: Backend) -> list[dict[str, Any]]:
    return _backend_obj.kpis()


@st.cache_data(ttl=300, show_spinner="事業・制度を読み込んでいます…")
def cached_programmes(key: str, _backend_obj: Backend) -> list[dict[str, Any]]:
    return _backend_obj.programmes()
