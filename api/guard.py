"""No cross-site writes: the Host allow-list, the session cookie and its CSRF token, and
`same_origin_write`, the one dependency every state-changing route takes.

A browser sends another site's cookies (including the API-key cookie) with a cross-site form
post, so neither the cookie nor the key proves a write was meant. A write is accepted only
when the browser says it comes from this origin (`Origin`, or `Sec-Fetch-Site: same-origin`)
and it carries the token bound to the caller's session cookie, which another origin cannot
read. The Host header is checked first, so "this origin" is always a name we answer to.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from jinja2 import pass_context

from api.errors import declared
from api.schemas.meta import CsrfOut
from kb.settings import Settings

# What every guarded route declares it may answer (OpenAPI): the guard's refusal.
GUARDED: dict[int | str, dict[str, Any]] = {
    403: declared("not from this origin, or without the session's CSRF token")
}

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
SESSION_COOKIE = "kb_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
FORM_TYPES = ("application/x-www-form-urlencoded",)

router = APIRouter(tags=["meta"])


def allowed_hosts(settings: Settings) -> frozenset[str]:
    """Loopback names plus KB_ALLOWED_HOSTS (which `kb serve --host` extends) and the host of
    KB_PUBLIC_URL, the address colleagues are given."""
    extra = (settings.allowed_hosts or "").split(",")
    public = urlsplit(settings.public_url).hostname if settings.public_url else None
    names = {h.strip().lower().strip("[]") for h in extra if h.strip()}
    return LOOPBACK | names | ({public} if public else set())


def host_name(value: str) -> str | None:
    """The name in a Host header or origin netloc ("[::1]:8000" -> "::1"), or None."""
    try:
        return urlsplit(f"//{value}").hostname
    except ValueError:
        return None


class SessionKeys:
    """Signs session ids: token = HMAC(secret, session). The secret lives in KB_HOME so
    every worker process and a restarted server accept the same tokens."""

    def __init__(self, home: Path) -> None:
        self._home = home
        self._secret: bytes | None = None

    def secret(self) -> bytes:
        if self._secret is None:
            path = self._home / "session.key"
            if not path.exists():
                self._home.mkdir(parents=True, exist_ok=True)
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as handle:
                    handle.write(secrets.token_bytes(32))
            self._secret = path.read_bytes()
        return self._secret

    def token(self, session: str) -> str:
        return hmac.new(self.secret(), session.encode(), hashlib.sha256).hexdigest()

    def valid(self, session: str, token: str) -> bool:
        return bool(session and token) and hmac.compare_digest(self.token(session), token)


def csrf_token(request: Request) -> str:
    """The caller's CSRF token for forms and the page script; starts a session (the
    middleware sets its cookie on the response) when the request has none."""
    session = request.cookies.get(SESSION_COOKIE) or getattr(request.state, "new_session", "")
    if not session:
        session = request.state.new_session = secrets.token_urlsafe(32)
    keys: SessionKeys = request.app.state.session_keys
    return keys.token(session)


@pass_context
def _template_token(context: dict[str, object]) -> str:
    request = context["request"]
    assert isinstance(request, Request)
    return csrf_token(request)


def origin_refusal(request: Request) -> str | None:
    """Why this request is not from this origin, or None when it is."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site != "same-origin":
        return f"cross-site request refused (Sec-Fetch-Site: {fetch_site})"
    origin = request.headers.get("origin")
    if origin is not None:
        own = f"{request.url.scheme}://{request.headers.get('host', '')}".lower()
        if origin.lower().rstrip("/") != own:
            return f"cross-site request refused: Origin {origin} is not {own}"
    if origin is None and fetch_site is None:
        return "a write needs an Origin header naming this server (browsers send it)"
    return None


async def same_origin_write(request: Request) -> None:
    """THE guard for every state-changing route (upload, delete, edits): add it with
    `dependencies=[SameOriginWrite]` or a `_: SameOriginWrite` parameter.

    Refuses with 403 unless the request comes from this origin (`Origin` equal to this
    server, or `Sec-Fetch-Site: same-origin`) and carries the session's CSRF token, in the
    `X-CSRF-Token` header or, for a url-encoded form, a `csrf_token` field (templates write it
    with `{{ csrf_token() }}`). A multipart body must use the header, so it is never read here.
    Holds with or without KB_API_KEY. Non-browser clients: `GET /api/csrf`, then send its
    cookie, the token and `Origin: <this server>`."""
    reason = origin_refusal(request)
    if reason:
        raise HTTPException(403, reason)
    token = request.headers.get(CSRF_HEADER.lower(), "")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if not token and content_type in FORM_TYPES:
        field = (await request.form()).get(CSRF_FIELD)
        token = field if isinstance(field, str) else ""
    keys: SessionKeys = request.app.state.session_keys
    if not keys.valid(request.cookies.get(SESSION_COOKIE, ""), token):
        raise HTTPException(
            403,
            f"a write needs this session's CSRF token ({CSRF_HEADER} header or {CSRF_FIELD} "
            "form field; GET /api/csrf gives one) and its session cookie",
        )


SameOriginWrite = Annotated[None, Depends(same_origin_write)]


@router.get("/api/csrf", response_model=CsrfOut)
def get_csrf(request: Request) -> dict[str, str]:
    """A CSRF token for scripts and other non-browser clients, with its session cookie."""
    return {"csrf_token": csrf_token(request), "header": CSRF_HEADER, "field": CSRF_FIELD}


def install(app: FastAPI, settings: Settings) -> None:
    """Host allow-list before anything else; the session cookie on responses that began one."""
    hosts = allowed_hosts(settings)
    app.state.session_keys = SessionKeys(settings.home)
    templates = getattr(app.state, "templates", None)
    if templates is not None:
        templates.env.globals["csrf_token"] = _template_token
    app.include_router(router)

    @app.middleware("http")
    async def check_host(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        name = host_name(request.headers.get("host", ""))
        if name not in hosts:
            return JSONResponse(
                {
                    "detail": f"Host {request.headers.get('host', '')!r} is not served here; "
                    "add it to KB_ALLOWED_HOSTS"
                },
                status_code=400,
            )
        response = await call_next(request)
        session = getattr(request.state, "new_session", "")
        if session:
            response.set_cookie(
                SESSION_COOKIE,
                session,
                httponly=True,
                samesite="strict",
                secure=request.url.scheme == "https",
            )
        return response
