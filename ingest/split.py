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
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from ingest.metadata.dates import find_dates
from ingest.types import DocumentPart, Page
from kb.vocab.councils import canonical_council

# Parts smaller than this (non-space characters) are stray furniture, not documents.
_MIN_PART_CHARS = 200
# How far (lines) a confirming signal may sit from the line that starts a document.
_LOOKAHEAD_LINES = 14
# How many heading lines above a start signal still belong to the new document.
_MAX_HEADING_LINES = 6

_APOS = "['’]"
# "Agenda Item 4" stamped on the first page of each item's papers. (Web-page minutes open
# every item with a bare "Agenda item": those items belong to one meeting's minutes, so
# the bare form is no boundary.)
_STAMP = re.compile(r"^\s*Agenda\s+Item\s+(?P<n>\d+[A-Za-z]?(?:\.\d+)?)\s*$", re.IGNORECASE)
_MEETING_HELD = re.compile(
    r"^\s*(?:An?|The)\s+(?:\w+\s+)?meeting\s+of\s+(?:the\s+)?\S.{2,200}?\s+(?:was|were)\s+held\b",
    re.IGNORECASE,
)
_MINUTES_OF = re.compile(
    r"^\s*MINUTES\s+of\s+(?:the\s+|a\s+)?(?!previous|last)\w.{2,200}?\b(?:held|meeting)\b",
    re.IGNORECASE,
)
_PRESENT = re.compile(
    r"^\s*(?:PRESENT|Present|ATTENDANCE|Attendance|Members\s+present|MEMBERS\s+PRESENT"
    r"|In\s+attendance|IN\s+ATTENDANCE|Councillors\s+present|Attendees)\b"
)
_BODY_HEADING = re.compile(
    r"^(?:[A-Z&',’-]+\s+)*(?:PANEL|COMMITTEE|SUB-COMMITTEE|BOARD|CABINET|FORUM|COUNCIL|GROUP"
    r"|PARTNERSHIP|EXECUTIVE)(?:\s+[A-Z&',’-]+)*$"
)
_AGENDA_LINE = re.compile(r"^\s*(?:AGENDA|Agenda)\s*$")
_DATE_TIME_VENUE = re.compile(
    r"^\s*Date\s*:.{0,80}\b(?:Time|Venue)\s*:|^\s*(?:Time|Venue)\s*:", re.IGNORECASE
)
_HEADER_FIELD = re.compile(
    r"^\s*(?:Report\s+of|Report\s+to|Report\s+by|Report\s+author|Subject|Title\s+of\s+report"
    r"|Report\s+title|Purpose(?:\s+of\s+(?:the\s+)?report)?|Wards?(?:\s+affected)?"
    r"|Key\s+decision|Executive\s+Member|Portfolio(?:\s+holder)?|Lead\s+officer"
    r"|Contact\s+officer|Relevant\s+Executive\s+Member|Decision\s+maker|Meeting"
    r"|Date(?:\s+of\s+meeting)?|Classification|Status)\s*[:\t]",
    re.IGNORECASE,
)
_REPORT_TITLE_FIELD = re.compile(
    r"^\s*(?:TITLE\s+OF\s+REPORT|REPORT\s+OF|REPORT\s+TO|Report\s+of\s+the|Subject)\s*[:\-–]",
    re.IGNORECASE,
)
_CAPS_REPORT = re.compile(r"^\s*(?:[A-Z&']+\s+){0,4}REPORT(?:\s+(?:OF|TO|BY)\b.*)?\s*$")
_OFSTED_ADDRESS = re.compile(
    r"Piccadilly\s+Gate|Clive\s+House|Agora,?\s+6\s+Cumberland|Store\s+Street\s+Manchester",
    re.IGNORECASE,
)
_DEAR = re.compile(r"^\s*Dear\s+\S", re.IGNORECASE)
_LETTER_OPENING = re.compile(
    r"This\s+letter\s+summarises|(?:Monitoring|Focused|Focussed)\s+visit\s+(?:to|of)\s"
    r"|Joint\s+targeted\s+area\s+inspection",
    re.IGNORECASE,
)
# An Ofsted inspection report's title page: a title, then its inspection dates.
_REPORT_TITLE = re.compile(
    r"^\s*(?:Re-i|I)nspection\s+of\s|^\s*Review\s+of\s+the\s+effectiveness\s+of\s+the\s+Local"
)
_INSPECTION_DATES = re.compile(r"^\s*Inspection\s+dates?\s*:", re.IGNORECASE)
_SIGN_OFF = re.compile(r"^\s*Yours\s+(?:sincerely|faithfully)\b", re.IGNORECASE)
_LEFT_BLANK = re.compile(r"This\s+page\s+is\s+intentionally\s+left\s+blank\.?", re.IGNORECASE)
_OFSTED_FILE_OPENING = re.compile(
    r"This\s+letter\s+summarises\s+the\s+findings"
    rf"|Inspection\s+of\s+.{{0,120}}?local\s+authority\s+children{_APOS}s\s+services"
    rf"|Inspection\s+of\s+children{_APOS}s\s+social\s+care\s+services"
    r"|Inspection\s+of\s+services\s+for\s+children\s+in\s+need\s+of\s+help"
    r"|Inspection\s+of\s+(?:safeguarding\s+and\s+)?looked\s+after\s+children\s+services"
    r"|Joint\s+targeted\s+area\s+inspection\s+of"
    r"|Review\s+of\s+the\s+effectiveness\s+of\s+the\s+local\s+safeguarding\s+children",
    re.IGNORECASE | re.DOTALL,
)
_COUNCIL_DOC_OPENING = re.compile(
    r"^\s*(?:An?|The)\s+meeting\s+of|^\s*AGENDA\s*$|^\s*Agenda\s+Item\b|^\s*MINUTES\b"
    r"|^\s*(?:TITLE\s+OF\s+REPORT|Report\s+of|REPORT\s+TO)\b",
    re.IGNORECASE | re.MULTILINE,
)


