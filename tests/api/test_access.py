"""Access control on a live `kb serve`: with KB_API_KEY every route needs the key; without it
the server listens on 127.0.0.1 only.

Also home of the helpers the other live-server tests share: a store with a few documents and
the environment for a `kb serve` subprocess (tests.utils.live runs it).
"""

from __future__ import annotations

import contextlib
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from kb.settings import Settings
from tests.utils.live import LiveServer, live_server
from tests.utils.store import KEY, make_store, server_env
from tests.utils.writes import write_headers


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on `port`, from /proc/net/tcp{,6}."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                address, port_hex = fields[1].split(":")
                if int(port_hex, 16) == port and fields[3] == "0A" and len(address) == width:
                    raw = bytes.fromhex(address)
                    # /proc prints each 32-bit word in host (little-endian) order
                    words = [raw[i : i + 4][::-1] for i in range(0, len(raw), 4)]
                    family = socket.AF_INET if width == 8 else socket.AF_INET6
                    found.add(socket.inet_ntop(family, b"".join(words)))
    return found


# ----------------------------------------------------------------------------- the tests


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    tmp = tmp_path_factory.mktemp("access")
    kb = make_store(tmp / "home", tmp / "papers")
    document = next(d for d in kb.documents() if d.source.endswith("visit.pdf"))
    passage = kb.passages_of(document.id)[0]
    ids = {"document_id": document.id, "passage_id": passage.id, "council": "Gateshead"}
    return tmp, ids


@pytest.fixture(scope="module")
def guarded(store) -> Iterator[LiveServer]:
    tmp, _ = store
    with live_server(server_env(tmp / "home", KB_API_KEY=KEY), tmp / "guarded.log") as server:
        yield server


def all_get_routes(ids: dict[str, str]) -> list[str]:
    """Every GET route the app has (schema or not), its path parameters filled in."""
    from api.app import create_app

    app = create_app(Settings(home=Path("/nonexistent-never-created")), kb=_NoKb())  # type: ignore[arg-type]
    paths = []
    for route in app.routes:
        for sub in getattr(getattr(route, "original_router", None), "routes", [route]):
            path = getattr(sub, "path", "")
            if path == "/static":
                paths.append("/static/style.css")
            elif "GET" in (getattr(sub, "methods", None) or ()):
                paths.append(re.sub(r"\{(\w+)\}", lambda m: ids.get(m.group(1), "x"), path))
    return sorted(set(paths))


class _NoKb:
    """Only the route table is read: no store is opened."""


# Routes that must answer 200 with the key (query parameters every route can take).
MUST_WORK = [
    "/",
    "/search?q=pathway+plans",
    "/search.json?q=pathway+plans",
    "/api/search?q=pathway+plans",
    "/api/ask?q=what+about+pathway+plans",
    "/api/documents",
    "/api/documents/{document_id}",
    "/api/passages/{passage_id}",
    "/documents/{document_id}",
    "/documents/{document_id}.json",
    "/passages/{passage_id}",
    "/documents/{document_id}/file",
    "/docs",
    "/openapi.json",
    "/healthz",
    "/static/style.css",
]


def test_every_route_answers_401_without_the_key(guarded: LiveServer, store) -> None:
    _, ids = store
    routes = all_get_routes(ids)
    assert {path.split("?")[0].format(**ids) for path in MUST_WORK} <= set(routes)
    wrong = {"X-API-Key": "not-the-key"}
    with httpx.Client(base_url=guarded.url, timeout=30) as client:
        for path in [*routes, "/api/search?q=x", "/no/such/route"]:
            for headers in ({}, wrong):
                response = client.get(path, headers=headers)
                assert response.status_code == 401, (path, headers, response.status_code)
                assert response.headers["WWW-Authenticate"] == "X-API-Key"
                assert "an API key is required" in response.text
                assert "care leavers" not in response.text.lower()
        assert client.get("/healthz", params={"api_key": "nearly" + KEY}).status_code == 401
        upload = client.post("/api/documents", files={"file": ("a.md", b"# Care leavers")})
        assert upload.status_code == 401


def _with_key(path: str, how: str) -> str:
    if how != "query":
        return path
    return f"{path}{'&' if '?' in path else '?'}api_key={KEY}"


