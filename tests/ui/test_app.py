"""The Streamlit app, headless through ``streamlit.testing.v1.AppTest`` against a real index."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.chat_page import EXAMPLES

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"

pytestmark = pytest.mark.slow

KPI_QUESTION = "「新規高卒者管内企業就職率」の進捗率はいくつ？"
KPI_EXAMPLE = next(q for kind, _, q in EXAMPLES if kind == "KPI")  # the app's own example button
KPI_DOC_TITLE = "道央広域連携地域政策展開方針"
NOT_FOUND = "資料には該当する記載が見つかりませんでした"


def start() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(markdown: str) -> str:
    """Markdown as read on screen (the app escapes document text: ``82\\.9`` shows as ``82.9``)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def said(message) -> str:
    """All Markdown of one chat message, as shown."""
    return shown(" ".join(m.value for m in message.markdown))


def texts(at: AppTest) -> str:
    """Everything the page shows as text (markdown, captions, alerts), one string."""
    parts = [m.value for m in at.markdown]
    parts += [c.value for c in at.caption]
    for kind in (at.error, at.warning, at.info, at.success):
        parts += [e.value for e in kind]
    return shown("\n".join(str(p) for p in parts))


def answers(at: AppTest) -> list:
    """The assistant messages, oldest first."""
    return [m for m in at.chat_message if m.name == "assistant"]


def test_app_loads_with_examples_and_sidebar(ui_env):
    at = start()
    assert at.chat_input, "the chat input is shown"
    labels = [b.label for b in at.button]
    assert KPI_EXAMPLE in labels
    assert any("モーダルシフト" in label for label in labels)
    assert any("支援対象経費" in label for label in labels)
    docs = at.sidebar.multiselect[0]
    assert len(docs.options) == 5, "one option per document, shown by title"
    assert any(KPI_DOC_TITLE in o for o in docs.options)
    assert at.sidebar.slider[0].value == 5, "number of passages defaults to settings.top_k"
    assert not at.error


def test_kpi_question_follow_up_and_citation(ui_env):
    at = ask(start(), KPI_QUESTION)
    first = answers(at)[-1]
    assert "82.9" in said(first)
    cites = [e for e in first.expander if e.label.startswith("[")]
    assert cites, "the answer shows its citations"
    assert any(KPI_DOC_TITLE in e.label and "行目" in e.label for e in cites), [e.label for e in cites]
    # The expander holds the passage with the quoted sentence highlighted.
    passage = " ".join(m.value for m in cites[0].markdown)  # raw Markdown
    assert ":orange-background[**" in passage and "82.9" in shown(passage)
    if cites[0].toggle:  # a long passage opens on the quote and its neighbours; the toggle shows it whole
        cites[0].toggle[0].set_value(True).run()
        assert not at.exception
        cites = [e for e in answers(at)[-1].expander if e.label.startswith("[")]
        assert len(" ".join(m.value for m in cites[0].markdown)) > len(passage)

    at = ask(at, "その目標値は？")
    assert len(answers(at)) == 2, "the conversation is kept"
    follow = answers(at)[-1]
    assert "63.9" in said(follow)
    assert any(e.label.startswith("[") for e in follow.expander)
    # the first turn is still on screen
    assert "82.9" in said(answers(at)[0])


def test_example_button_asks_it(ui_env):
    at = start()
    next(b for b in at.button if b.label == KPI_EXAMPLE).click().run()
    assert not at.exception
    user = [m for m in at.chat_message if m.name == "user"]
    assert user and KPI_EXAMPLE in user[0].markdown[0].value.replace("\\", "")
    assert "82.9" in said(answers(at)[-1])


def test_every_example_question_gets_a_cited_answer(ui_env):
    at = start()
    examples = [b.label for b in at.button if b.key and b.key.startswith("example-")]
    assert len(examples) == 3, "one example per kind: programme, KPI, eligibility"
    for label in examples:
        at = start()
        next(b for b in at.button if b.label == label).click().run()
        assert not at.exception
        last = answers(at)[-1]
        assert not last.warning, f"{label}: abstained"
        assert any(e.label.startswith("[1]") for e in last.expander), f"{label}: no citation"


def test_unanswerable_question_abstains(ui_env):
    at = ask(start(), "みなと漁港まつり2024を訪れたのは延べ何名？")  # invented: no document tells
    last = answers(at)[-1]
    assert any(NOT_FOUND in w.value for w in last.warning), "the abstention is shown as such"
    assert "関連する記載" in said(last)