@dataclass(frozen=True)
class _Line:
    text: str
    start: int  # offset of the line in the joined text
    end: int  # offset just past the line (without its newline)


def split_documents(pages: list[Page]) -> list[DocumentPart]:
    """The documents held in a file's pages, in file order (index 0, 1, ...)."""
    if not pages:
        return []
    text, spans = _join(pages)
    if _opens_as_ofsted(text):
        return [DocumentPart(pages=list(pages), index=0)]
    lines = _lines(text)
    cuts = _merge_small(sorted(set(_boundaries(lines, text))), text)
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


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        lines.append(_Line(raw, pos, pos + len(raw)))
        pos += len(raw) + 1
    return lines


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
    ofsted = _OFSTED_FILE_OPENING.search(head)
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


# --- boundary signals -------------------------------------------------------------------


def _boundaries(lines: list[_Line], text: str) -> list[int]:
    """Offsets where a new document starts."""
    starts: list[int] = []
    last_stamp: str | None = None
    for i, line in enumerate(lines):
        stamp = _STAMP.match(line.text)
        if stamp:
            # A stamp repeated as a running page header is not a new document.
            number = stamp.group("n")
            if number != last_stamp:
                starts.append(line.start)
            last_stamp = number
            continue
        start = _document_start(lines, i)
        if start is not None:
            starts.append(lines[_heading_top(lines, start)].start)
    starts.extend(_document_ends(lines, text))
    return _collapse(starts, text)


def _document_start(lines: list[_Line], i: int) -> int | None:
    """Index of the line where a document starting around line i begins, else None."""
    line = lines[i].text
    if (_MEETING_HELD.match(line) or _MINUTES_OF.match(line)) and _minutes_confirmed(lines, i):
        return i
    if _printed_minutes_heading(lines, i):
        return i
    if _AGENDA_LINE.match(line) or _DATE_TIME_VENUE.match(line):
        return i
    if _OFSTED_ADDRESS.search(line) and _ahead(lines, i, lambda t: bool(_DEAR.match(t)), 30):
        return i
    if _DEAR.match(line) and _ahead(lines, i, lambda t: bool(_LETTER_OPENING.search(t)), 6):
        return _letter_top(lines, i)
    if _REPORT_TITLE.match(line) and _ahead(
        lines, i, lambda t: bool(_INSPECTION_DATES.match(t)), 8
    ):
        return i
    if _report_header_at(lines, i):
        return i
    return None


def _minutes_confirmed(lines: list[_Line], i: int) -> bool:
    """Minutes open with who attended, under the body's heading: without either, "The
    last meeting of the Board was held on ..." is a sentence, not a start."""
    if _ahead(lines, i, lambda t: bool(_PRESENT.match(t)), _LOOKAHEAD_LINES):
        return True
    above = next(
        (ln.text.strip() for ln in reversed(lines[max(0, i - 4) : i]) if ln.text.strip()), ""
    )
    return bool(_BODY_HEADING.match(above))


