"""Documents: list, read, fetch the original file, and upload a new one."""

from __future__ import annotations

import mimetypes
import os
import threading
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from api import uploads
from api.deps import KB, AppSettings, SearchFilters
from api.errors import INVALID, declared
from api.guard import GUARDED, SameOriginWrite
from api.metadata_view import file_read
from api.present import document_detail, document_dict, passage_dict
from api.schemas.documents import (
    DocumentDetailOut,
    DocumentsOut,
    FileOutcomeOut,
    PassageOut,
    RemovedOut,
)
from api.uploads import Received
from ingest.extract import SUPPORTED_SUFFIXES
from ingest.pipeline import FileOutcome, Ingestor
from kb.search.sources import shown_source

router = APIRouter(tags=["documents"], responses=INVALID)
INLINE_TYPES = frozenset({"application/pdf", "text/plain"})
_ingest_lock = threading.Lock()  # one writer at a time; readers are never blocked


@router.get("/api/documents", response_model=DocumentsOut)
def list_documents(kb: KB, filters: SearchFilters) -> Any:
    return {"documents": [document_dict(d, kb.roots()) for d in kb.documents(filters)]}


@router.get(
    "/api/documents/{document_id}",
    response_model=DocumentDetailOut,
    responses={404: declared("no such document")},
)
def get_document(kb: KB, document_id: str) -> Any:
    document = kb.require_document(document_id)
    return document_detail(document, kb.passages_of(document_id), kb.roots())


@router.get(
    "/api/passages/{passage_id}",
    response_model=PassageOut,
    responses={404: declared("no such passage")},
)
def get_passage(kb: KB, passage_id: str) -> Any:
    return passage_dict(kb.hit(passage_id))


@router.get(
    "/documents/{document_id}/file",
    response_class=FileResponse,
    responses={404: declared("no such document, or its file is gone", html=True)},
)
def original_file(kb: KB, document_id: str) -> FileResponse:
    """The file as ingested. Looked up by id, never by a path from the URL, so nothing
    outside what was ingested can be reached."""
    document = kb.document(document_id)
    if document is None or not Path(document.source).is_file():
        raise HTTPException(404, "no such file")
    media_type = mimetypes.guess_type(document.source)[0] or "application/octet-stream"
    # Only PDFs and plain text open in the browser; anything else (an uploaded HTML page,
    # whose <meta refresh> took the browser elsewhere) is a download, and sandboxed besides.
    inline = media_type in INLINE_TYPES
    return FileResponse(
        document.source,
        media_type=media_type,
        content_disposition_type="inline" if inline else "attachment",
        filename=Path(document.source).name,
        headers=None if inline else {"Content-Security-Policy": "sandbox; default-src 'none'"},
    )


def _store(kb: KB, received: Received, folder: Path) -> FileOutcome:
    """Under the write lock: the same bytes already indexed (under any name) are unchanged;
    otherwise the file takes its name's place (one document per name, the old version's
    passages replaced everywhere) by a rename, and a version that cannot be read leaves the
    earlier one on disk and in the index."""
    with _ingest_lock:
        same = kb.file_with_sha(received.sha256)
        if same is not None:
            return FileOutcome(same.source, "unchanged", unchanged=same.passages)
        target = folder / received.name
        backup = received.path.with_suffix(".previous")
        had_previous = target.exists()
        if had_previous:
            os.replace(target, backup)
        os.replace(received.path, target)
        outcome = Ingestor(kb).ingest_file(target)
        if outcome.status == "failed":
            if had_previous:
                os.replace(backup, target)
            else:
                target.unlink(missing_ok=True)
        backup.unlink(missing_ok=True)
        return outcome


def _remove(kb: KB, document_id: str, uploads_folder: Path) -> dict[str, Any]:
    """The file a document came from, out of SQLite, FTS and Chroma; an uploaded copy is
    deleted from disk too (files ingested from elsewhere are the officer's own)."""
    with _ingest_lock:
        document = kb.require_document(document_id)
        removed = kb.remove(document.source)
        path = Path(document.source)
        if path.is_relative_to(uploads_folder.resolve()):
            path.unlink(missing_ok=True)
    shown = shown_source(document.source, kb.roots())
    return {"source": shown, "title": document.title, "removed": removed}


@router.delete(
    "/api/documents/{document_id}",
    response_model=RemovedOut,
    responses={
        **GUARDED,
        404: declared("no such document"),
    },
)
def delete_document(kb: KB, settings: AppSettings, document_id: str, _: SameOriginWrite) -> Any:
    """Remove a document's file (every document split from it) from the knowledge base."""
    return _remove(kb, document_id, settings.files_path)


@router.post("/documents/{document_id}/remove", include_in_schema=False)
def remove_from_page(
    kb: KB, settings: AppSettings, document_id: str, _: SameOriginWrite
) -> RedirectResponse:
    """The document page's remove button (a form with the CSRF token)."""
    _remove(kb, document_id, settings.files_path)
    return RedirectResponse("/search", status_code=303)


@router.post(
    "/api/documents",
    response_model=FileOutcomeOut,
    status_code=201,
    openapi_extra=uploads.REQUEST_BODY,
    responses={
        400: declared("the body is not multipart form data with one file part"),
        **GUARDED,
        413: declared("file too large"),
        422: declared("file type not supported, or the file cannot be read"),
        503: declared("too many uploads in progress"),
    },
)
async def upload(request: Request, kb: KB, settings: AppSettings, _: SameOriginWrite) -> Any:
    """Add a document (multipart, one file in the field `file`). A file with the name of an
    earlier upload replaces it; bytes already indexed under another name are `unchanged`."""
    uploads.refuse_declared_size(
        request, settings.max_upload_mb * 1024 * 1024, settings.max_upload_mb
    )
    with uploads.upload_slot(request.app, settings.max_concurrent_uploads):
        folder = settings.files_path
        received = await uploads.receive(
            request, folder / ".incoming", settings.max_upload_mb, frozenset(SUPPORTED_SUFFIXES)
        )
        try:
            outcome = await run_in_threadpool(_store, kb, received, folder)
        finally:
            received.path.unlink(missing_ok=True)
    if outcome.status == "failed":
        raise HTTPException(422, f"{received.name}: {outcome.error}")
    return {
        **outcome.to_dict(),
        "source": shown_source(outcome.source, kb.roots()),
        "read": file_read(kb, outcome.source),
    }
