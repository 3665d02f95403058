"""DOCX -> one Page: paragraphs in order, headings and list items on own lines, tables as rows."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from ingest.types import ExtractionError, Page

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_HEADING_STYLES = ("Heading", "Title", "Subtitle")


def extract_docx(path: Path) -> list[Page]:
    document = _open(path)
    blocks: list[str] = []
    for item in document.iter_inner_content():
        block = _table_text(item) if isinstance(item, Table) else _paragraph_text(item)
        if not block:
            continue
        # consecutive list items form one list; everything else is its own blank-line block
        if block.startswith("- ") and blocks and blocks[-1].startswith("- "):
            blocks[-1] += "\n" + block
        else:
            blocks.append(block)
    return [Page(number=1, text="\n\n".join(blocks))]


def _open(path: Path) -> Document:
    """python-docx's own errors say "package not found"; say what the file is instead."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(_OLE_MAGIC):
        raise ExtractionError(path, "not a DOCX: a password-protected or legacy Word (.doc) file")
    if not head.startswith(_ZIP_MAGIC):
        raise ExtractionError(path, f"not a DOCX: not a ZIP package (starts with {head!r})")
    try:
        return docx.Document(str(path))
    except Exception as exc:  # zipfile, lxml and python-docx each raise their own types
        raise ExtractionError(path, f"corrupt DOCX: {type(exc).__name__}: {exc}") from exc


def _paragraph_text(paragraph: Paragraph) -> str:
    text = " ".join(paragraph.text.split())
    if not text:
        return ""
    if _is_list_item(paragraph):
        return f"- {text}"
    return text


def _is_list_item(paragraph: Paragraph) -> bool:
    """Word marks lists by numbering properties or by a "List ..." style; both mean a bullet."""
    properties = paragraph._p.pPr
    if properties is not None and properties.numPr is not None:
        return not _is_heading(paragraph)  # numbered headings are headings, not list items
    return _style_name(paragraph).startswith("List")


# Word says so through the paragraph's style: stronger evidence than the heading rule
# (kb/search/blocks.py), which the laid-out text still goes through.
def _is_heading(paragraph: Paragraph) -> bool:
    return _style_name(paragraph).startswith(_HEADING_STYLES)


def _style_name(paragraph: Paragraph) -> str:
    style = paragraph.style
    return (style.name or "") if style is not None else ""


def _table_text(table: Table) -> str:
    """One line per row, cells joined by " | "; a merged cell is reported once."""
    lines = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            text = " ".join(cell.text.split())
            if text:
                cells.append(text)
        if cells:
            lines.append(" | ".join(cells))
    return "\n".join(lines)
