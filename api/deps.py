"""Dependencies shared by the routes: the knowledge base, settings and query filters."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request

from kb.search.filter_parser import parse_filters
from kb.search.filter_parser import split_many as split_many  # the routes' import of it
from kb.search.filters import Filters
from kb.search.knowledge import KnowledgeBase
from kb.settings import Settings
from kb.vocab.kinds import STANCES


def get_kb(request: Request) -> KnowledgeBase:
    return request.app.state.kb


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_filters(
    council: Annotated[list[str] | None, Query(description="council name(s)")] = None,
    doc_type: Annotated[list[str] | None, Query(description="document type(s)")] = None,
    visit_type: Annotated[list[str] | None, Query(description="Ofsted visit type(s)")] = None,
    committee: Annotated[
        list[str] | None, Query(description='committee(s), e.g. "Corporate Parenting Panel"')
    ] = None,
    theme: Annotated[list[str] | None, Query(description="theme id(s)")] = None,
    stance: Annotated[str | None, Query(description=" or ".join(STANCES))] = None,
    since: Annotated[str | None, Query(description="YYYY-MM-DD, inclusive")] = None,
    until: Annotated[str | None, Query(description="YYYY-MM-DD, inclusive")] = None,
    year: Annotated[int | None, Query(ge=1900, le=2100, description="shorthand for a year")] = None,
) -> Filters:
    """Every filter through kb's one parser; its FilterError is a 422 (api/errors.py)."""
    return parse_filters(
        council=council,
        doc_type=doc_type,
        visit_type=visit_type,
        committee=committee,
        theme=theme,
        stance=stance,
        since=since,
        until=until,
        year=year,
    )


KB = Annotated[KnowledgeBase, Depends(get_kb)]
AppSettings = Annotated[Settings, Depends(get_settings)]
SearchFilters = Annotated[Filters, Depends(get_filters)]


def get_question(
    settings: Annotated[Settings, Depends(get_settings)],
    q: Annotated[str, Query(description="the question or search words")],
) -> str:
    question = " ".join(q.split())
    if not question:
        raise HTTPException(422, "q must not be empty")
    if len(question) > settings.max_query_chars:
        raise HTTPException(
            422, f"q is {len(question)} characters; the limit is {settings.max_query_chars}"
        )
    return question


Question = Annotated[str, Depends(get_question)]