def test_an_abstention_for_another_year_says_the_passage_does_not_meet_the_condition(ui_env):
    from ui.labels import WITHHELD_NOTES

    # The fair is in the corpus with its 2024 dates; 2019 is asked.
    last = answers(ask(start(), "2019年度の「北海道空知ワインと食のフェア」の開催日は？"))[-1]
    assert [w.value for w in last.warning] == [WITHHELD_NOTES["constraint"]]
    assert "関連する記載" in said(last)  # the passage found, shown as related, not as the answer
    plain = answers(ask(start(), "みなと漁港まつり2024を訪れたのは延べ何名？"))[-1]  # nothing about it
    assert len(plain.warning) == 1 and NOT_FOUND in plain.warning[0].value


def test_feedback_is_stored_in_the_sqlite_store(ui_env):
    from assistant.feedback_log import Store

    at = ask(start(), KPI_QUESTION)
    at.feedback[0].set_value(1).run()
    assert not at.exception
    assert "評価を記録しました" in texts(at)
    next(t for t in at.text_input if t.label == "コメント（任意）").input("出典の行番号が正確でした")
    next(b for b in at.button if b.label == "コメントを送る").click().run()
    assert not at.exception
    store = Store(ui_env["ASSISTANT_DB_PATH"])
    rows = store.feedback()
    assert {r["rating"] for r in rows} == {"up"}
    assert any(r["comment"] == "出典の行番号が正確でした" for r in rows)
    logged = store.get_answer(rows[0]["answer_id"])
    assert logged and logged["question"] == KPI_QUESTION and not logged["stub"]


def test_document_filter_and_top_k_reach_the_answerer(ui_env):
    at = start()
    at.sidebar.multiselect[0].select("001_66b98a4b6793b39c.txt")  # 小さな拠点・関係人口…
    at.sidebar.slider[0].set_value(3)
    at.run()
    at = ask(at, KPI_QUESTION)
    last = answers(at)[-1]
    cites = [e.label for e in last.expander]
    assert not any(KPI_DOC_TITLE in c for c in cites), "only the selected document is searched"


def test_kpi_view_table_chart_and_sources(ui_env):
    at = start()
    at.sidebar.radio[0].set_value("kpi").run()
    assert not at.exception
    assert at.dataframe, "a table per project"
    frames = [df.value for df in at.dataframe]
    rows = [row for f in frames for _, row in f.iterrows()]
    grad = [r for r in rows if str(r["評価指標"]).startswith("新規高卒者管内企業就職率")]
    assert grad, "the KPI is listed"
    assert grad[0]["進捗率"].startswith("82.9") and "63.9" in grad[0]["目標値"] and "60.9" in grad[0]["基準値"]
    assert any("集計中" in str(v) for r in rows for v in r.values), "pending actuals are shown as 集計中"
    assert any(e.label.startswith("出典：新規高卒者管内企業就職率") for e in at.expander)
    charts = at.get("vega_lite_chart")
    assert len(charts) > 5, "the progress chart and a small series chart per indicator"
    assert at.get("download_button"), "the KPIs download as CSV"
    at.selectbox(key="kpi-year").set_value("R3").run()
    assert not at.exception
    years = [row for f in (df.value for df in at.dataframe) for _, row in f.iterrows()]
    assert years and all(str(r.get("実績 R3") or "") for r in years), "only KPIs with an R3 actual"


def test_programme_view_filters(ui_env):
    at = start()
    at.sidebar.radio[0].set_value("programmes").run()
    assert not at.exception
    everything = len(at.dataframe[0].value)
    at.text_input(key="prog-q").input("空き家").run()
    assert not at.exception
    filtered = at.dataframe[0].value
    assert 0 < len(filtered) < everything
    assert any("空き家" in " ".join(map(str, r.values)) for _, r in filtered.iterrows())
    assert any(e.label.startswith("出典：空き家") for e in at.expander), "each programme links to its source"
    at.text_input(key="prog-q").input("該当しないはずの語句").run()
    assert any("条件に合う事業・制度がありません" in i.value for i in at.info)
    at.text_input(key="prog-q").input("").run()
    at.selectbox(key="prog-rate").set_value("定額").run()
    assert not at.exception
    assert all("定額" in str(r["補助率"]) for _, r in at.dataframe[0].value.iterrows())
    at.selectbox(key="prog-rate").set_value("すべて").run()
    at.selectbox(key="prog-year").set_value("R8").run()
    at.text_input(key="prog-eligible").input("市町村").run()
    assert not at.exception
    rows = at.dataframe[0].value
    assert 0 < len(rows) < everything and all("市町村" in str(r["対象者"]) for _, r in rows.iterrows())
    assert at.get("download_button"), "the programmes download as CSV"


