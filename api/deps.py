"""Dependencies shared by the routes: the knowledge base, settings and query filters."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request

from kb.filters import Filters
from kb.knowledge import KnowledgeBase
from kb.settings import Settings


def get_kb(request: Request) -> KnowledgeBase:
    return request.app.state.kb


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def split_many(values: list[str] | None) -> tuple[str, ...]:
    """`council=A&council=B` and `council=A,B` both mean two councils."""
    out: list[str] = []
    for value in values or []:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return tuple(dict.fromkeys(out))


def iso_date(value: str | None, name: str) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise HTTPException(422, f"{name} must be a date as YYYY-MM-DD, got {value!r}") from None


def get_filters(
    council: Annotated[list[str] | None, Query(description="council name(s)")] = None,
    doc_type: Annotated[list[str] | None, Query(description="document type(s)")] = None,
    visit_type: Annotated[list[str] | None, Query(description="Ofsted visit type(s)")] = None,
    committee: Annotated[
        list[str] | None, Query(description='committee(s), e.g. "Corporate Parenting Panel"')
    ] = None,
    theme: Annotated[list[str] | None, Query(description="theme id(s)")] = None,
    stance: Annotated[
        str | None, Query(pattern="^(strength|area_for_improvement|neutral)$")
    ] = None,
    since: Annotated[str | None, Query(description="YYYY-MM-DD, inclusive")] = None,
    until: Annotated[str | None, Query(description="YYYY-MM-DD, inclusive")] = None,
    year: Annotated[int | None, Query(ge=1900, le=2100, description="shorthand for a year")] = None,
) -> Filters:
    since_iso, until_iso = iso_date(since, "since"), iso_date(until, "until")
    if year is not None:
        since_iso, until_iso = f"{year}-01-01", f"{year}-12-31"
    return Filters(
        councils=split_many(council),
        doc_types=split_many(doc_type),
        visit_types=split_many(visit_type),
        # a committee's name may hold a comma: only repeated parameters mean several
        committees=tuple(dict.fromkeys(c.strip() for c in committee or [] if c.strip())),
        themes=split_many(theme),
        stance=stance,
        since=since_iso,
        until=until_iso,
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
