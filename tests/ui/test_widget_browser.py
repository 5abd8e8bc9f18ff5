"""The embeddable widget in a real browser, from another origin, with an API key.

``assistant serve`` runs on one loopback port (keys and CORS set); a plain page on ANOTHER loopback
port embeds the widget with one ``<script>`` tag. Debian's chromium (Playwright) asks, opens a
citation from the keyboard, asks a follow-up, gets an abstention, runs axe-core in the page (no
serious or critical violation) and checks the layout at 360 px. The screenshot is written to
``artifacts/widget.png``; with ``ASSISTANT_UPDATE_DOC_IMAGES=1`` also to ``docs/img/widget.png``.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.ui.test_browser import CHROMIUM_ARGS, _free_port, chromium  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.integration]

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests" / "ui" / "vendor" / "axe-core" / "axe.min.js"
SHOT = ROOT / "artifacts" / "widget.png"
DOC_SHOT = ROOT / "docs" / "img" / "widget.png"
KEY = "portal-test-key"
PAGE = """<!doctype html>
<html lang="ja"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>地域ポータル（テスト）</title>
<script src="{api}/widget/v1/plan-assistant.js" defer></script>
<style>body {{ margin: 0; font-family: sans-serif; }} main {{ padding: 16px; }}</style>
</head><body><main>
<h1>地域ポータル</h1>
<plan-assistant api="{api}" key="{key}"></plan-assistant>
</main></body></html>
"""


@pytest.fixture
def api_url(ui_index, tmp_path):
    """``assistant serve`` with an API key and CORS for the page's origin only."""
    port, page_port = _free_port(), _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(
        ASSISTANT_INDEX_DIR=str(ui_index),
        ASSISTANT_DB_PATH=str(tmp_path / "widget.sqlite3"),
        ASSISTANT_API_KEYS=KEY,
        ASSISTANT_CORS_ORIGINS=f"http://127.0.0.1:{page_port}",
        ASSISTANT_RATE_LIMIT_PER_MINUTE="0",
        HF_HUB_OFFLINE="1",
        PYTHONPATH=str(ROOT),
    )
    log_path = tmp_path / "serve.log"
    cmd = [sys.executable, "-m", "assistant", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            if proc.poll() is not None:
                pytest.fail(f"serve exited with {proc.returncode}:\n{log_path.read_text(errors='replace')[-3000:]}")
            try:
                with urllib.request.urlopen(f"{url}/readyz", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"serve did not get ready in 180 s:\n{log_path.read_text(errors='replace')[-3000:]}")
            time.sleep(0.3)
        yield url, page_port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    assert "Traceback" not in log_path.read_text(errors="replace"), log_path.read_text(errors="replace")[-3000:]


@pytest.fixture
def page_url(api_url):
    """A page on another loopback port that embeds the widget with one script tag."""
    api, port = api_url
    pages = {
        "/": PAGE.format(api=api, key=KEY).encode(),
        "/wrong-key": PAGE.format(api=api, key="not-the-key").encode(),
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            body = pages.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body or b"not found")

        def log_message(self, *args):  # quiet
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}", api
    finally:
        server.shutdown()
        server.server_close()


def _focused(page) -> dict:
    """The element focused inside the widget's shadow root: tag, class, id and its outline style."""
    return page.evaluate(
        """() => { const host = document.activeElement; const el = host && host.shadowRoot && host.shadowRoot.activeElement;
        if (!el) return {tag: host ? host.tagName.toLowerCase() : null};
        const s = getComputedStyle(el);
        return {tag: el.tagName.toLowerCase(), cls: el.className, id: el.id, outline: s.outlineStyle, width: s.outlineWidth}; }"""
    )


