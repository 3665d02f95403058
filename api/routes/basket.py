"""The evidence basket: its page, its JSON and its exports.

The basket itself lives in the browser (web/static/basket.js keeps it in localStorage);
these routes take its items as `item=` query parameters, so a basket is also a link that can
be bookmarked or sent, and every quotation is read from the knowledge base, never from the
browser.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from api.deps import KB
from api.errors import INVALID, wants_json
from api.exports import attachment
from api.present import hit_dict
from api.report_params import EXPORTS, ExportFormat
from api.templating import render
from api.urls import SITE, shared
from api.views.cards import citation_view
from kb.reports.evidence import MAX_ITEMS, Basket, basket_report, gather, parse_items

router = APIRouter(tags=["basket"], responses=INVALID)

ItemValues = Annotated[
    list[str] | None,
    Query(
        description="a passage id, with the quoted sentences' spans after a colon: "
        f"`item=3f2a9c0d41e7b5a2:120-188`; repeat for each item (at most {MAX_ITEMS})",
    ),
]
Title = Annotated[str, Query(max_length=200, description="the report's title")]


def get_basket(kb: KB, item: ItemValues = None) -> Basket:
    return gather(kb, parse_items(item or []))  # ItemError: 422


Gathered = Annotated[Basket, Depends(get_basket)]


def basket_json(basket: Basket) -> dict[str, Any]:
    return {
        "items": [
            {"n": e.n, "key": e.key, "quote": e.text, **hit_dict(e.hit, e.n), "url": e.link(SITE)}
            for e in basket.evidence
        ],
        "missing": basket.missing,
    }


@router.get("/api/basket", summary="The basket's quotations with their citations")
def basket_api(basket: Gathered) -> dict[str, Any]:
    return basket_json(basket)


@router.get("/api/basket/export", responses=EXPORTS, summary="The basket as Word, CSV or Markdown")
def basket_export(
    request: Request, basket: Gathered, format: ExportFormat, title: Title = ""
) -> Response:
    """Each quotation with a numbered reference (council, document, date, page, link)."""
    return attachment(request, basket_report(basket, shared(request), title), format)


@router.get("/basket", include_in_schema=False)
def basket_page(request: Request, basket: Gathered, title: Title = "") -> Response:
    if wants_json(request):
        return JSONResponse(basket_json(basket))
    keys = [("item", e.key) for e in basket.evidence]
    share = shared(request)
    cards = []
    for e in basket.evidence:
        card = citation_view(e.hit, e.n)
        cards.append({**card, "quote": e.text, "key": e.key, "link": e.link(SITE)})
    context = {
        "title": "Evidence basket",
        "nav": "basket",
        "cards": cards,
        "missing": basket.missing,
        "report_title": title,
        "exports": SITE.exports("/api/basket/export", [*keys, ("title", title)]),
        "share_url": share.with_query("/basket", keys) if keys else "",
        "share_local": share.local,
    }
    return render(request, "basket.html", context)
