"""Keeping up: saved searches, the passages new to each since the officer last looked, and an
Atom feed of each that a feed reader or Outlook can follow. Saving, marking as seen and
deleting are writes, with the same protections as upload."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, RedirectResponse, Response
from feedgen.feed import FeedGenerator
from pydantic import BaseModel, Field

from api.deps import KB, SearchFilters
from api.errors import INVALID, declared, wants_json
from api.guard import GUARDED, SameOriginWrite
from api.present import hit_dict
from api.templating import render
from api.urls import SITE, Urls
from api.views.cards import citation_view
from api.views.facets import PARAM_OF, filter_terms
from kb.search.filters import Filters
from kb.search.saved import SavedSearch

router = APIRouter(tags=["saved searches"], responses=INVALID)
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: declared("no such saved search")}
BODY: dict[int | str, dict[str, Any]] = {400: declared("the body is not valid JSON")}
FEED_ENTRIES = 50
SavedId = Annotated[int, PathParam(ge=1, le=2**63 - 1, description="a saved search's number")]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML


class SaveIn(BaseModel):
    name: str = Field(description="what the officer calls it")
    q: str = Field("", description="the question; empty follows the filters alone")


def filter_items(filters: Filters) -> list[tuple[str, str]]:
    """Filters as the query string of a search URL."""
    items: list[tuple[str, str]] = []
    for key, value in filters.as_dict().items():
        values = value if isinstance(value, list) else [value]
        items += [(PARAM_OF.get(key, key), str(v)) for v in values]
    return items


def saved_view(saved: SavedSearch, new: int | None = None) -> dict[str, Any]:
    items = ([("q", saved.query)] if saved.query else []) + filter_items(saved.filters)
    return {
        "id": saved.id,
        "name": saved.name,
        "q": saved.query,
        "filters": saved.filters.as_dict(),
        "filter_terms": filter_terms(saved.filters),
        "created_at": saved.created_at,
        "seen_at": saved.seen_at,
        "new": new,
        "url": SITE.saved(saved.id),
        "search_url": SITE.with_items("/search", items),
        "feed_url": SITE.saved_feed(saved.id),
    }


# --- JSON ----------------------------------------------------------------------------------


@router.get("/api/saved", summary="Saved searches, each with how many passages are new")
def list_saved(kb: KB) -> dict[str, Any]:
    return {"saved": [saved_view(s, kb.saved.new_count(s)) for s in kb.saved.all()]}


@router.post(
    "/api/saved",
    status_code=201,
    responses={**GUARDED, **BODY},
    summary="Save a search (its filters as in /api/search)",
)
def save_search(
    kb: KB, _: SameOriginWrite, filters: SearchFilters, body: Annotated[SaveIn, Body()]
) -> dict[str, Any]:
    return saved_view(kb.saved.save(body.name, body.q, filters), 0)


@router.get("/api/saved/{saved_id}", responses=NOT_FOUND, summary="A saved search and its news")
def get_saved(kb: KB, saved_id: SavedId) -> dict[str, Any]:
    saved = kb.saved.require(saved_id)
    hits = kb.saved.new_passages(saved)
    return {**saved_view(saved, len(hits)), "passages": [hit_dict(h) for h in hits]}


@router.post(
    "/api/saved/{saved_id}/seen",
    responses={**NOT_FOUND, **GUARDED},
    summary="Mark its news as seen",
)
def mark_seen(kb: KB, _: SameOriginWrite, saved_id: SavedId) -> dict[str, Any]:
    kb.saved.mark_seen(kb.saved.require(saved_id).id)
    return saved_view(kb.saved.require(saved_id), 0)


@router.delete("/api/saved/{saved_id}", status_code=204, responses={**NOT_FOUND, **GUARDED})
def delete_saved(kb: KB, _: SameOriginWrite, saved_id: SavedId) -> Response:
    kb.saved.delete(kb.saved.require(saved_id).id)
    return Response(status_code=204)


# --- pages ---------------------------------------------------------------------------------


@router.get("/saved", include_in_schema=False)
def saved_page(request: Request, kb: KB) -> Response:
    if wants_json(request):
        return JSONResponse(list_saved(kb))
    views = [saved_view(s, kb.saved.new_count(s)) for s in kb.saved.all()]
    return render(request, "saved.html", {"title": "Saved searches", "nav": "saved", "all": views})


@router.post("/saved", include_in_schema=False)
async def save_from_form(
    request: Request, kb: KB, _: SameOriginWrite, filters: SearchFilters
) -> Response:
    """The search page's "Save this search" form; its filters are in the query string."""
    form = await request.form()
    name, q = str(form.get("name") or ""), str(form.get("q") or "")
    saved = kb.saved.save(name or q or "Saved search", q, filters)
    return RedirectResponse(saved_view(saved)["url"], status_code=303)


