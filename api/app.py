"""The FastAPI application: JSON API, HTML pages and the original files."""

from __future__ import annotations

import hmac
import logging
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from api import docs_pages, errors, guard
from api.routes import (
    ask_page,
    basket,
    compare,
    compare_pages,
    corrections,
    document_page,
    documents,
    following,
    search,
    search_page,
)
from api.schemas.meta import HealthOut
from api.templating import build_templates
from kb.search.knowledge import KnowledgeBase
from kb.settings import Settings, get_settings

WEB = Path(__file__).resolve().parent.parent / "web"

# Scripts and styles only from this origin; document text can never run as script.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; "
    "form-action 'self'"
)


def create_app(settings: Settings | None = None, kb: KnowledgeBase | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        lifespan=_warm_up,
        title="Council children's services knowledge base",
        description="Search council minutes and Ofsted letters and reports by meaning, "
        "with cited answers and council comparisons.",
        version="0.1.0",
        responses=errors.UNAUTHORISED if settings.api_key else None,
        docs_url=None,  # served from the app's own assets (api/docs_pages.py)
        redoc_url=None,
    )
    docs_pages.install(app)
    app.state.settings = settings
    app.state.kb = kb or KnowledgeBase(settings)
    if (WEB / "templates").is_dir():
        app.state.templates = build_templates(WEB / "templates")
    if (WEB / "static").is_dir():
        app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")
    errors.install(app)
    redact_access_log()
    _install_headers(app, settings)
    guard.install(app, settings)  # outermost: the Host check runs before the key check

    @app.get("/healthz", response_model=HealthOut, tags=["meta"])
    def healthz() -> dict[str, object]:
        return {"status": "ok", **app.state.kb.stats()}

    app.include_router(search.router)
    app.include_router(documents.router)
    app.include_router(corrections.router)
    app.include_router(following.router)
    app.include_router(search_page.router)
    app.include_router(ask_page.router)
    app.include_router(document_page.router)
    app.include_router(compare.router)
    app.include_router(compare_pages.router)
    app.include_router(basket.router)
    return app


@asynccontextmanager
async def _warm_up(app: FastAPI) -> AsyncIterator[None]:
    """Load the model and open the indexes before the server says it is ready (uvicorn
    binds its port only after this), so the first question is as fast as the rest."""
    started = time.perf_counter()
    await run_in_threadpool(app.state.kb.warm_up)
    logging.getLogger("uvicorn.error").info(
        "Model and indexes loaded in %.1f s", time.perf_counter() - started
    )
    yield


def _install_headers(app: FastAPI, settings: Settings) -> None:
    @app.middleware("http")
    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if settings.api_key and not _authorised(request, settings.api_key):
            return JSONResponse(
                {"detail": "an API key is required"},
                status_code=401,
                headers={"WWW-Authenticate": "X-API-Key"},
            )
        if settings.api_key and "api_key" in request.query_params:
            # A link with ?api_key= becomes the cookie, and the browser is sent to the same
            # URL without it, so the key is never in a page, the history or a Referer; the
            # page's own requests (styles, scripts, fetches, /docs) then carry the cookie.
            response = _without_key(request)
            response.set_cookie(
                "kb_api_key",
                settings.api_key,
                httponly=True,
                samesite="strict",
                secure=request.url.scheme == "https",
            )
            return response
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)  # /docs sets its own
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


def _without_key(request: Request) -> Response:
    """A redirect to this URL without `api_key` (a write keeps its method and body)."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "api_key"]
    location = request.url.path + (f"?{urlencode(kept)}" if kept else "")
    status = 303 if request.method in ("GET", "HEAD") else 307
    return RedirectResponse(location, status_code=status)


class RedactKeys(logging.Filter):
    """Access-log lines never show an `api_key` query value."""

    pattern = re.compile(r"(api_key=)[^&\s\"]*", re.IGNORECASE)

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                self.pattern.sub(r"\1[redacted]", a) if isinstance(a, str) else a
                for a in record.args
            )
        if isinstance(record.msg, str):
            record.msg = self.pattern.sub(r"\1[redacted]", record.msg)
        return True


def redact_access_log() -> None:
    log = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactKeys) for f in log.filters):
        log.addFilter(RedactKeys())


def _authorised(request: Request, key: str) -> bool:
    given = request.headers.get("x-api-key") or request.query_params.get("api_key") or ""
    cookie = request.cookies.get("kb_api_key") or ""
    return any(hmac.compare_digest(v.encode(), key.encode()) for v in (given, cookie) if v)
