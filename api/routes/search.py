"""Search and cited answers as JSON."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import KB, Question, SearchFilters
from api.present import hit_dict
from api.schemas import AskOut, FacetsOut, SearchOut

router = APIRouter(prefix="/api", tags=["search"])

K = Annotated[int, Query(ge=1, le=50, description="how many passages")]
Mode = Annotated[str, Query(pattern="^(hybrid|dense|keyword)$")]


@router.get("/search", response_model=SearchOut)
def search(kb: KB, q: Question, filters: SearchFilters, k: K = 10, mode: Mode = "hybrid") -> Any:
    result = kb.search(q, filters, k, mode)
    data = result.to_dict()
    data["results"] = [hit_dict(h, n) for n, h in enumerate(result.hits, 1)]
    return data


@router.get("/ask", response_model=AskOut)
def ask(kb: KB, q: Question, filters: SearchFilters, k: K = 8) -> Any:
    answer = kb.ask(q, filters, k)
    data = answer.to_dict()
    data["citations"] = [hit_dict(h, n) for n, h in enumerate(answer.citations, 1)]
    return data


@router.get("/facets", response_model=FacetsOut)
def facets(kb: KB, filters: SearchFilters) -> Any:
    return {"filters": filters.as_dict(), "facets": kb.facets(filters)}
