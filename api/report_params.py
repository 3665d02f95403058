"""Query parameters the report routes share (the comparison, grid, timeline, judgements,
their pages and the exports), and the one way a report answers: JSON or an attachment."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Protocol, TypeVar

from fastapi import Query, Request

from api.errors import declared
from api.exports import attachment
from api.urls import SITE, shared
from kb.reports.export.layout import Report
from kb.reports.export.render import FORMATS
from kb.reports.links import Links
from kb.search.filter_parser import iso_date

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


class Result(Protocol):
    def to_dict(self, links: Links) -> dict[str, Any]: ...


R = TypeVar("R", bound=Result)


def respond(request: Request, result: R, report: Callable[[R, Links], Report], format: str) -> Any:
    """The result as JSON, or with `format` its report as an attachment."""
    if format != "json":
        return attachment(request, report(result, shared(request)), format)
    return result.to_dict(SITE)


def period(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """The dates as YYYY-MM-DD; a bad one is the caller's error (422)."""
    return iso_date(since, "since"), iso_date(until, "until")
