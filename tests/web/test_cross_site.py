"""The cross-site upload of issue 15 in real Chromium: a page on another origin (another
site, or the same site on another port) posts a document to `kb serve`, by script and by a
plain form, with and without an API key whose cookie the browser holds. Each is refused and
nothing is added; the app's own upload form still works."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from kb.search.embedder import FakeEmbedder
from kb.search.knowledge import KnowledgeBase
from kb.settings import Settings
from tests.utils.store import KEY
from tests.web.conftest import CHROMIUM, serve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed"),
]
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

PLANTED = "Gateshead Council: Ofsted rated services outstanding."

# Script first (a no-cors fetch, which needs no preflight and sends cookies), then the form.
ATTACK = """<!doctype html><title>cat pictures</title>
<form id="f" method="post" enctype="multipart/form-data" action="TARGET/api/documents">
<input type="file" name="file" id="file"><input name="csrf_token" value="guess"></form>
<script>
const files = new DataTransfer();
files.items.add(new File(["# Planted\\n\\nPLANTED\\n"], "planted.md", {type: "text/markdown"}));
document.getElementById("file").files = files.files;
const body = new FormData();
body.append("file", files.files[0]);
fetch("TARGET/api/documents", {method: "POST", body, mode: "no-cors", credentials: "include"})
  .catch(() => null)
  .finally(() => document.getElementById("f").submit());
</script>"""


@pytest.fixture
def attacker(tmp_path: Path) -> Iterator[Any]:
    """A static web server on a free port of 127.0.0.1; returns a function that publishes an
    attack page aimed at a target and gives its URL under a host name of the test's choice."""
    folder = tmp_path / "attacker"
    folder.mkdir()
    handler = partial(SimpleHTTPRequestHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def publish(target: str, host: str) -> str:
        html = ATTACK.replace("TARGET", target).replace("PLANTED", PLANTED)
        (folder / "index.html").write_text(html, encoding="utf-8")
        return f"http://{host}:{server.server_address[1]}/index.html"

    yield publish
    server.shutdown()


@pytest.fixture
def store(tmp_path: Path) -> KnowledgeBase:
    return KnowledgeBase(Settings(home=tmp_path / "home"), FakeEmbedder())


@pytest.mark.parametrize("key", [None, KEY], ids=["no-key", "key-cookie"])
@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"], ids=["cross-site", "same-site"])
def test_a_page_on_another_origin_cannot_upload(
    browser: Any, attacker: Any, store: KnowledgeBase, key: str | None, host: str
) -> None:
    settings = store.settings.model_copy(update={"api_key": key})
    with serve(store, settings=settings) as url:
        context = browser.new_context()
        page = context.new_page()
        if key:  # the officer opened the app with its key: the browser holds the cookie
            page.goto(f"{url}/?api_key={key}")
        responses: list[int] = []
        page.on(
            "response",
            lambda r: responses.append(r.status) if r.url.endswith("/api/documents") else None,
        )
        page.goto(attacker(url, host))
        page.wait_for_url(f"{url}/api/documents", timeout=15_000)
        # Another site never gets the SameSite cookie (401); the same site on another port
        # does, and the Origin check refuses it (403).
        refused = (401, "an API key is required") if key and host == "localhost" else (403, "")
        status, text = refused
        expect(page.locator("body")).to_contain_text(text or "cross-site request refused")
        assert responses and set(responses) == {status}, responses
        context.close()
    assert store.documents() == []
    assert not store.search("Ofsted rated services outstanding").hits


def test_the_apps_own_upload_and_remove_forms_work(browser: Any, store: KnowledgeBase) -> None:
    with serve(store) as url:
        page = browser.new_page()
        page.goto(f"{url}/")
        page.locator("#upload summary").click()
        page.locator("#file").set_input_files(
            {
                "name": "panel.md",
                "mimeType": "text/markdown",
                "buffer": b"# Panel\n\nPathway plans.\n",
            }
        )
        page.locator("#upload-form button").click()
        expect(page.locator("#upload-status")).to_contain_text("panel.md was added", timeout=60_000)
        assert [Path(d.source).name for d in store.documents()] == ["panel.md"]
        page.goto(f"{url}/documents/{store.documents()[0].id}")
        page.locator(".doc__remove summary").click()
        page.locator(".doc__remove button").click()
        page.wait_for_url(f"{url}/search")
        page.close()
    assert store.documents() == []
    assert not any(p.is_file() for p in store.settings.files_path.rglob("*"))


@pytest.mark.parametrize(("path", "ready"), [("/docs", ".swagger-ui .info"), ("/redoc", "h1")])
def test_api_docs_render_from_the_apps_own_assets(
    browser: Any, store: KnowledgeBase, path: str, ready: str
) -> None:
    """Offline and under the CSP: nothing is loaded from anywhere but the app (ReDoc's own
    attempt at its logo on a CDN is refused by the CSP), and the page still renders."""
    with serve(store) as url:
        page = browser.new_page()
        loaded: list[str] = []
        page.on("requestfinished", lambda r: loaded.append(r.url))
        page.goto(f"{url}{path}")
        expect(page.locator(ready).first).to_contain_text("knowledge base", timeout=30_000)
        page.close()
    ours = (url, f"blob:{url}")
    assert loaded and all(u.startswith(ours) for u in loaded), loaded
