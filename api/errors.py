"""Errors carry their HTTP status and are rendered in one place: JSON for the API and for
clients that ask for it, an HTML page otherwise. The JSON body is always `ErrorOut`, and it
is declared here too, so the OpenAPI schema promises what the handlers below produce."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.schemas.meta import ErrorOut, ValidationIssue
from kb.errors import KbError

Responses = dict[int | str, dict[str, Any]]


def declared(description: str, *, html: bool = False) -> dict[str, Any]:
    """One error response for the OpenAPI schema, with `ErrorOut` as its JSON body; `html`
    when a browser asking for the route gets the error page instead."""
    response: dict[str, Any] = {"model": ErrorOut, "description": description}
    if html:
        response["content"] = {"text/html": {}}
    return response


# On every router: a 422 declared here replaces FastAPI's default (HTTPValidationError, a
# list only), which the routes' own checks (an empty q, a since that is not a date) break.
INVALID: Responses = {422: declared("a parameter that cannot be used")}
UNAUTHORISED: Responses = {401: declared("an API key is required (KB_API_KEY is set)")}


def wants_json(request: Request) -> bool:
    path = request.url.path
    accept = request.headers.get("accept", "")
    return (
        path.startswith("/api/")
        or path.endswith(".json")
        or path in ("/healthz", "/openapi.json")
        or ("application/json" in accept and "text/html" not in accept)
    )


def _render(request: Request, status: int, detail: Any, headers: dict[str, str] | None) -> Response:
    if wants_json(request):
        return JSONResponse({"detail": detail}, status_code=status, headers=headers)
    templates = getattr(request.app.state, "templates", None)
    message = detail if isinstance(detail, str) else "The request was not valid."
    if templates is None:
        return HTMLResponse(f"<h1>{status}</h1>", status_code=status, headers=headers)
    return templates.TemplateResponse(
        request,
        "error.html",
        {"status": status, "message": message, "detail": detail},
        status_code=status,
        headers=headers,
    )


def install(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _render(request, exc.status_code, exc.detail, getattr(exc, "headers", None))

    @app.exception_handler(KbError)
    async def kb_error(request: Request, exc: KbError) -> Response:
        """kb's own errors (a filter, comparison, correction or basket item that cannot be
        used, a document that is not there) with the status each carries."""
        return _render(request, exc.status, str(exc), None)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        detail = [
            ValidationIssue(
                loc=list(e.get("loc", ())), msg=e.get("msg", ""), type=e.get("type", "")
            ).model_dump()
            for e in exc.errors()
        ]
        return _render(request, 422, detail, None)