def test_missing_index_shows_japanese_error(ui_env, tmp_path, monkeypatch):
    empty = tmp_path / "no-index"
    empty.mkdir()
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(empty))
    at = start()
    assert at.error, "the failure is shown"
    assert "索引がありません" in at.error[0].value
    assert "assistant index build" in at.error[0].value
    # Asking anyway keeps the question on screen and explains again, without a traceback.
    at = ask(at, KPI_QUESTION)
    assert [m for m in at.chat_message if m.name == "user"]
    assert any("索引がありません" in e.value for e in at.error)
    at.sidebar.radio[0].set_value("kpi").run()
    assert not at.exception and any("索引がありません" in e.value for e in at.error)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_api_is_explained_and_conversation_kept(ui_env, monkeypatch):
    monkeypatch.setenv("ASSISTANT_API_URL", f"http://127.0.0.1:{_closed_port()}")
    at = start()
    assert any("接続できません" in e.value for e in at.error)
    at = ask(at, KPI_QUESTION)
    at = ask(at, "その目標値は？")
    users = [m for m in at.chat_message if m.name == "user"]
    assert len(users) == 2, "both questions stay on screen"
    assert sum("接続できません" in e.value for e in at.error) >= 2
    assert "APIサーバーが起動しているか" in texts(at)


@pytest.fixture
def live_api(ui_env):
    """The real FastAPI app served by uvicorn in a thread on a free loopback port."""
    import threading
    import time

    import uvicorn

    from assistant.api.app import create_app
    from assistant.settings import Settings

    port = _closed_port()
    app = create_app(Settings(), reload_interval=0)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the API did not start"
        time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@pytest.mark.integration
def test_api_mode_answers_and_stores_feedback_in_the_same_store(ui_env, live_api, monkeypatch):
    from assistant.feedback_log import Store

    monkeypatch.setenv("ASSISTANT_API_URL", live_api)
    at = start()
    assert any("API（" in c.value for c in at.sidebar.caption), "the sidebar says which backend answers"
    assert len(at.sidebar.multiselect[0].options) == 5
    at = ask(at, KPI_QUESTION)
    first = answers(at)[-1]
    assert "82.9" in said(first)
    assert any(KPI_DOC_TITLE in e.label for e in first.expander)
    at = ask(at, "その目標値は？")
    assert "63.9" in said(answers(at)[-1])
    at.feedback[0].set_value(0).run()
    assert not at.exception and "評価を記録しました" in texts(at)
    rows = Store(ui_env["ASSISTANT_DB_PATH"]).feedback()
    assert [r["rating"] for r in rows] == ["down"]
    # KPI view through the API
    at.sidebar.radio[0].set_value("kpi").run()
    assert not at.exception and at.dataframe


def test_both_backends_return_the_same_shapes(ui_env):
    from fastapi.testclient import TestClient

    from assistant.api.app import create_app
    from assistant.settings import Settings
    from ui.backend import HttpBackend, InProcessBackend

    settings = Settings()
    local = InProcessBackend.load(settings)
    with TestClient(create_app(settings, local.engine, reload_interval=0)) as client:
        remote = HttpBackend("http://testserver", client=client)
        a_local = local.answer(KPI_QUESTION, [], None, None)
        a_remote = remote.answer(KPI_QUESTION, [], None, None)
        assert set(a_local) <= set(a_remote)
        assert a_local["answer"] == a_remote["answer"]
        assert [c["line_start"] for c in a_local["citations"]] == [c["line_start"] for c in a_remote["citations"]]
        assert set(a_local["citations"][0]) <= set(a_remote["citations"][0])
        assert [d["doc"] for d in local.documents()] == [d["doc"] for d in remote.documents()]
        assert local.kpis() == remote.kpis()
        assert local.programmes() == remote.programmes()
