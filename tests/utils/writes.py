"""How a test client makes a write the way a same-origin page does (api/guard.py): the
session cookie and CSRF token from /api/csrf, and an Origin naming the server."""

from __future__ import annotations

import httpx

from kb.settings import Settings


def for_test_client(settings: Settings) -> Settings:
    """Settings under which the app answers Starlette's and schemathesis' in-process clients,
    which send `Host: testserver` (api/guard.py answers loopback names by default)."""
    return settings.model_copy(update={"allowed_hosts": "testserver"})


def write_headers(client: httpx.Client, **headers: str) -> dict[str, str]:
    """Headers for a write from `client`, which keeps the session cookie it is given."""
    response = client.get("/api/csrf", headers=headers)
    assert response.status_code == 200, response.text
    token = response.json()["csrf_token"]
    origin = str(client.base_url).rstrip("/")
    return {**headers, "X-CSRF-Token": token, "Origin": origin}
