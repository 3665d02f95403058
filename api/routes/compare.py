"""Council comparison, theme grid, inspection timeline and judgements: JSON, exports
(`format=csv|md|docx`) and the HTML pages that show them side by side."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Annotated, Any, Protocol, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from api.deps import KB, Question, SearchFilters, iso_date, split_many
from api.errors import INVALID, declared, wants_json
from api.exports import attachment, base_url, export_links
from kb.reports.compare import CompareError, Comparison, all_councils, compare, grid
from kb.reports.export import (
    FORMATS,
    SOURCE_LABELS,
    Report,
    answer_report,
    comparison_report,
    grid_report,
    judgements_report,
    timeline_report,
)
from kb.reports.findings import FINDING_STANCES, display_date
from kb.reports.timeline import judgements, timeline
from kb.vocab.kinds import STANCE_LABELS
from kb.vocab.themes import THEMES

router = APIRouter(tags=["compare"], responses=INVALID)

Councils = Annotated[
    list[str] | None,
    Query(description="council names: `councils=A,B` or `councils=A&councils=B`"),
]
Theme = Annotated[str | None, Query(description="a theme id, e.g. care_leavers_pathway_planning")]
Topic = Annotated[str | None, Query(max_length=500, description="free-text topic")]
Since = Annotated[str | None, Query(description="YYYY-MM-DD, inclusive")]
Until = Annotated[str | None, Query(description="YYYY-MM-DD, inclusive")]
Source = Annotated[
    str,
    Query(
        pattern="^(all|ofsted|council)$",
        description="all findings, Ofsted's own documents only, or council documents only",
    ),
]
Format = Annotated[str, Query(pattern="^(json|csv|md|docx)$", description="json or an export")]
ExportFormat = Annotated[str, Query(pattern="^(csv|md|docx)$", description="the export format")]

EXPORTS: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "JSON, or with `format` an attachment",
        "content": {media.split(";")[0]: {} for media in FORMATS.values()},
    },
    422: declared("a council, theme, date or format that cannot be used"),
}


# --- response schemas --------------------------------------------------------------------


class VisitOut(BaseModel):
    key: str
    label: str
    council: str | None
    visit_type: str | None
    visit_number: int | None
    visit_start: str | None
    visit_end: str | None


class CitationOut(BaseModel):
    passage_id: str
    document_id: str
    title: str
    doc_type: str
    doc_type_label: str
    date: str | None
    page: int | None
    council: str | None
    heading: str
    url: str
    document_url: str
    text: str


class EchoOut(BaseModel):
    """Another statement of the same point: a council report restating a letter, a
    summary restating the body, or the same point at another visit."""

    text: str
    source_kind: str
    visit: VisitOut | None
    citation: CitationOut
    url: str
    when: str | None


class FindingOut(BaseModel):
    id: str
    when: str | None
    text: str
    stance: str
    themes: list[str]
    theme_labels: list[str]
    council: str | None
    source_kind: str
    visit: VisitOut | None
    citation: CitationOut
    url: str
    start: int
    end: int
    recurrence: int
    recurs_at: list[str]
    said_in: str
    also_in: list[EchoOut]


class VisitFoldOut(BaseModel):
    key: str
    label: str
    count: int
    findings: list[FindingOut]


class DocumentRefOut(BaseModel):
    id: str
    title: str
    doc_type: str
    doc_type_label: str
    date: str | None
    council: str | None
    url: str


class CouncilFindingsOut(BaseModel):
    council: str
    status: str
    message: str
    documents_searched: list[DocumentRefOut]
    counts: dict[str, int]
    visits: int
    rate: str
    glance: dict[str, list[FindingOut]]
    folded: dict[str, list[VisitFoldOut]]
    strengths: list[FindingOut]
    areas_for_improvement: list[FindingOut]


class CompareOut(BaseModel):
    councils: list[str]
    theme: str | None
    theme_label: str | None
    q: str | None
    since: str | None
    until: str | None
    source: str
    subject: str
    columns: list[CouncilFindingsOut]


class GridCellOut(BaseModel):
    council: str
    theme: str
    strengths: int
    areas_for_improvement: int
    per: str
    base: int
    strengths_per: float
    areas_for_improvement_per: float
    shade: int
    url: str


class ThemeRefOut(BaseModel):
    id: str
    label: str


class GridRowOut(BaseModel):
    theme: str
    label: str
    cells: list[GridCellOut]


class GridOut(BaseModel):
    councils: list[str]
    since: str | None
    until: str | None
    source: str
    documents: dict[str, int]
    themes: list[ThemeRefOut]
    rows: list[GridRowOut]


class TimelineVisitOut(BaseModel):
    visit: VisitOut
    label: str
    published: str | None
    known_from: str
    grades: dict[str, str]
    grade_labels: dict[str, str]
    ofsted_documents: list[DocumentRefOut]
    discussed_in: list[DocumentRefOut]
    strengths: list[FindingOut]
    areas_for_improvement: list[FindingOut]
    improvement_themes: list[str]
    recurring: list[str]
    counts: dict[str, int]


class RecurringOut(BaseModel):
    theme: str
    label: str
    visits: list[str]
    keys: list[str]


class TimelineOut(BaseModel):
    council: str
    documents: int
    visits: list[TimelineVisitOut]
    recurring: list[RecurringOut]
    unplaced: list[DocumentRefOut]


class JudgementRowOut(BaseModel):
    council: str
    visit: VisitOut
    label: str
    published: str | None
    document: DocumentRefOut
    grades: dict[str, str]
    combined: dict[str, str]


class JudgementsOut(BaseModel):
    councils: list[str]
    areas: list[ThemeRefOut]
    rows: list[JudgementRowOut]


# --- inputs ------------------------------------------------------------------------------


T = TypeVar("T")


class Result(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


R = TypeVar("R", bound=Result)


def checked(run: Callable[[], T]) -> T:
    """A comparison asked for wrongly is the caller's error (422), not the server's."""
    try:
        return run()
    except CompareError as error:
        raise HTTPException(422, str(error)) from None


def respond(request: Request, result: R, report: Callable[[R, str], Report], format: str) -> Any:
    """The result as JSON, or with `format` its report as an attachment."""
    if format != "json":
        return attachment(request, report(result, base_url(request)), format)
    return result.to_dict()


def period(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """The dates as YYYY-MM-DD; a bad one is the caller's error (422)."""
    return iso_date(since, "since"), iso_date(until, "until")


