"""Reports sent as attachments, their links labelled "local link" when only this machine
can open them (api/urls.py says where links point)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from api.urls import shared
from kb.reports.export.layout import Report
from kb.reports.export.render import FORMATS, filename, local_links, render


def attachment(request: Request, report: Report, fmt: str) -> Response:
    """The report as a download, its links labelled "local link" when they are."""
    if shared(request).local:
        report = local_links(report)
    name = filename(report, fmt)
    return Response(
        render(report, fmt),
        media_type=FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
