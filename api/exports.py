"""Where links in exports and permalinks point, and reports sent as attachments.

Links start with KB_PUBLIC_URL when it is set, so a report pasted into committee papers
opens for its readers. Without it they point at the address this server listens on (the
socket's, never the request's Host header, which the client chooses) and are labelled
"local link".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response

from kb.reports.export import FORMATS, Report, filename, local_links, render
from kb.settings import Settings

FORMAT_LABELS = {"docx": "Word", "csv": "CSV", "md": "Markdown"}


@dataclass(frozen=True)
class LinkBase:
    url: str  # scheme://host[:port][/prefix], no trailing slash
    local: bool  # only this machine can open it

    def absolute(self, path: str) -> str:
        return self.url + path


def link_base(request: Request) -> LinkBase:
    settings: Settings = request.app.state.settings
    if settings.public_url:
        return LinkBase(settings.public_url, False)
    host, port = request.scope.get("server") or ("127.0.0.1", 8000)
    host = f"[{host}]" if ":" in host else host  # an IPv6 literal
    return LinkBase(f"http://{host}:{port}", True)


def base_url(request: Request) -> str:
    return link_base(request).url


def attachment(request: Request, report: Report, fmt: str) -> Response:
    """The report as a download, its links labelled "local link" when they are."""
    if link_base(request).local:
        report = local_links(report)
    name = filename(report, fmt)
    return Response(
        render(report, fmt),
        media_type=FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def export_links(
    path: str, query: Mapping[str, Any] | Sequence[tuple[str, str]]
) -> list[dict[str, str]]:
    """Word, CSV and Markdown links to an export route with the given query."""
    items = list(query.items()) if isinstance(query, Mapping) else list(query)
    kept = [(k, v) for k, v in items if v]
    return [
        {"label": label, "url": f"{path}?{urlencode([*kept, ('format', fmt)])}"}
        for fmt, label in FORMAT_LABELS.items()
    ]
