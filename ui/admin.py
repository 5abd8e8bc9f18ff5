"""管理: documents uploaded into the corpus and indexed with a progress bar, and officials' ratings by outcome.

The ratings tab is `ui.ratings_view`.

Available only when API keys are configured (``ASSISTANT_API_KEYS``) and the user enters one. The upload
goes through `assistant.indexing.library.add_documents`, as ``assistant add`` does: each file is checked
by its loader first (a bad one is reported by name and not copied), the manifest is updated from the
file's metadata, and the index is refreshed (only the new documents are chunked and embedded).
"""

from __future__ import annotations

import hmac
import re
import tempfile
from pathlib import Path
from typing import Any

import streamlit as st

from assistant.settings import Settings
from ui.markdown_text import md_escape
from ui.ratings_view import ratings_view

PAGE = "admin"
LABEL = ":material/upload_file: 管理（資料の追加・評価の集計）"
TYPES = ["pdf", "docx", "html", "htm", "txt", "md"]
STEP_LABELS = {
    "chunking": "文書を読み込み、段落に分けています",
    "records": "KPI・事業の表を取り出しています",
    "BM25": "検索用の索引を作っています",
    "embedding model": "意味検索のモデルを用意しています",
    "embeddings": "新しい段落をベクトルにしています",
    "warm-up data": "回答を速くするための下準備をしています",
    "manifest": "索引を公開しています",
    "done": "完了しました",
}


def key_ok(settings: Settings, given: str) -> bool:
    """True when ``given`` is one of the configured API keys (compared in constant time)."""
    given = given.strip()
    return bool(given) and any(hmac.compare_digest(given.encode(), k.encode()) for k in settings.api_key_set)


def safe_name(name: str) -> str | None:
    """The uploaded file's own name, without any folder part; None for a name that cannot be a document."""
    base = Path(name.replace("\\", "/")).name.strip()
    if not base or base.startswith(".") or base == "manifest.json" or re.search(r"[\x00-\x1f]", base):
        return None
    return base


def admin_page(settings: Settings, backend: Any) -> None:
    """The upload form and the ratings, behind an API key."""
    st.header("管理")
    if not settings.api_key_set:
        st.info(
            "この画面は API キー（環境変数 ASSISTANT_API_KEYS）が設定されているときだけ使えます。",
            icon=":material/lock:",
        )
        return
    given = st.text_input("API キー", type="password", key="admin_key")
    if not key_ok(settings, given):
        if given:
            st.error("API キーが正しくありません。", icon=":material/error:")
        return
    upload, ratings = st.tabs(["資料の追加", "評価の集計"])
    with upload:  # first: whatever the ratings' log holds, the upload stays usable
        _upload(settings, backend)
    with ratings:
        ratings_view(settings)


def _upload(settings: Settings, backend: Any) -> None:
    """Files into the corpus, then the index refreshed with a progress bar."""
    if settings.api_url:
        st.info(
            "この画面は、このサーバーのコーパスと索引を直接更新します。API サーバー側で資料を追加するときは "
            "`assistant add ファイル` を使ってください。",
            icon=":material/info:",
        )
    files = st.file_uploader("追加する資料（PDF・Word・HTML・テキスト）", type=TYPES, accept_multiple_files=True)
    if not files or not st.button("索引に追加する", icon=":material/add:", type="primary", key="admin_add"):
        return
    bar = st.progress(0.0, text="ファイルを確認しています")

    def on_step(name: str, share: float) -> None:
        bar.progress(min(1.0, 0.1 + 0.9 * share), text=STEP_LABELS.get(name, name))

    from assistant.indexing.library import add_documents

    with tempfile.TemporaryDirectory() as tmp:
        paths, refused = [], []
        for f in files:
            name = safe_name(f.name)
            if name is None:
                refused.append(f.name)
                continue
            path = Path(tmp) / name
            path.write_bytes(f.getvalue())
            paths.append(path)
        try:
            report = add_documents(settings, paths, on_step=on_step)
        except Exception as exc:  # noqa: BLE001 - shown to the user with what happened
            bar.empty()
            st.error(f"追加できませんでした：{md_escape(str(exc))}", icon=":material/error:")
            return
    bar.progress(1.0, text="完了しました")
    for name in refused:
        st.warning(f"{md_escape(name)}：ファイル名が使えません。", icon=":material/warning:")
    for p in report.problems:
        st.warning(f"{md_escape(p.path)}：追加しませんでした（{md_escape(p.reason)}）", icon=":material/warning:")
    done = report.added + report.updated
    if done:
        b = report.build
        took = f"（索引の更新 {b.timings.get('total_s', 0):.1f} 秒）" if b and b.built else ""
        st.success(f"追加しました：{md_escape('、'.join(done))}{took}", icon=":material/check_circle:")
        holder = getattr(backend, "holder", None)
        if holder is not None:
            holder.maybe_reload(force=True)  # answer from the new index at once, not after the next check
        st.cache_data.clear()  # document list, KPIs and programmes change with the corpus
    for name in report.unchanged:
        st.info(f"{md_escape(name)}：同じ内容の資料がすでにあります。", icon=":material/info:")