# --- JSON and exports --------------------------------------------------------------------


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
    result = checked(lambda: compare(kb, split_many(councils), theme, q, start, end, source))
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
    result = checked(lambda: grid(kb, split_many(councils), start, end, source))
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
    return attachment(request, answer_report(kb.ask(q, filters, k), base_url(request)), format)


# --- pages -------------------------------------------------------------------------------


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    """The page, or its JSON twin (`.json` or `Accept: application/json`): what it shows, as
    data: the result (null before a choice is made) and its export links."""
    if wants_json(request):
        if context.get("error"):
            return JSONResponse({"detail": context["error"]}, status_code=status)
        twin = {"result": context.get("result"), "exports": context.get("exports", [])}
        return JSONResponse(twin, status_code=status)
    templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status)


def common(kb: KB, title: str, nav: str) -> dict[str, Any]:
    """What every comparison page needs: the pickers' choices and the display helpers."""
    return {
        "title": title,
        "nav": nav,
        "known_councils": all_councils(kb),
        "themes": THEMES,
        "stances": [(s, STANCE_LABELS[s]) for s in FINDING_STANCES],
        "display_date": display_date,
        "source_labels": SOURCE_LABELS,
    }


def page_dates(since: Since = None, until: Until = None) -> tuple[str | None, str | None, str]:
    """Dates from a form: a bad one is reported on the page instead of failing it."""
    try:
        return *period(since, until), ""
    except HTTPException as error:
        return None, None, str(error.detail)


PageDates = Annotated[tuple[str | None, str | None, str], Depends(page_dates)]


def result_links(result: Comparison) -> dict[str, Any]:
    """The comparison for the template, with its export and JSON links."""
    params = {"councils": ",".join(result.councils), "theme": result.theme, "q": result.q}
    params.update(since=result.since, until=result.until)
    params["source"] = result.source if result.source != "all" else None
    kept = {k: v for k, v in params.items() if v}
    return {
        "result": result.to_dict(),
        "exports": export_links("/api/compare", kept),
        "json_url": "/api/compare?" + urlencode(kept),
    }


@router.get("/compare", include_in_schema=False)
@router.get("/compare.json", include_in_schema=False)
def compare_page(
    request: Request,
    kb: KB,
    dates: PageDates,
    councils: Councils = None,
    theme: Theme = None,
    q: Topic = None,
    source: Source = "all",
) -> Response:
    chosen = split_many(councils)
    start, end, error = dates
    context = common(kb, "Compare councils", "compare")
    context.update(
        chosen=chosen,
        theme=theme or "",
        q=q or "",
        since=start or "",
        until=end or "",
        source=source,
        result=None,
        error=error,
    )
    if chosen and (theme or q) and not error:
        try:
            result = compare(kb, chosen, theme, q, start, end, source)
        except CompareError as failure:
            context["error"] = str(failure)
        else:
            context.update(result_links(result))
    return page(request, "compare.html", context, 422 if context["error"] else 200)


@router.get("/grid", include_in_schema=False)
@router.get("/grid.json", include_in_schema=False)
def grid_page(
    request: Request,
    kb: KB,
    dates: PageDates,
    councils: Councils = None,
    source: Source = "all",
) -> Response:
    start, end, error = dates
    chosen = split_many(councils)
    context = common(kb, "Findings by theme", "grid")
    result = grid(kb, chosen, start, end, source)
    params = {"councils": ",".join(result.councils), "since": start, "until": end}
    params["source"] = source if source != "all" else None
    context.update(
        result=result.to_dict(),
        chosen=chosen,
        since=start or "",
        until=end or "",
        source=source,
        error=error,
        exports=export_links("/api/grid", params),
    )
    return page(request, "grid.html", context, 422 if error else 200)


@router.get("/timeline", include_in_schema=False)
@router.get("/timeline.json", include_in_schema=False)
def timeline_page(
    request: Request,
    kb: KB,
    council: Annotated[str | None, Query(max_length=100)] = None,
) -> Response:
    context = common(kb, "Inspection timeline", "timeline")
    context.update(council=council or "", result=None)
    if council:
        result = timeline(kb, council)
        context["title"] = f"Inspection timeline: {result.council}"
        context["result"] = result.to_dict()
        context["exports"] = export_links("/api/timeline", {"council": result.council})
    return page(request, "timeline.html", context)


@router.get("/timeline/{council}", include_in_schema=False)
def timeline_council_page(request: Request, kb: KB, council: str) -> Response:
    return timeline_page(request, kb, council[:100])


@router.get("/judgements", include_in_schema=False)
@router.get("/judgements.json", include_in_schema=False)
def judgements_page(request: Request, kb: KB, councils: Councils = None) -> Response:
    chosen = split_many(councils)
    context = common(kb, "Ofsted judgements", "judgements")
    context.update(
        result=judgements(kb, chosen).to_dict(),
        chosen=chosen,
        exports=export_links("/api/judgements", {"councils": ",".join(chosen)}),
    )
    return page(request, "judgements.html", context)
