"""Search and cited answers as JSON."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query

from api.deps import KB, AppSettings, Question, SearchFilters
from api.errors import INVALID
from api.present import hit_dict
from api.schemas.search import AskOut, FacetsOut, SearchOut
from kb.search.followup import resolve_followup

router = APIRouter(prefix="/api", tags=["search"], responses=INVALID)

K = Annotated[int, Query(ge=1, le=50, description="how many passages")]
Mode = Annotated[str, Query(pattern="^(hybrid|dense|keyword)$")]


def get_previous(
    settings: AppSettings,
    prev: Annotated[
        str | None,
        Query(
            description="the previous question in a conversation: a follow-up such as "
            "'and in Gateshead?' keeps its topic"
        ),
    ] = None,
) -> str | None:
    previous = " ".join((prev or "").split())
    if len(previous) > settings.max_query_chars:
        raise HTTPException(
            422, f"prev is {len(previous)} characters; the limit is {settings.max_query_chars}"
        )
    return previous or None


Previous = Annotated[str | None, Depends(get_previous)]


@router.get("/search", response_model=SearchOut)
def search(
    kb: KB, q: Question, filters: SearchFilters, prev: Previous, k: K = 10, mode: Mode = "hybrid"
) -> Any:
    result = kb.search(resolve_followup(q, prev), filters, k, mode)
    data = result.to_dict()
    data["results"] = [hit_dict(h, n, kb.roots()) for n, h in enumerate(result.hits, 1)]
    return data


@router.get("/ask", response_model=AskOut)
def ask(kb: KB, q: Question, filters: SearchFilters, prev: Previous, k: K = 8) -> Any:
    answer = kb.ask(resolve_followup(q, prev), filters, k)
    data = answer.to_dict()
    data["citations"] = [hit_dict(h, n, kb.roots()) for n, h in enumerate(answer.citations, 1)]
    return data


@router.get("/facets", response_model=FacetsOut)
def facets(kb: KB, filters: SearchFilters) -> Any:
    return {"filters": filters.as_dict(), "facets": kb.facets(filters)}
