"""The one template environment: web/templates with the display helpers every page uses,
registered once when the app is built (api/app.py), and the one way a route renders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates

from api.urls import SITE
from api.views.display import labels, nice_date, quote_text
from kb.dates import display_day
from kb.reports.export.cited import SOURCE_LABELS


def build_templates(directory: Path) -> Jinja2Templates:
    """The pages' environment: filters for dates and quotations, and as globals the labels
    the page script reads, the findings' date format, the names of their sources and the
    `urls` every link a page writes comes from (api/urls.py)."""
    templates = Jinja2Templates(directory=directory)
    templates.env.filters.update(nice_date=nice_date, quote_text=quote_text)
    templates.env.globals.update(
        labels=labels(), display_date=display_day, source_labels=SOURCE_LABELS, urls=SITE
    )
    return templates


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status)