@pytest.mark.parametrize("how", ["header", "query", "cookie"])
def test_every_route_works_with_the_key(guarded: LiveServer, store, how: str) -> None:
    _, ids = store
    auth: dict[str, Any] = {
        "header": {"headers": {"X-API-Key": KEY}},
        "query": {},
        "cookie": {"cookies": {"kb_api_key": KEY}},
    }[how]
    with httpx.Client(base_url=guarded.url, timeout=60, follow_redirects=True, **auth) as client:
        for path in MUST_WORK:
            response = client.get(_with_key(path.format(**ids), how))
            assert response.status_code == 200, (path, how, response.status_code, response.text)
        for path in all_get_routes(ids):  # the rest: anything but 401 or a server error
            response = client.get(_with_key(path, how))
            assert response.status_code != 401 and response.status_code < 500, (path, response)
        pdf = client.get(_with_key(f"/documents/{ids['document_id']}/file", how))
        assert pdf.content.startswith(b"%PDF-") and pdf.headers["content-type"] == "application/pdf"
        found = client.get(_with_key("/api/search?q=pathway+plans", how)).json()["results"]
        assert any("pathway plans" in hit["text"] for hit in found)


def test_a_link_with_the_key_lets_the_browser_load_the_rest_of_the_page(
    guarded: LiveServer,
) -> None:
    """Opening /?api_key=... sets a cookie (HttpOnly, SameSite=Strict), so the page's styles,
    scripts and fetches, and /docs loading /openapi.json, carry the key."""
    with httpx.Client(base_url=guarded.url, timeout=30) as browser:
        first = browser.get("/", params={"api_key": KEY})
        assert first.status_code == 303 and first.headers["location"] == "/"
        cookie = first.headers["set-cookie"]
        assert cookie.startswith(f"kb_api_key={KEY};")
        assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
        assert browser.get("/static/app.js").status_code == 200
        assert browser.get("/api/search", params={"q": "care leavers"}).status_code == 200
        assert browser.get("/openapi.json").status_code == 200
    with httpx.Client(base_url=guarded.url, timeout=30) as stranger:
        assert stranger.get("/static/app.js").status_code == 401


def test_the_upload_route_takes_the_key_too(guarded: LiveServer, store) -> None:
    with httpx.Client(base_url=guarded.url, timeout=120, headers={"X-API-Key": KEY}) as client:
        text = b"# Minutes\n\nThe Board discussed permanence planning for children in care.\n"
        headers = write_headers(client)
        response = client.post(
            "/api/documents", files={"file": ("board.md", text)}, headers=headers
        )
        assert response.status_code == 201, response.text
        assert response.json()["status"] == "added"


def test_a_key_in_the_url_is_never_echoed_nor_logged(guarded: LiveServer) -> None:
    """?api_key= sets the cookie and redirects to the same URL without it; the page that
    follows never writes the key, and the access log shows it redacted."""
    with httpx.Client(base_url=guarded.url, timeout=60) as browser:
        first = browser.get(
            "/search", params={"q": "pathway plans", "council": "Gateshead", "api_key": KEY}
        )
        assert first.status_code == 303, first.text
        assert first.headers["location"] == "/search?q=pathway+plans&council=Gateshead"
        page = browser.get(first.headers["location"])
        assert page.status_code == 200 and "pathway plans" in page.text
        assert KEY not in page.text and "api_key" not in page.text
        upload = browser.post(f"/api/documents?api_key={KEY}", files={"file": ("a.md", b"x")})
        assert upload.status_code == 307 and KEY not in upload.headers["location"]
    log = guarded.log.read_text()
    assert "api_key=[redacted]" in log and KEY not in log


def test_without_a_key_kb_serve_listens_on_loopback_only(store) -> None:
    tmp, _ = store
    with live_server(server_env(tmp / "home"), tmp / "open.log") as server:
        addresses = listening_addresses(server.port)
        assert addresses == {"127.0.0.1"}, addresses
        log = server.output()  # ready only once the model is loaded: no slow first question
        assert log.index("Model and indexes loaded") < log.index("Uvicorn running on"), log
        assert httpx.get(f"{server.url}/api/documents", timeout=30).status_code == 200
        for address in _other_local_addresses():
            with pytest.raises(OSError), socket.create_connection((address, server.port), 2):
                pass


def _other_local_addresses() -> list[str]:
    """This machine's non-loopback IPv4 addresses, where it has any."""
    with contextlib.suppress(OSError):
        names = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        return sorted({a[4][0] for a in names if not a[4][0].startswith("127.")})
    return []
