"""The search permalink page, with facets, and its JSON twin (`.json`, or
`Accept: application/json`).

Templates receive plain values, never markup: highlighted text arrives as (text, marked)
pieces and the template wraps the marked ones in <mark>, so autoescaping covers every
character of document and user text.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from api.deps import KB, AppSettings, SearchFilters, get_question
from api.errors import INVALID, wants_json
from api.routes.search import Previous
from api.templating import render
from api.views.search import SearchPage, search_context
from kb.search.followup import resolve_followup

router = APIRouter(tags=["pages"], responses=INVALID)

K = Annotated[int, Query(ge=1, le=20, description="how many passages to cite")]
MaybeQ = Annotated[str | None, Query(description="the question; empty lists documents")]


def run_search(
    kb: KB,
    settings: AppSettings,
    filters: SearchFilters,
    prev: Previous,
    q: MaybeQ = None,
    k: K = 8,
) -> SearchPage:
    """What a search URL asks for: an answer, or without a question the documents (a
    dependency of the search page and of its JSON)."""
    facets = kb.facets(filters)
    if q is None or not q.strip():
        return SearchPage(None, None, kb.documents(filters), facets, filters, kb.roots())
    asked = get_question(settings, q)
    answer = kb.ask(resolve_followup(asked, prev), filters, k)
    return SearchPage(asked, answer, [], facets, filters, kb.roots())


Searched = Annotated[SearchPage, Depends(run_search)]


@router.get("/search.json", summary="The search page as JSON")
def search_json(page: Searched) -> dict[str, Any]:
    return page.to_json()


@router.get("/search", include_in_schema=False)
def search_page(request: Request, settings: AppSettings, page: Searched) -> Response:
    if wants_json(request):
        return JSONResponse(page.to_json())
    title = page.asked or "Search and browse"
    context = {"title": title, "nav": "search", **search_context(page, request, settings)}
    return render(request, "search.html", context)
