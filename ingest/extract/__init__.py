"""File -> ExtractedFile: one Page per PDF page, one Page for formats without pages.

`extract` runs in-process and trusts nothing about the file; call it through
`ingest.sandbox.extract_safely` for files from outside so that a hostile or broken file cannot
hang or exhaust the caller. Every failure is an `ExtractionError` with a reason a person can act on.
"""

from __future__ import annotations

from pathlib import Path

from ingest.extract.docx import extract_docx
from ingest.extract.html import extract_html
from ingest.extract.pdf import extract_pdf
from ingest.extract.text import extract_text
from ingest.types import ExtractedFile, ExtractionError, Page

SUPPORTED_SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf", ".docx"}

_EXTRACTORS = {
    ".pdf": (extract_pdf, "pdf"),
    ".html": (extract_html, "html"),
    ".htm": (extract_html, "html"),
    ".docx": (extract_docx, "docx"),
    ".txt": (extract_text, "text"),
    ".md": (extract_text, "text"),
}

__all__ = ["SUPPORTED_SUFFIXES", "extract", "has_text"]


def has_text(pages: list[Page]) -> bool:
    """True when some page holds a letter or digit: whitespace and page furniture do not count."""
    return any(ch.isalnum() for page in pages for ch in page.text)


def extract(path: Path) -> ExtractedFile:
    """Read `path` into pages; raise ExtractionError rather than return no text."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _EXTRACTORS:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise ExtractionError(path, f"unsupported file type {suffix or '(none)'!r}: {supported}")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ExtractionError(path, f"cannot read file: {exc.strerror or exc}") from exc
    if size == 0:
        raise ExtractionError(path, "empty file (0 bytes)")
    extractor, fmt = _EXTRACTORS[suffix]
    pages = extractor(path)
    if not has_text(pages):
        raise ExtractionError(path, "no text could be extracted (scanned or image-only?)")
    return ExtractedFile(path=path, format=fmt, pages=pages)