@router.get("/saved/{saved_id}", include_in_schema=False)
def saved_search_page(request: Request, kb: KB, saved_id: SavedId) -> Response:
    saved = kb.saved.require(saved_id)
    if wants_json(request):
        return JSONResponse(get_saved(kb, saved_id))
    hits = kb.saved.new_passages(saved)
    context = {
        "title": saved.name,
        "nav": "saved",
        "saved": saved_view(saved, len(hits)),
        "citations": [citation_view(h, n) for n, h in enumerate(hits, 1)],
    }
    return render(request, "saved_search.html", context)


@router.post("/saved/{saved_id}/seen", include_in_schema=False)
def seen_from_form(kb: KB, _: SameOriginWrite, saved_id: SavedId) -> Response:
    mark_seen(kb, None, saved_id)
    return RedirectResponse(SITE.saved(saved_id), status_code=303)


@router.post("/saved/{saved_id}/delete", include_in_schema=False)
def delete_from_form(kb: KB, _: SameOriginWrite, saved_id: SavedId) -> Response:
    delete_saved(kb, None, saved_id)
    return RedirectResponse(SITE.saved(), status_code=303)


# --- the feed ------------------------------------------------------------------------------


def _xml_text(text: str) -> str:
    return _CONTROL.sub("", text)


@router.get(
    "/saved/{saved_id}/feed.atom",
    include_in_schema=False,  # a page route: its errors are pages, as for /saved
)
def feed(request: Request, kb: KB, saved_id: SavedId) -> Response:
    saved = kb.saved.require(saved_id)
    hits = kb.saved.new_passages(saved, since=saved.created_at, limit=FEED_ENTRIES)
    base = str(request.base_url).rstrip("/")
    view = saved_view(saved)
    fg = FeedGenerator()
    fg.id(f"{base}{view['url']}")
    fg.title(_xml_text(f"New passages: {saved.name}"))
    fg.subtitle(_xml_text(", ".join([saved.query, *view["filter_terms"]]) or "all passages"))
    fg.author({"name": "Council children's services knowledge base"})
    fg.link(href=f"{base}{view['feed_url']}", rel="self", type="application/atom+xml")
    fg.link(href=f"{base}{view['url']}", rel="alternate", type="text/html")
    fg.updated(max([h.added_at for h in hits if h.added_at] or [saved.created_at]))
    for hit in reversed(hits):  # feedgen puts the last added first
        entry = fg.add_entry()
        entry.id(f"{base}/passages/{hit.id}")
        entry.title(_xml_text(hit.citation))
        entry.updated(hit.added_at or saved.created_at)
        entry.link(href=Urls(base).passage(hit.id, hit.marked), rel="alternate")
        marked = " … ".join(hit.text[s:e] for s, e in hit.marked)
        if marked:
            entry.summary(_xml_text(marked))
        entry.content(_xml_text(hit.text), type="text")
    return Response(fg.atom_str(pretty=True), media_type="application/atom+xml")
