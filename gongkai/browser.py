"""Playwright set-up for browser journeys: Debian's Chromium, never a downloaded browser.

Locally, when /usr/bin/chromium is missing, browser tests skip with a message saying how to install it.
Under CI (CI=true) a missing Chromium is a failure, not a skip.
"""

import os
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

CHROMIUM = Path(os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium"))
# Without these flags Chromium tries to reach Google's hosts, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium():
    if CHROMIUM.exists():
        return
    message = f"浏览器测试需要 Chromium：未找到 {CHROMIUM}（安装：apt-get install -y chromium）"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def page(django_db_serialized_rollback, transactional_db, live_server):
    """A Chromium page on the live server. The database comes first so it outlives the server, and
    it is restored from its serialized state, because the transactional flush also empties the
    data the migrations seeded (calendar, subject classes) for every later transactional test."""
    require_chromium()
    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run inside
    # one unless told it is safe. The test itself only reads the database between page actions.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.set_default_timeout(10_000)
        yield page
        context.close()
        browser.close()
        # Inside sync_playwright() the ORM runs in a greenlet with its own connection; close it
        # here, or PostgreSQL refuses to drop the test database at the end of the run.
        connections.close_all()
