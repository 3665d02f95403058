"""Correcting what ingest read about a document: from the API (JSON) and from the document
page's form. Corrections are writes, so they take the same protections as upload."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.deps import KB
from api.errors import INVALID, declared
from api.guard import GUARDED, SameOriginWrite
from api.metadata_view import document_read
from api.routes.document_page import render_document
from api.schemas.documents import DocumentReadOut
from kb.search.corrections import FIELDS, CorrectionError

router = APIRouter(tags=["documents"], responses=INVALID)

Changes = Annotated[
    dict[str, str | int | None],
    Body(
        description="field -> corrected value; null or an empty string clears it, and the "
        f"value ingest read drops the correction. Fields: {', '.join(FIELDS)}",
        examples=[{"date": "2024-09-02", "council": "Middlesbrough"}],
    ),
]


@router.post(
    "/api/documents/{document_id}/metadata",
    response_model=DocumentReadOut,
    responses={
        400: declared("the body is not valid JSON"),
        **GUARDED,
        404: declared("no such document"),
        422: declared("a value that cannot be kept; the message names the field"),
    },
)
def correct_document(kb: KB, _: SameOriginWrite, document_id: str, changes: Changes) -> Any:
    """Correct a document's council, type, committee, dates or visit."""
    fixed = kb.correct(document_id, changes)  # NotFound: 404, CorrectionError: 422
    return document_read(fixed, kb.corrections(document_id))


@router.post("/documents/{document_id}/metadata", include_in_schema=False)
async def correct_from_form(
    request: Request, kb: KB, _: SameOriginWrite, document_id: str
) -> Response:
    """The document page's form: back to the page, or the page again with the refusal."""
    form = await request.form()
    changes = {k: v for k, v in form.items() if k in FIELDS and isinstance(v, str)}
    try:
        await run_in_threadpool(kb.correct, document_id, changes)
    except CorrectionError as error:
        refused = {"error": str(error), "field": error.field, "values": changes}
        document = kb.require_document(document_id)
        return render_document(request, kb, document, correction=refused, status=error.status)
    return RedirectResponse(f"/documents/{document_id}?corrected=1#metadata", status_code=303)