def _printed_minutes_heading(lines: list[_Line], i: int) -> bool:
    """Printed minutes open with the body's name, the meeting's date and who was present
    ("AUDIT COMMITTEE / 24 SEPTEMBER 2009 / PRESENT: ..."); a running page header repeats
    the first two, never the third."""
    if not _BODY_HEADING.match(lines[i].text.strip()):
        return False
    return _ahead(lines, i, _is_date_line, 3) and _ahead(
        lines, i, lambda t: bool(_PRESENT.match(t)), 8
    )


def _is_date_line(text: str) -> bool:
    found = find_dates(text)
    return bool(found) and len(text.strip()) - (found[0].end - found[0].start) <= 14


def _report_header_at(lines: list[_Line], i: int) -> bool:
    """A report header: a title/author field or caps 'REPORT' line with a second field."""
    line = lines[i].text
    if not (_REPORT_TITLE_FIELD.match(line) or _CAPS_REPORT.match(line)):
        return False
    window = [ln.text for ln in lines[max(0, i - 4) : i + 8] if ln is not lines[i]]
    fields = sum(1 for t in window if _HEADER_FIELD.match(t) or _REPORT_TITLE_FIELD.match(t))
    return fields >= 1 or bool(_CAPS_REPORT.match(line) and _has_council_line(lines, i))


def _has_council_line(lines: list[_Line], i: int) -> bool:
    near = lines[max(0, i - 3) : i + 4]
    return any(_is_council_line(ln.text) for ln in near)


def _is_council_line(text: str) -> bool:
    s = text.strip()
    return bool(s) and len(s) < 80 and canonical_council(s) is not None


def _ahead(lines: list[_Line], i: int, test: Callable[[str], bool], limit: int) -> bool:
    return any(test(ln.text) for ln in lines[i + 1 : i + 1 + limit])


def _letter_top(lines: list[_Line], dear: int) -> int:
    """The top of a letter's address block above 'Dear ...': its date line if near."""
    for j in range(dear - 1, max(-1, dear - _LOOKAHEAD_LINES), -1):
        if re.fullmatch(r"\s*\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}\s*", lines[j].text):
            return j
    return dear


def _heading_top(lines: list[_Line], i: int) -> int:
    """Walk up from line i over the heading lines that belong to the same document."""
    top = i
    seen = 0
    j = i - 1
    while j >= 0 and seen < _MAX_HEADING_LINES:
        text = lines[j].text.strip()
        if not text:
            j -= 1
            continue
        if not _is_heading_line(text):
            break
        top = j
        seen += 1
        j -= 1
    return top


def _is_heading_line(text: str) -> bool:
    """Committee headings, council names, stamps, 'Date:/Time:/Venue:' and date lines."""
    if _STAMP.match(text) or _DATE_TIME_VENUE.match(text) or _AGENDA_LINE.match(text):
        return True
    if _OFSTED_ADDRESS.search(text) or re.fullmatch(r"\s*Ofsted\s*", text):
        return True
    if re.fullmatch(r"(?:Page\s+)?\d{1,3}", text, re.IGNORECASE):
        return True  # a page number printed above the title
    if len(text) > 120 or text.rstrip().endswith((".", ";", ",")):
        return False
    if re.fullmatch(r"(?:\w+day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+,?\s+\d{4}", text):
        return True
    if re.fullmatch(r"MINUTES|NOTICE OF MEETING|PUBLIC DOCUMENT PACK", text, re.IGNORECASE):
        return True
    letters = [c for c in text if c.isalpha()]
    mostly_caps = bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.85
    return (mostly_caps and len(letters) > 3) or _is_council_line(text)


def _document_ends(lines: list[_Line], text: str) -> list[int]:
    """Offsets just after a document's end: a letter's signature, a 'left blank' page."""
    ends = [m.end() for m in _LEFT_BLANK.finditer(text)]
    for i, line in enumerate(lines):
        if _SIGN_OFF.match(line.text):
            end = _signature_end(lines, i)
            if end is not None:
                ends.append(end)
    return ends


def _signature_end(lines: list[_Line], i: int) -> int | None:
    """End offset of the signature under 'Yours sincerely' (name and role lines)."""
    last: int | None = None
    taken = 0
    for ln in lines[i + 1 : i + 8]:
        text = ln.text.strip()
        if not text:
            continue
        if len(text) > 160 or taken >= 4:
            break
        last = ln.end
        taken += 1
        if re.search(r"Inspector|HMI\b|Director|Chief\s+Executive|Officer|Manager", text):
            break
    return last


def _collapse(offsets: list[int], text: str) -> list[int]:
    """Merge offsets separated only by white space (the later one wins)."""
    out: list[int] = []
    for off in sorted(set(offsets)):
        if out and not text[out[-1] : off].strip():
            out[-1] = off
        else:
            out.append(off)
    return out
