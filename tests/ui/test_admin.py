"""The admin page: behind an API key, uploads a PDF into the corpus and indexes it (AppTest, real index)."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
import sample_files as sf
from streamlit.testing.v1 import AppTest

from assistant.indexing.build import build_index
from assistant.settings import Settings
from ui import admin
from ui.markdown_text import md_escape

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
DOCS = ("001_66b98a4b6793b39c.txt", "004_49aeb67bc23e3385.txt")


def test_key_and_name_checks() -> None:
    settings = Settings(api_keys="k1, k2")
    assert admin.key_ok(settings, "k2") and admin.key_ok(settings, " k1 ")
    assert not admin.key_ok(settings, "k3") and not admin.key_ok(settings, "")
    assert not admin.key_ok(Settings(api_keys=""), "")
    assert admin.safe_name("../../etc/passwd.pdf") == "passwd.pdf"
    assert admin.safe_name("C:\\\\資料\\\\報告.docx") == "報告.docx"
    assert admin.safe_name("manifest.json") is None and admin.safe_name(".hidden.pdf") is None


def test_every_build_step_has_a_japanese_label() -> None:
    """The progress bar never shows a step's English name to an official."""
    from assistant.indexing.build import STEPS

    assert set(STEPS) | {"done"} <= set(admin.STEP_LABELS)


@pytest.fixture
def site(tmp_path: Path, real_corpus_dir: Path, monkeypatch) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (*DOCS, "manifest.json"):
        shutil.copy2(real_corpus_dir / name, corpus / name)
    build_index(Settings(corpus_dir=corpus, index_dir=tmp_path / "index", adapt_epochs=1), progress=False)
    for name in list(os.environ):
        if name.startswith("ASSISTANT_"):
            monkeypatch.delenv(name)
    env = {
        "ASSISTANT_CORPUS_DIR": str(corpus),
        "ASSISTANT_INDEX_DIR": str(tmp_path / "index"),
        "ASSISTANT_DB_PATH": str(tmp_path / "ui.sqlite3"),
        "ASSISTANT_ADAPT_EPOCHS": "1",
        "HF_HUB_OFFLINE": "1",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return tmp_path


def shown(markdown: str) -> str:
    """Markdown as read on screen (the app escapes file names: ``slides\\.pdf`` shows as ``slides.pdf``)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _admin(at: AppTest) -> AppTest:
    at.sidebar.radio[0].set_value(admin.PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.slow
def test_admin_page_needs_configured_keys(site: Path) -> None:
    at = _admin(AppTest.from_file(str(APP), default_timeout=120).run())
    assert any("ASSISTANT_API_KEYS" in i.value for i in at.info)
    assert not at.text_input and not at.file_uploader


@pytest.mark.slow
def test_upload_a_pdf_and_see_it_indexed(site: Path, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ASSISTANT_API_KEYS", "admin-key")
    at = _admin(AppTest.from_file(str(APP), default_timeout=180).run())
    assert not at.file_uploader  # nothing before the key
    at.text_input(key="admin_key").set_value("wrong").run()
    assert any("正しくありません" in e.value for e in at.error) and not at.file_uploader
    at.text_input(key="admin_key").set_value("admin-key").run()
    pdf = sf.slides_pdf(tmp_path / "slides.pdf").path
    bad = sf.encrypted_pdf(tmp_path / "locked.pdf")
    at.file_uploader[0].set_value(
        [("slides.pdf", pdf.read_bytes(), "application/pdf"), ("locked.pdf", bad.read_bytes(), "application/pdf")]
    ).run()
    at.button(key="admin_add").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("追加しました" in s.value and "slides.pdf" in shown(s.value) for s in at.success), [
        s.value for s in at.success
    ]
    assert any("locked.pdf" in shown(w.value) and "encrypted" in w.value for w in at.warning)
    assert at.get("progress") and at.get("progress")[0].value == 100
    corpus = site / "corpus"
    assert (corpus / "slides.pdf").read_bytes() == pdf.read_bytes() and not (corpus / "locked.pdf").exists()
    files = [e["file"] for e in json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))["documents"]]
    assert "slides.pdf" in files
    # The chat answers from the new index at once.
    at.sidebar.radio[0].set_value("chat").run()
    at.chat_input[0].set_value("小さな拠点の形成について、関係人口の創出・拡大とあわせて何をしていますか？").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "slides.pdf" in [d for d in at.sidebar.multiselect[0].options] or any("p." in e.label for e in at.expander)


@pytest.mark.slow
def test_ratings_by_outcome_and_the_newest_down(site: Path, monkeypatch) -> None:
    """An admin reads officials' ratings by why answers were withheld, with the newest 👎 and its comment."""
    from assistant.feedback_log import Store
    from assistant.types import Answer

    monkeypatch.setenv("ASSISTANT_API_KEYS", "admin-key")
    with Store(site / "ui.sqlite3") as store:
        for i, by in enumerate([None, "confidence", "confidence", "evidence"]):
            store.log_answer(
                Answer(
                    id=f"a{i}",
                    question=f"質問{i}の補助率は？",
                    answer="…",
                    abstained=by is not None,
                    abstained_by=by,
                    kind="general",
                )
            )
        store.add_feedback("a1", "down", "資料の3ページにあります")
        store.add_feedback("a0", "up")
        store.add_feedback("a3", "down", "**太字**と<b>タグ</b>")
        store.add_feedback("never-logged", "down", "ログなし", require_answer=False)
    with sqlite3.connect(site / "ui.sqlite3") as conn:  # a reason written by another release
        conn.execute("UPDATE answers SET abstained_by = 'timeout' WHERE id = 'a3'")
    logged = (site / "ui.sqlite3").read_bytes()
    at = _admin(AppTest.from_file(str(APP), default_timeout=180).run())
    at.text_input(key="admin_key").set_value("admin-key").run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.label for t in at.tabs] == ["資料の追加", "評価の集計"]
    table = at.tabs[1].dataframe[0].value
    row = table[table["結果"] == "控えた：確認できず"].iloc[0]
    assert (row["回答数"], row["👎"], row["👎の割合（評価された回答）"]) == (2, 1, "100%")
    assert table[table["結果"] == "回答した"].iloc[0]["👍"] == 1
    shown_text = " ".join(m.value for m in at.tabs[1].markdown) + " ".join(c.value for c in at.tabs[1].caption)
    assert "質問1の補助率は？" in shown_text and "資料の3ページにあります" in shown_text and "確認できず" in shown_text
    markdown = [m.value for m in at.tabs[1].markdown]
    comment = "**太字**と<b>タグ</b>"
    assert "コメント：" + md_escape(comment) in markdown and md_escape(comment) != comment, markdown  # shown as typed
    captions = [c.value for c in at.tabs[1].caption]
    assert any("回答の記録なし" in c for c in captions) and any("理由の記録なし" in c for c in captions), captions
    assert at.tabs[0].file_uploader  # the upload tab whatever the log holds
    at.radio(key="ratings_period").set_value("直近7日").run()
    assert not at.exception and at.tabs[1].dataframe
    assert (site / "ui.sqlite3").read_bytes() == logged  # read, not written
