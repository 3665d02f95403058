"""An upload streamed to disk: one file part, counted as it arrives and refused the moment it
passes the limit, with a cap on uploads in flight, and nothing left behind when refused.

Starlette's own form parsing spools the whole body before a route sees it (2 GB were read
against a 5 MB limit), so the upload route reads the raw stream through python-multipart.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from fastapi import FastAPI, HTTPException, Request
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks

FIELD = "file"  # the form field that carries the file
MAX_FIELDS_BYTES = 64 * 1024  # other form fields together (a CSRF token, nothing large)
MULTIPART_SLACK = 64 * 1024  # boundaries and part headers around the file

# For the OpenAPI schema: the route reads the stream itself, so FastAPI cannot infer this.
REQUEST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": [FIELD],
                    "properties": {FIELD: {"type": "string", "format": "binary"}},
                }
            }
        },
    }
}


@dataclass
class Received:
    """The uploaded file, in a temporary file the caller renames or removes."""

    name: str
    path: Path
    size: int = 0
    sha256: str = ""


def safe_name(name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9 ._'()-]+", "_", Path(name).name).strip(" .")
    return stem[:150] or "upload"


@contextlib.contextmanager
def upload_slot(app: FastAPI, cap: int) -> Iterator[None]:
    """One of `cap` upload places, or 503 at once: each upload holds a file and, while it is
    read, an extraction process, so queueing them without bound would exhaust the machine."""
    active = getattr(app.state, "uploads_in_flight", 0)
    if active >= cap:
        raise HTTPException(
            503,
            f"{active} uploads are in progress; the limit is {cap} (KB_MAX_CONCURRENT_UPLOADS). "
            "Try again shortly.",
            headers={"Retry-After": "5"},
        )
    app.state.uploads_in_flight = active + 1
    try:
        yield
    finally:
        app.state.uploads_in_flight -= 1


def refuse_declared_size(request: Request, limit: int, limit_mb: int) -> None:
    """413 before reading anything when Content-Length already says too much."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + MULTIPART_SLACK:
        raise HTTPException(413, f"file larger than {limit_mb} MB (KB_MAX_UPLOAD_MB)")


@dataclass
class _Reader:
    """python-multipart callbacks: part headers, then the file part's bytes to disk."""

    folder: Path
    limit: int
    limit_mb: int
    suffixes: frozenset[str]
    received: Received | None = None
    _header: bytes = b""
    _headers: dict[bytes, bytes] = field(default_factory=dict)
    _value: bytes = b""
    _out: IO[bytes] | None = None
    _hash: Any = field(default_factory=hashlib.sha256)
    _fields: int = 0

    def callbacks(self) -> MultipartCallbacks:
        return {
            "on_part_begin": self.part_begin,
            "on_header_field": lambda d, s, e: setattr(self, "_header", self._header + d[s:e]),
            "on_header_value": lambda d, s, e: setattr(self, "_value", self._value + d[s:e]),
            "on_header_end": self.header_end,
            "on_headers_finished": self.headers_finished,
            "on_part_data": self.part_data,
            "on_part_end": self.part_end,
        }

    def part_begin(self) -> None:
        self._headers, self._header, self._value = {}, b"", b""

    def header_end(self) -> None:
        self._headers[self._header.lower()] = self._value
        self._header, self._value = b"", b""

    def headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        filename = options.get(b"filename")
        if filename is None:
            return  # a plain form field: counted, not kept
        if self.received is not None:
            raise HTTPException(400, "one file per upload: the request has a second file part")
        if options.get(b"name") != FIELD.encode():
            raise HTTPException(422, f"the file must be sent in the form field {FIELD!r}")
        name = safe_name(filename.decode("utf-8", "replace") or "upload")
        if Path(name).suffix.lower() not in self.suffixes:
            raise HTTPException(
                422, f"{name}: unsupported file type; use one of {sorted(self.suffixes)}"
            )
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=self.folder, prefix=".upload-", suffix=".part")
        self.received = Received(name, Path(temp))
        self._out = os.fdopen(handle, "wb")

    def part_data(self, data: bytes, start: int, end: int) -> None:
        if self._out is None:
            self._fields += end - start
            if self._fields > MAX_FIELDS_BYTES:
                raise HTTPException(413, "form fields beside the file are too large")
            return
        assert self.received is not None
        self.received.size += end - start
        if self.received.size > self.limit:
            raise HTTPException(413, f"file larger than {self.limit_mb} MB (KB_MAX_UPLOAD_MB)")
        self._out.write(data[start:end])
        self._hash.update(data[start:end])

    def part_end(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None
            assert self.received is not None
            self.received.sha256 = self._hash.hexdigest()

    def discard(self) -> None:
        if self._out is not None:
            self._out.close()
        if self.received is not None:
            self.received.path.unlink(missing_ok=True)


async def receive(
    request: Request, folder: Path, limit_mb: int, suffixes: frozenset[str]
) -> Received:
    """The request's one file part, streamed into `folder`; any refusal or failure (413,
    400, 422, the client going away) removes what was written."""
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise HTTPException(400, "the body must be multipart/form-data with a file part")
    reader = _Reader(folder, limit_mb * 1024 * 1024, limit_mb, suffixes)
    parser = MultipartParser(boundary, reader.callbacks())
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
    except HTTPException:
        reader.discard()
        raise
    except ClientDisconnect:  # the officer closed the tab: nobody is left to answer
        reader.discard()
        raise HTTPException(400, "the upload was interrupted") from None
    except Exception as error:  # a malformed body: python-multipart's own errors
        reader.discard()
        raise HTTPException(400, f"the body is not valid multipart form data: {error}") from None
    if reader.received is None or not reader.received.sha256:
        reader.discard()
        raise HTTPException(422, f"no file: send it in the form field {FIELD!r}")
    return reader.received
