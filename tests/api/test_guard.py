"""No cross-site writes (api/guard.py): a write needs this origin and the session's CSRF
token, with or without an API key; the Host header must be a name the server answers to."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

import pytest
from fastapi import FastAPI, Form
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from api.app import create_app
from api.guard import SameOriginWrite, same_origin_write
from kb.search.knowledge import KnowledgeBase
from kb.settings import Settings
from tests.utils.store import KEY
from tests.utils.writes import for_test_client, write_headers

NOTE = ("note.md", b"# Minutes\n\nThe Panel discussed pathway plans for care leavers.\n")


@pytest.fixture
def app(fake_kb: KnowledgeBase) -> FastAPI:
    return create_app(for_test_client(fake_kb.settings), fake_kb)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def upload(client: TestClient, headers: dict[str, str]) -> int:
    return client.post("/api/documents", files={"file": NOTE}, headers=headers).status_code


def test_a_same_origin_write_with_the_token_is_accepted(
    client: TestClient, fake_kb: KnowledgeBase
) -> None:
    assert upload(client, write_headers(client)) == 201
    assert len(fake_kb.documents()) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"Origin": None},  # a script that names no origin
        {"Origin": "http://evil.example"},
        {"Origin": "http://testserver:8001"},  # same site, another port
        {"Origin": "https://testserver"},  # another scheme is another origin
        {"Origin": "null"},  # a sandboxed frame or a file:// page
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},  # a sibling subdomain
        {"X-CSRF-Token": None},
        {"X-CSRF-Token": "0" * 64},
    ],
)
def test_a_write_from_elsewhere_or_without_the_token_is_refused(
    client: TestClient, fake_kb: KnowledgeBase, change: dict[str, str | None]
) -> None:
    headers = write_headers(client)
    for name, value in change.items():
        headers.pop(name, None)
        if value is not None:
            headers[name] = value
    response = client.post("/api/documents", files={"file": NOTE}, headers=headers)
    assert response.status_code == 403, response.text
    assert "cross-site" in response.text or "Origin" in response.text or "CSRF" in response.text
    assert fake_kb.documents() == []


def test_sec_fetch_site_same_origin_stands_in_for_origin(client: TestClient) -> None:
    headers = write_headers(client)
    del headers["Origin"]
    assert upload(client, {**headers, "Sec-Fetch-Site": "same-origin"}) == 201


def test_a_token_belongs_to_its_session(app: FastAPI) -> None:
    with TestClient(app) as mine, TestClient(app) as theirs:
        stolen = write_headers(theirs)
        assert upload(mine, {**write_headers(mine), "X-CSRF-Token": stolen["X-CSRF-Token"]}) == 403


def test_the_api_key_does_not_replace_the_token(fake_kb: KnowledgeBase) -> None:
    settings = for_test_client(fake_kb.settings).model_copy(update={"api_key": KEY})
    with TestClient(create_app(settings, fake_kb), headers={"X-API-Key": KEY}) as client:
        assert upload(client, {"Origin": "http://testserver"}) == 403
        assert (
            upload(client, {"Origin": "http://evil.example", "Cookie": f"kb_api_key={KEY}"}) == 403
        )
        assert upload(client, write_headers(client)) == 201


def test_pages_carry_the_token_and_start_the_session(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    cookie = page.headers["set-cookie"]
    assert cookie.startswith("kb_session=") and "HttpOnly" in cookie
    assert "samesite=strict" in cookie.lower()
    token = client.get("/api/csrf").json()["csrf_token"]
    assert f'name="csrf_token" value="{token}"' in page.text
    assert f'<meta name="csrf-token" content="{token}">' in page.text


def test_a_url_encoded_form_may_carry_the_token_as_a_field(fake_kb: KnowledgeBase) -> None:
    """What a metadata-correction or delete form does: `csrf_token` in the form body."""
    app = create_app(for_test_client(fake_kb.settings), fake_kb)

    @app.post("/api/test-edit")
    def edit(_: SameOriginWrite, title: Annotated[str, Form()]) -> dict[str, str]:
        return {"title": title}

    with TestClient(app) as client:
        headers = write_headers(client)
        token = headers.pop("X-CSRF-Token")
        ok = client.post(
            "/api/test-edit", data={"title": "t", "csrf_token": token}, headers=headers
        )
        assert ok.status_code == 200 and ok.json() == {"title": "t"}
        bad = client.post("/api/test-edit", data={"title": "t", "csrf_token": "x"}, headers=headers)
        assert bad.status_code == 403


def test_every_write_route_takes_the_guard(app: FastAPI) -> None:
    """Whoever adds a POST/PUT/PATCH/DELETE route must give it `SameOriginWrite`."""
    routes = [
        sub
        for route in app.routes
        for sub in getattr(getattr(route, "original_router", None), "routes", [route])
    ]
    writes = [r for r in routes if isinstance(r, APIRoute) and r.methods - {"GET", "HEAD"}]
    assert writes, "no write routes found"
    for route in writes:
        calls = {d.call for d in route.dependant.dependencies}
        assert same_origin_write in calls, f"{route.path} {route.methods} lacks SameOriginWrite"


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("127.0.0.1:8000", 200),
        ("localhost", 200),
        ("[::1]:8000", 200),
        ("kb.council.example", 200),
        ("evil.example", 400),
        ("127.0.0.1.evil.example", 400),
        ("", 400),
    ],
)
def test_the_host_header_is_checked_against_the_allow_list(
    fake_kb: KnowledgeBase, host: str, status: int
) -> None:
    settings = Settings(home=fake_kb.settings.home, allowed_hosts="kb.council.example")
    with TestClient(create_app(settings, fake_kb)) as client:
        response = client.get("/healthz", headers={"Host": host})
        assert response.status_code == status, response.text
        if status == 400:
            assert "KB_ALLOWED_HOSTS" in response.json()["detail"]


def test_kb_serve_answers_to_the_host_it_binds_to() -> None:
    from api.cli.serving import with_bound_host

    settings = Settings(allowed_hosts="kb.example")
    assert with_bound_host(settings, "10.1.2.3").allowed_hosts == "kb.example,10.1.2.3"
    assert with_bound_host(settings, "0.0.0.0").allowed_hosts == "kb.example"
