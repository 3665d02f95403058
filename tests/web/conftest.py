"""A real server and a real browser for the browser tests: uvicorn on a free 127.0.0.1 port
in a thread of this process, over a given knowledge base (its KB_HOME), and one headless
Chromium for the whole session."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from api.app import create_app
from kb.search.knowledge import KnowledgeBase
from kb.settings import Settings
from tests.utils.browser import WIDE
from tests.utils.live import free_port

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
# A browser test's marks: it needs Chromium and runs the real model.
BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.model,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed"),
]


@contextmanager
def serve(
    kb: KnowledgeBase, timeout: float = 10.0, settings: Settings | None = None
) -> Iterator[str]:
    """The app over `kb` (with `settings`, default the store's) served by uvicorn until the
    block ends; yields its base URL.

    A thread rather than a subprocess: the server shares the test's loaded model and its
    embedded Chroma client, which allows one process per store."""
    port = free_port()
    config = uvicorn.Config(
        create_app(settings or kb.settings, kb), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"uvicorn did not start on port {port}")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout)


@pytest.fixture(scope="session")
def live_server(corpus_kb: KnowledgeBase) -> Iterator[str]:
    with serve(corpus_kb) as url:
        # The first question loads Chroma and warms the model; pay for it here, not in the
        # first test's timeouts.
        httpx.get(f"{url}/api/ask", params={"q": "warm up"}, timeout=120).raise_for_status()
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[Any]:
    """A fresh wide page that fails the test on any CSP violation or page error."""
    context = browser.new_context(viewport=WIDE, base_url=live_server)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    tab.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and "Content Security Policy" in m.text
            else None
        ),
    )
    tab.set_default_timeout(15_000)
    yield tab
    context.close()
    assert not problems, problems