def _axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(
             v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}))"""
    )


def test_widget_cross_origin_with_key_keyboard_and_axe(chromium, page_url):  # noqa: F811 - the fixture
    from playwright.sync_api import expect, sync_playwright

    url, api = page_url
    expect.set_options(timeout=90_000)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 1100}, locale="ja-JP")
            bodies: list[dict] = []
            page.on("request", lambda r: bodies.append(json.loads(r.post_data)) if r.method == "POST" else None)
            responses = []
            page.on("response", lambda r: responses.append(r) if r.url.endswith("/v1/answer") else None)
            page.goto(url, wait_until="load")
            widget = page.locator("plan-assistant")
            question = widget.get_by_label("質問")
            expect(question).to_be_visible()
            assert api.rsplit(":", 1)[1] != url.rsplit(":", 1)[1]  # another origin (port)

            # Keyboard only: the first Tab lands in the question box, with a visible focus ring.
            page.keyboard.press("Tab")
            focused = _focused(page)
            assert focused["tag"] == "textarea" and focused["outline"] != "none", focused
            page.keyboard.type("「新規高卒者管内企業就職率」の進捗率はいくつ？")
            page.keyboard.press("Enter")
            first = widget.locator("article.bot").nth(0)
            expect(first).to_contain_text("82.9")
            expect(first.locator("h4")).to_have_text("出典")
            response = responses[-1]
            assert response.status == 200
            assert response.headers.get("access-control-allow-origin") == url
            assert response.headers.get("x-request-id")
            assert response.request.headers.get("x-api-key") == KEY
            expect(question).to_be_focused()  # ready for the next question

            # The citation marker opens the quoted passage and moves the focus to it.
            ref = first.locator("button.ref").first
            ref.focus()
            page.keyboard.press("Enter")
            details = first.locator("details").first
            expect(details).to_have_attribute("open", "")
            assert _focused(page)["tag"] == "summary"
            expect(details.locator("blockquote")).to_be_visible()
            expect(details.locator("blockquote mark")).to_contain_text("82.9")
            expect(details.locator("summary")).to_contain_text("行")
            expect(details.locator("blockquote mark")).to_be_in_viewport()  # scrolled to the quoted words

            # The screenshot for docs/embedding.md: the question, the answer and its opened source.
            page.wait_for_timeout(300)
            SHOT.parent.mkdir(exist_ok=True)
            widget.screenshot(path=str(SHOT))
            if os.environ.get("ASSISTANT_UPDATE_DOC_IMAGES") == "1":
                DOC_SHOT.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(SHOT, DOC_SHOT)

            # A follow-up sends the conversation so far.
            question.fill("その目標値は？")
            question.press("Enter")
            second = widget.locator("article.bot").nth(1)
            expect(second).to_contain_text("63.9")
            assert [t["role"] for t in bodies[-1].get("history", [])] == ["user", "assistant"]

            # Nothing in the documents: the widget says so and shows the closest passages.
            question.fill("深海探査船の建造費はいくらですか？")
            question.press("Enter")
            third = widget.locator("article.bot").nth(2)
            expect(third.locator(".badge")).to_have_text("資料に記載なし")
            expect(third).to_have_attribute("data-abstained", "true")
            expect(third).to_have_attribute("data-abstained-by", "evidence")  # nothing about it: no extra note
            expect(third.locator(".note")).to_have_count(1)
            expect(third.locator("h4")).to_have_text("関連する箇所")
            expect(widget.locator("[role=log]")).to_have_attribute("aria-live", "polite")
            expect(widget.locator("[role=status]")).to_have_text("回答を表示しました。")

            violations = _axe(page)
            bad = [v for v in violations if v["impact"] in ("serious", "critical")]
            assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)

            # A phone's width: nothing sticks out sideways, the controls stay usable.
            page.set_viewport_size({"width": 360, "height": 740})
            page.wait_for_timeout(200)
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            box = widget.bounding_box()
            assert box is not None and box["width"] <= 360
            send = widget.get_by_role("button", name="送信")
            expect(send).to_be_visible()
            assert send.bounding_box()["height"] >= 44  # a finger-sized target
            bad = [v for v in _axe(page) if v["impact"] in ("serious", "critical")]
            assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)

            # Another origin's page with a wrong key gets the widget's message, not an answer.
            page.goto(f"{url}/wrong-key", wait_until="load")
            q2 = page.locator("plan-assistant").get_by_label("質問")
            q2.fill("補助率は？")
            q2.press("Enter")
            expect(page.locator("plan-assistant").get_by_role("alert")).to_contain_text("API キー")
        finally:
            browser.close()
    assert SHOT.stat().st_size > 10_000
