"""Documents: list, read, fetch the original file, and upload a new one."""

from __future__ import annotations

import hashlib
import mimetypes
import re
import threading
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool

from api.deps import KB, AppSettings, SearchFilters
from api.errors import INVALID, declared
from api.guard import SameOriginWrite
from api.present import document_detail, document_dict, passage_dict
from api.schemas import DocumentDetailOut, DocumentsOut, FileOutcomeOut, PassageOut
from ingest.extract import SUPPORTED_SUFFIXES
from ingest.pipeline import Ingestor

router = APIRouter(tags=["documents"], responses=INVALID)
_ingest_lock = threading.Lock()  # one writer at a time; readers are never blocked


@router.get("/api/documents", response_model=DocumentsOut)
def list_documents(kb: KB, filters: SearchFilters) -> Any:
    return {"documents": [document_dict(d) for d in kb.documents(filters)]}


@router.get(
    "/api/documents/{document_id}",
    response_model=DocumentDetailOut,
    responses={404: declared("no such document")},
)
def get_document(kb: KB, document_id: str) -> Any:
    document = kb.document(document_id)
    if document is None:
        raise HTTPException(404, f"no document {document_id!r}")
    return document_detail(document, kb.passages_of(document_id))


@router.get(
    "/api/passages/{passage_id}",
    response_model=PassageOut,
    responses={404: declared("no such passage")},
)
def get_passage(kb: KB, passage_id: str) -> Any:
    rows = kb.store.hit_rows([passage_id])
    if passage_id not in rows:
        raise HTTPException(404, f"no passage {passage_id!r}")
    from kb.store import passage_from_row

    return passage_dict(passage_from_row(rows[passage_id]))


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
    return FileResponse(
        document.source,
        media_type=media_type,
        content_disposition_type="inline",
        filename=Path(document.source).name,
    )


def _ingest_one(kb: KB, path: Path) -> Any:
    with _ingest_lock:
        return Ingestor(kb).ingest_file(path)


def _safe_name(name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9 ._'()-]+", "_", Path(name).name).strip(" .")
    return stem[:150] or "upload"


@router.post(
    "/api/documents",
    response_model=FileOutcomeOut,
    status_code=201,
    responses={
        400: declared("the body is not valid multipart form data"),
        403: declared("not from this origin, or without the session's CSRF token"),
        413: declared("file too large"),
        422: declared("file type not supported, or the file cannot be read"),
    },
)
async def upload(
    request: Request, kb: KB, settings: AppSettings, _: SameOriginWrite, file: UploadFile
) -> Any:
    limit = settings.max_upload_mb * 1024 * 1024
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + 65536:
        raise HTTPException(413, f"file larger than {settings.max_upload_mb} MB")
    name = _safe_name(file.filename or "upload")
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise HTTPException(
            422, f"{name}: unsupported file type; use one of {sorted(SUPPORTED_SUFFIXES)}"
        )
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise HTTPException(413, f"file larger than {settings.max_upload_mb} MB")
    folder = settings.files_path / hashlib.sha256(data).hexdigest()[:12]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    target.write_bytes(data)
    outcome = await run_in_threadpool(_ingest_one, kb, target)
    if outcome.status == "failed":
        raise HTTPException(422, f"{name}: {outcome.error}")
    return outcome.to_dict()
