"""PDF -> one Page per PDF page: pypdfium2 first, pypdf when pdfium cannot parse the file."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
from pypdf.errors import FileNotDecryptedError, PdfReadError

from ingest.types import ExtractionError, Page

_HEADER_WINDOW = 1024  # readers accept "%PDF-" anywhere in the first KB
_TAIL_WINDOW = 2048  # "%%EOF" sits at the very end; a little slack for trailing junk
# pdfium marks a hyphen it met at a line join as U+FFFE (get_text_range) or U+0002
# (get_text_bounded): in council papers these are compound words ("decision-making").
_PDFIUM_HYPHENS = str.maketrans({"\ufffe": "-", "\x02": "-"})


def extract_pdf(path: Path) -> list[Page]:
    """Pages of a PDF, numbered from 1; ExtractionError for files that are not usable PDFs."""
    _check_is_pdf(path)
    try:
        return pdfium_pages(path)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium.raw.FPDF_ERR_PASSWORD:
            raise ExtractionError(path, "encrypted PDF: needs a password") from exc
        pdfium_problem = str(exc)
    try:
        return pypdf_pages(path)
    except ExtractionError:
        raise
    except Exception as exc:  # pypdf raises many types on broken files; all mean "unreadable"
        raise ExtractionError(path, _broken_reason(path, pdfium_problem, exc)) from exc


def normalise_pdf_text(text: str) -> str:
    """Undo extractor quirks that no later stage should have to know about."""
    return text.translate(_PDFIUM_HYPHENS).replace("\r\n", "\n").replace("\r", "\n")


def _check_is_pdf(path: Path) -> None:
    """Refuse files that merely carry a .pdf name (error pages saved by crawlers, images)."""
    with path.open("rb") as handle:
        head = handle.read(_HEADER_WINDOW)
    if b"%PDF-" not in head:
        raise ExtractionError(path, f"not a PDF: {_describe_start(head)}")


def _describe_start(head: bytes) -> str:
    """Say what the file is instead, so whoever fixes the crawl knows what it fetched."""
    lowered = head.lstrip()[:200].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered:
        return "it is an HTML page"
    if head.startswith(b"PK\x03\x04"):
        return "it is a ZIP archive (an Office document?)"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "it is a legacy Office (OLE) file"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "it is an image"
    preview = head[:16]
    return f"no %PDF- header (starts with {preview!r})"


def pdfium_pages(path: Path) -> list[Page]:
    """Text of every page as pdfium lays it out (raises PdfiumError on unparseable files)."""
    document = pdfium.PdfDocument(path)
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_bounded()
            finally:
                textpage.close()
                page.close()
            pages.append(Page(number=index + 1, text=normalise_pdf_text(text)))
        return pages
    finally:
        document.close()


def pypdf_pages(path: Path) -> list[Page]:
    """The fallback reader: slower, rougher layout, but tolerant of some damage pdfium refuses."""
    with _quiet_pypdf():
        reader = pypdf.PdfReader(path)
        if reader.is_encrypted and not _opens_without_password(reader):
            raise ExtractionError(path, "encrypted PDF: needs a password")
        return [
            Page(number=index + 1, text=normalise_pdf_text(page.extract_text() or ""))
            for index, page in enumerate(reader.pages)
        ]


def _opens_without_password(reader: pypdf.PdfReader) -> bool:
    """Owner-password-only PDFs open with an empty user password; those are readable."""
    try:
        return bool(reader.decrypt(""))
    except (FileNotDecryptedError, PdfReadError, NotImplementedError, pypdf.errors.DependencyError):
        return False


def _broken_reason(path: Path, pdfium_problem: str, pypdf_exc: Exception) -> str:
    """Tell a cut-off download from a damaged file: the first is fixed by fetching again."""
    with path.open("rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - _TAIL_WINDOW))
        tail = handle.read()
    detail = f"pdfium: {pdfium_problem}; pypdf: {type(pypdf_exc).__name__}: {pypdf_exc}"
    if b"%%EOF" not in tail:
        return f"truncated PDF (no end-of-file marker): {detail}"
    return f"corrupt PDF: {detail}"


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs a warning per repair it attempts; the outcome is reported by our exception."""
    logger = logging.getLogger("pypdf")
    previous = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(previous)
