"""The source viewer: a document's text with its passages, the cited one highlighted, its
metadata and the form that corrects it; and a citation's stable address."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from api.deps import KB
from api.errors import INVALID, declared, wants_json
from api.metadata_view import metadata_fields
from api.present import document_detail
from api.templating import render
from api.urls import SITE
from api.views.cards import document_view
from api.views.display import theme_label
from api.views.marks import parse_marks
from api.views.viewer import segments
from kb.reports.evidence import item_key
from kb.search.records import Document, answering_page, pages_label

router = APIRouter(tags=["pages"], responses=INVALID)


@router.get(
    "/documents/{document_id}.json",
    summary="A document, its text and passages",
    responses={404: declared("no such document")},
)
def document_json(kb: KB, document_id: str) -> dict[str, Any]:
    document = kb.require_document(document_id)
    return document_detail(document, kb.passages_of(document_id), kb.roots())


@router.get("/documents/{document_id}", include_in_schema=False)
def document_page(
    request: Request,
    kb: KB,
    document_id: str,
    passage: Annotated[str | None, Query(max_length=64)] = None,
    mark: Annotated[str | None, Query(max_length=400)] = None,
) -> Response:
    document = kb.require_document(document_id)
    if wants_json(request):
        return JSONResponse(document_detail(document, kb.passages_of(document_id), kb.roots()))
    return render_document(request, kb, document, passage, mark)


def render_document(
    request: Request,
    kb: KB,
    document: Document,
    passage: str | None = None,
    mark: str | None = None,
    correction: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    """The source viewer; `correction` carries a refused correction back to its form."""
    passages = kb.passages_of(document.id)
    target = next((p for p in passages if p.id == passage), None)
    marks = parse_marks(mark, len(target.text)) if target else []
    opens_at = answering_page(target.page, target.sentences, marks) if target else None
    view = document_view(document)
    fields = metadata_fields(document, kb.corrections(document.id))
    context = {
        "title": document.title,
        "nav": "search",
        "doc": view,
        "fields": fields,
        "corrected": {f["name"] for f in fields if f["corrected"]},
        "correction": correction or {},
        "just_corrected": request.query_params.get("corrected") == "1",
        "segments": segments(document, passages, target.id if target else None, marks),
        "target": target,
        "target_item": item_key(target.id, marks) if target else "",
        "target_file": SITE.document_file(document.id, document.source, opens_at),
        "opens_at": opens_at,
        "target_pages": pages_label(target.page, target.page_end) if target else "",
        "is_pdf": document.source.lower().endswith(".pdf"),
        "themes": {p.id: [theme_label(t) for t in p.themes] for p in passages},
    }
    return render(request, "document.html", context, status)


@router.get("/passages/{passage_id}", include_in_schema=False)
def passage_redirect(
    kb: KB, passage_id: str, mark: Annotated[str | None, Query(max_length=400)] = None
) -> RedirectResponse:
    """A citation's stable address: the passage highlighted in its document."""
    document_id = kb.hit(passage_id).document_id
    return RedirectResponse(SITE.in_document(document_id, passage_id, mark), status_code=303)
