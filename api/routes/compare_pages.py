"""The comparison pages: councils side by side, the theme grid, the inspection timeline and
the judgements, each with its JSON twin (`.json` or `Accept: application/json`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from api.deps import KB, split_many
from api.errors import INVALID, wants_json
from api.report_params import Councils, Since, Source, Theme, Topic, Until, period
from api.templating import render
from api.urls import SITE
from kb.reports.compare import Comparison, compare
from kb.reports.findings import FINDING_STANCES
from kb.reports.grid import grid
from kb.reports.judgements import judgements
from kb.reports.selection import CompareError, all_councils
from kb.reports.timeline import timeline
from kb.search.filter_parser import FilterError
from kb.vocab.kinds import STANCE_LABELS
from kb.vocab.themes import THEMES

router = APIRouter(tags=["compare"], responses=INVALID)


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    """The page, or its JSON twin (`.json` or `Accept: application/json`): what it shows, as
    data: the result (null before a choice is made) and its export links."""
    if wants_json(request):
        if context.get("error"):
            return JSONResponse({"detail": context["error"]}, status_code=status)
        twin = {"result": context.get("result"), "exports": context.get("exports", [])}
        return JSONResponse(twin, status_code=status)
    return render(request, name, context, status)


def common(kb: KB, title: str, nav: str) -> dict[str, Any]:
    """What every comparison page needs: the pickers' choices (the display helpers are the
    template environment's, api/templating.py)."""
    return {
        "title": title,
        "nav": nav,
        "known_councils": all_councils(kb),
        "themes": THEMES,
        "stances": [(s, STANCE_LABELS[s]) for s in FINDING_STANCES],
    }


def page_dates(since: Since = None, until: Until = None) -> tuple[str | None, str | None, str]:
    """Dates from a form: a bad one is reported on the page instead of failing it."""
    try:
        return *period(since, until), ""
    except FilterError as error:
        return None, None, str(error)


PageDates = Annotated[tuple[str | None, str | None, str], Depends(page_dates)]


def result_links(result: Comparison) -> dict[str, Any]:
    """The comparison for the template, with its export and JSON links."""
    params = {"councils": ",".join(result.councils), "theme": result.theme, "q": result.q}
    params.update(since=result.since, until=result.until)
    params["source"] = result.source if result.source != "all" else None
    kept = {k: v for k, v in params.items() if v}
    return {
        "result": result.to_dict(SITE),
        "exports": SITE.exports("/api/compare", kept),
        "json_url": SITE.with_query("/api/compare", kept),
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
    status = FilterError.status if error else 200  # a date the filter parser refused
    if chosen and (theme or q) and not error:
        try:
            result = compare(kb, chosen, theme, q, start, end, source)
        except CompareError as failure:  # shown on the page, beside the form that asked
            context["error"], status = str(failure), failure.status
        else:
            context.update(result_links(result))
    return page(request, "compare.html", context, status)


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
        result=result.to_dict(SITE),
        chosen=chosen,
        since=start or "",
        until=end or "",
        source=source,
        error=error,
        exports=SITE.exports("/api/grid", params),
    )
    return page(request, "grid.html", context, FilterError.status if error else 200)


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
        context["result"] = result.to_dict(SITE)
        context["exports"] = SITE.exports("/api/timeline", {"council": result.council})
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
        result=judgements(kb, chosen).to_dict(SITE),
        chosen=chosen,
        exports=SITE.exports("/api/judgements", {"councils": ",".join(chosen)}),
    )
    return page(request, "judgements.html", context)
