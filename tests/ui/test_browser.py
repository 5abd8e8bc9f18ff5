"""The chat UI in a real browser: Debian's chromium driven by Playwright against ``streamlit run``.

Playwright's own browser downloads are never used (``playwright install`` is not possible here):
the test launches ``/usr/bin/chromium``. When it is missing, the fixture installs it with apt-get
(only as root on CI, ``CI`` set); otherwise the test is skipped with the reason. The screenshot of
the answer with its opened citation is saved as ``artifacts/ui-answer.png`` (git-ignored).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "artifacts"
SCREENSHOT = ARTIFACTS / "ui-answer.png"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _apt_install(packages: list[str]) -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, timeout=600, capture_output=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", *packages], check=True, env=env, timeout=900, capture_output=True
    )


def _has_cjk_font() -> bool:
    if not shutil.which("fc-list"):
        return True  # cannot tell; do not install anything
    out = subprocess.run(["fc-list", ":lang=ja"], capture_output=True, text=True, check=False).stdout
    return bool(out.strip())


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's chromium, installed with apt-get when missing (root on CI only), else skip.

    A Japanese font (fonts-noto-cjk) is installed alongside on CI, so the screenshot is readable.
    """
    pytest.importorskip("playwright.sync_api", reason="playwright (python) is not installed: pip install -e '.[dev]'")
    missing = []
    if not CHROMIUM.exists():
        missing.append("chromium")
    if not _has_cjk_font():
        missing.append("fonts-noto-cjk")
    if missing:
        if _is_root() and os.environ.get("CI"):
            try:
                _apt_install(missing)
            except (subprocess.SubprocessError, OSError) as exc:
                if not CHROMIUM.exists():
                    pytest.skip(f"could not install {' '.join(missing)} with apt-get: {exc}")
        elif not CHROMIUM.exists():
            pytest.skip(
                f"{CHROMIUM} is missing; install Debian's chromium (`apt-get install -y chromium`, or `make browser-deps` "
                "as root). The test installs it itself only when running as root with CI set."
            )
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is still missing after apt-get install chromium")
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _streamlit(ui_index: Path, tmp_path: Path, **extra_env: str) -> Iterator[str]:
    """``streamlit run ui/app.py`` on a free loopback port, against the session's test index; yields its URL."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(
        ASSISTANT_INDEX_DIR=str(ui_index),
        ASSISTANT_DB_PATH=str(tmp_path / "ui.sqlite3"),
        HF_HUB_OFFLINE="1",
        STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
        **extra_env,
    )
    log_path = tmp_path / "streamlit.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", "ui/app.py",
                "--server.port", str(port),
                "--server.headless", "true",
                "--server.address", "127.0.0.1",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with {proc.returncode}:\n{log_path.read_text(errors='replace')[-3000:]}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start within 90 s:\n{log_path.read_text(errors='replace')[-3000:]}")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
    assert "Traceback" not in log_path.read_text(errors="replace"), log_path.read_text(errors="replace")[-3000:]


@pytest.fixture
def streamlit_url(ui_index, tmp_path):
    with _streamlit(ui_index, tmp_path) as url:
        yield url


@contextlib.contextmanager
def _chat_page(chromium: Path, url: str) -> Iterator[tuple[Any, Any]]:
    """Chromium on the app's chat, its first run done: (page, chat input); the browser closed after."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=60_000)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1200}, locale="ja-JP")
            page.set_default_timeout(90_000)
            page.goto(url, wait_until="domcontentloaded")
            chat = page.locator('[data-testid="stChatInput"] textarea')
            expect(chat).to_be_visible(timeout=120_000)  # the first run loads the index
            expect(page.get_by_text("質問の例")).to_be_visible()
            page.wait_for_timeout(500)  # let the first run settle before typing
            yield page, chat
        finally:
            browser.close()


def test_ask_in_the_browser_and_open_the_citation(chromium, streamlit_url):
    from playwright.sync_api import expect

    with _chat_page(chromium, streamlit_url) as (page, chat):
        chat.fill("「新規高卒者管内企業就職率」の進捗率はいくつ？")
        chat.press("Enter")

        answer = (
            page.locator('[data-testid="stChatMessage"]').filter(has=page.locator('[data-testid="stExpander"]')).last
        )
        expect(answer).to_be_visible(timeout=120_000)
        expect(answer).to_contain_text("82.9")
        citation = answer.locator('[data-testid="stExpander"]').first
        expect(citation).to_contain_text("[1]")
        expect(citation).to_contain_text("道央広域連携地域政策展開方針")
        expect(citation).to_contain_text("行目")

        citation.locator("summary").click()
        highlighted = citation.locator('[data-testid="stMarkdownContainer"] strong').first
        expect(highlighted).to_be_visible()
        expect(citation).to_contain_text("82.9")
        expect(page.get_by_text("Traceback")).to_have_count(0)

        page.wait_for_timeout(500)  # the expander's opening animation
        # Show the question, the answer and the top of the opened citation in the screenshot.
        page.locator('[data-testid="stChatMessage"]').nth(-2).evaluate("el => el.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(300)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000


def test_a_thumbs_down_in_the_chat_shows_on_the_admin_ratings(chromium, ui_index, tmp_path):
    """An official rates an answer down in the chat; the admin page's ratings list it with its reason."""
    from playwright.sync_api import expect

    with (
        _streamlit(ui_index, tmp_path, ASSISTANT_API_KEYS="admin-key") as url,
        _chat_page(chromium, url) as (page, chat),
    ):
        question = "宇宙開発の予算は？"
        chat.fill(question)
        chat.press("Enter")
        expect(page.get_by_text("この回答は役に立ちましたか？")).to_be_visible(timeout=120_000)
        page.locator('[data-testid="stFeedback"] button').last.click()  # the thumbs down
        expect(page.get_by_text("評価を記録しました")).to_be_visible()

        page.get_by_text("管理（資料の追加・評価の集計）").click()
        page.get_by_label("API キー").fill("admin-key")
        page.get_by_label("API キー").press("Enter")
        page.get_by_role("tab", name="評価の集計").click()
        ratings = page.get_by_role("tabpanel", name="評価の集計")
        expect(ratings.get_by_text("最近の 👎")).to_be_visible()
        expect(ratings.get_by_text(question)).to_be_visible()
        expect(ratings.locator('[data-testid="stDataFrame"]')).to_be_visible()
        # The reason beside the question, in its card's caption (「… UTC ・ 控えた：確認できず」): the outcome table
        # above it names every reason too, and its grid's cells may be in the page's text as well.
        expect(ratings.get_by_text(re.compile(r"UTC ・ 控えた："))).to_have_count(1)
        expect(page.get_by_text("Traceback")).to_have_count(0)
