"""The chat-style question page: examples, the upload form, and a conversation kept in its
URL shown again."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from api.deps import AppSettings
from api.errors import INVALID
from api.templating import render
from api.urls import SITE, shared
from ingest.extract import SUPPORTED_SUFFIXES
from kb.search.followup import resolve_followup

router = APIRouter(tags=["pages"], responses=INVALID)

EXAMPLES = (
    "What did Ofsted say about contingency planning?",
    "How stable is the social work workforce?",
    "What did inspectors say about personal advisers in Middlesbrough?",
    "How well are care leavers helped into education, employment or training?",
)

MAX_TURNS = 20  # questions of a conversation kept in its URL (app.js keeps the same)


def thread_turns(thread: list[str], max_chars: int) -> list[dict[str, str]]:
    """A conversation's questions, each with the permalink of its answer: the page's
    fallback when its script cannot restore the answers themselves."""
    turns: list[dict[str, str]] = []
    previous: str | None = None
    for raw in thread[-MAX_TURNS:]:
        asked = " ".join(raw.split())[:max_chars]
        if not asked:
            continue
        query = {"q": asked, **({"prev": previous} if previous else {})}
        turns.append({"asked": asked, "url": SITE.search(query)})
        previous = resolve_followup(asked, previous)
    return turns


@router.get("/", include_in_schema=False)
def index(
    request: Request,
    settings: AppSettings,
    thread: Annotated[list[str] | None, Query(description="a conversation's questions")] = None,
) -> Response:
    """The question page. A question in the URL goes to its permalink; a conversation in the
    URL (`thread=` per question) is shown again."""
    if request.query_params.get("q"):
        return RedirectResponse(f"/search?{request.url.query}", status_code=303)
    base = shared(request)
    context = {
        "title": "Ask",
        "nav": "ask",
        "examples": [(e, SITE.search({"q": e})) for e in EXAMPLES],
        "max_upload_mb": settings.max_upload_mb,
        "max_query_chars": settings.max_query_chars,
        "accept": ",".join(sorted(SUPPORTED_SUFFIXES)),
        "accept_names": "PDF, Word, HTML or text",
        "thread": thread_turns(thread or [], settings.max_query_chars),
        "share_base": base.base,
        "share_local": base.local,
    }
    return render(request, "index.html", context)
