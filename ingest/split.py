"""Split a file's pages into the documents it holds.

An agenda pack holds an agenda front sheet, minutes of the previous meeting, officers'
reports, letters (an Ofsted letter among them) and slides. Boundaries come from the
general furniture of council documents, never from any one document's wording:

- a committee heading followed by "A meeting of ... was held on" / "Minutes of the
  meeting of ..." (minutes);
- an "AGENDA" heading or a "Date: ... Time: ... Venue: ..." block (agenda front sheet);
- an "Agenda Item N" stamp, or a report header block ("Report of:", "Subject:",
  "TITLE OF REPORT:", "Date:", "SCRUTINY REPORT") (officers' reports, slides);
- an Ofsted report's title followed by "Inspection dates:";
- an Ofsted letterhead ("Piccadilly Gate", "Clive House") or "Dear <name>" followed by
  "This letter summarises the findings" (letters);
- a letter's sign-off ("Yours sincerely" + signature) or "This page is intentionally
  left blank": whatever follows starts a new document.

A file that opens as an Ofsted letter or inspection report is always one document.
Parts keep the file's page numbers; a page cut by a boundary becomes two Pages with the
same number.
"""

from __future__ import annotations

import re
from itertools import pairwise

from ingest.boundaries import boundaries, lines_of
from ingest.types import DocumentPart, Page
from kb.vocab.ofsted import ofsted_markers

# Parts smaller than this (non-space characters) are stray furniture, not documents.
_MIN_PART_CHARS = 200

_COUNCIL_DOC_OPENING = re.compile(
    r"^\s*(?:An?|The)\s+meeting\s+of|^\s*AGENDA\s*$|^\s*Agenda\s+Item\b|^\s*MINUTES\b"
    r"|^\s*(?:TITLE\s+OF\s+REPORT|Report\s+of|REPORT\s+TO)\b",
    re.IGNORECASE | re.MULTILINE,
)


def split_documents(pages: list[Page]) -> list[DocumentPart]:
    """The documents held in a file's pages, in file order (index 0, 1, ...)."""
    if not pages:
        return []
    text, spans = _join(pages)
    if _opens_as_ofsted(text):
        return [DocumentPart(pages=list(pages), index=0)]
    lines = lines_of(text)
    cuts = _merge_small(sorted(set(boundaries(lines, text))), text)
    edges = [0, *cuts, len(text)]
    parts: list[DocumentPart] = []
    for a, b in pairwise(edges):
        part_pages = _slice_pages(pages, spans, a, b)
        if part_pages:
            parts.append(DocumentPart(pages=part_pages, index=len(parts)))
    return parts or [DocumentPart(pages=list(pages), index=0)]


# --- text bookkeeping -------------------------------------------------------------------


def _join(pages: list[Page]) -> tuple[str, list[tuple[int, int]]]:
    """All page texts joined by newlines, with each page's (start, end) offsets."""
    spans: list[tuple[int, int]] = []
    chunks: list[str] = []
    pos = 0
    for page in pages:
        spans.append((pos, pos + len(page.text)))
        chunks.append(page.text)
        pos += len(page.text) + 1
    return "\n".join(chunks), spans


def _slice_pages(pages: list[Page], spans: list[tuple[int, int]], a: int, b: int) -> list[Page]:
    """The pieces of pages between offsets a and b, blank pieces dropped."""
    out: list[Page] = []
    for page, (ps, pe) in zip(pages, spans, strict=True):
        lo, hi = max(a, ps), min(b, pe)
        if lo >= hi:
            continue
        piece = page.text[lo - ps : hi - ps]
        if piece.strip():
            out.append(Page(number=page.number, text=piece))
    return out


def _opens_as_ofsted(text: str) -> bool:
    """True when the file starts as an Ofsted letter or report (always one document)."""
    head = text[:5000]
    ofsted = ofsted_markers().file_opening.search(head)
    if not ofsted:
        return False
    council = _COUNCIL_DOC_OPENING.search(head)
    return council is None or council.start() > ofsted.start()


def _merge_small(cuts: list[int], text: str) -> list[int]:
    """Drop cuts that would leave a part with almost no text.

    A small piece (a stray stamp or heading) joins the document after it; a small tail
    joins the document before it.
    """
    kept: list[int] = []
    previous = 0
    for cut in cuts:
        if not 0 < cut < len(text) or _solid_chars(text[previous:cut]) < _MIN_PART_CHARS:
            continue
        kept.append(cut)
        previous = cut
    if kept and _solid_chars(text[kept[-1] :]) < _MIN_PART_CHARS:
        kept.pop()
    return kept


def _solid_chars(s: str) -> int:
    return len(re.sub(r"\s", "", s))
