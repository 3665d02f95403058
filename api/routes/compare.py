"""Council comparison, theme grid, inspection timeline and judgements as JSON, and with
`format=csv|md|docx` as exports; the cited answer's export too."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import KB, Question, SearchFilters, split_many
from api.errors import INVALID
from api.exports import attachment
from api.report_params import (
    EXPORTS,
    Councils,
    ExportFormat,
    Format,
    Since,
    Source,
    Theme,
    Topic,
    Until,
    period,
    respond,
)
from api.schemas.reports import CompareOut, GridOut, JudgementsOut, TimelineOut
from api.urls import shared
from kb.reports.compare import compare
from kb.reports.export.answer import answer_report
from kb.reports.export.comparison import comparison_report, grid_report
from kb.reports.export.history import judgements_report, timeline_report
from kb.reports.grid import grid
from kb.reports.judgements import judgements
from kb.reports.timeline import timeline

router = APIRouter(tags=["compare"], responses=INVALID)


@router.get("/api/compare", response_model=CompareOut, responses=EXPORTS)
def compare_api(
    request: Request,
    kb: KB,
    councils: Councils = None,
    theme: Theme = None,
    q: Topic = None,
    since: Since = None,
    until: Until = None,
    source: Source = "all",
    format: Format = "json",
    full: Annotated[
        bool, Query(description="exports: every finding, not a handful per stance")
    ] = False,
) -> Any:
    """Each council's strengths and areas for improvement on a theme or free-text topic:
    every finding, and a handful per stance `glance` with the rest `folded` by visit.
    Exports hold the handful and link to the full list unless `full=true`."""
    start, end = period(since, until)
    result = compare(kb, split_many(councils), theme, q, start, end, source)  # CompareError: 422
    return respond(request, result, partial(comparison_report, full=full), format)


@router.get("/api/grid", response_model=GridOut, responses=EXPORTS)
def grid_api(
    request: Request,
    kb: KB,
    councils: Councils = None,
    since: Since = None,
    until: Until = None,
    source: Source = "all",
    format: Format = "json",
) -> Any:
    """Councils × themes: counts of strengths and areas for improvement, each cell linked
    to its findings. Without councils, every council in the knowledge base."""
    start, end = period(since, until)
    result = grid(kb, split_many(councils), start, end, source)
    return respond(request, result, grid_report, format)


@router.get("/api/timeline", response_model=TimelineOut, responses=EXPORTS)
def timeline_api(
    request: Request,
    kb: KB,
    council: Annotated[str, Query(min_length=1, max_length=100, description="one council")],
    format: Format = "json",
) -> Any:
    """Every inspection and visit to one council, oldest first, with grades, headline
    findings, the council documents that discussed it, and recurring areas for improvement."""
    return respond(request, timeline(kb, council), timeline_report, format)


@router.get("/api/judgements", response_model=JudgementsOut, responses=EXPORTS)
def judgements_api(
    request: Request, kb: KB, councils: Councils = None, format: Format = "json"
) -> Any:
    """Grades per judgement area, per council, per graded inspection report."""
    return respond(request, judgements(kb, split_many(councils)), judgements_report, format)


@router.get("/api/ask/export", responses=EXPORTS)
def ask_export(
    request: Request,
    kb: KB,
    q: Question,
    filters: SearchFilters,
    format: ExportFormat,
    k: Annotated[int, Query(ge=1, le=50, description="how many passages")] = 8,
) -> Response:
    """A cited answer (as `/api/ask` gives it) as CSV, Markdown or Word."""
    return attachment(request, answer_report(kb.ask(q, filters, k), shared(request)), format)
