"""Where documents start and end inside a file's text: the signals of ingest/split.py.

Starts: "Agenda Item N" stamps, minutes' openings confirmed by who attended, agenda front
sheets, report header blocks, Ofsted letterheads and letters, Ofsted report titles with
their inspection dates. Ends: a letter's signature, "This page is intentionally left blank".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kb.dates import find_dates
from kb.vocab.councils import canonical_council
from kb.vocab.ofsted import ofsted_markers

# How far (lines) a confirming signal may sit from the line that starts a document.
_LOOKAHEAD_LINES = 14
# How many heading lines above a start signal still belong to the new document.
_MAX_HEADING_LINES = 6

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
_DEAR = re.compile(r"^\s*Dear\s+\S", re.IGNORECASE)
_SIGN_OFF = re.compile(r"^\s*Yours\s+(?:sincerely|faithfully)\b", re.IGNORECASE)
_LEFT_BLANK = re.compile(r"This\s+page\s+is\s+intentionally\s+left\s+blank\.?", re.IGNORECASE)


@dataclass(frozen=True)
class Line:
    text: str
    start: int  # offset of the line in the joined text
    end: int  # offset just past the line (without its newline)


def lines_of(text: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        lines.append(Line(raw, pos, pos + len(raw)))
        pos += len(raw) + 1
    return lines


def boundaries(lines: list[Line], text: str) -> list[int]:
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


def _document_start(lines: list[Line], i: int) -> int | None:
    """Index of the line where a document starting around line i begins, else None."""
    line = lines[i].text
    if (_MEETING_HELD.match(line) or _MINUTES_OF.match(line)) and _minutes_confirmed(lines, i):
        return i
    if _printed_minutes_heading(lines, i):
        return i
    if _AGENDA_LINE.match(line) or _DATE_TIME_VENUE.match(line):
        return i
    markers = ofsted_markers()
    if markers.letterhead_line.search(line) and _ahead(
        lines, i, lambda t: bool(_DEAR.match(t)), 30
    ):
        return i
    if _DEAR.match(line) and _ahead(
        lines, i, lambda t: bool(markers.letter_after_dear.search(t)), 6
    ):
        return _letter_top(lines, i)
    if markers.report_title_line.match(line) and _ahead(
        lines, i, lambda t: bool(markers.inspection_dates_line.match(t)), 8
    ):
        return i
    if _report_header_at(lines, i):
        return i
    return None


def _minutes_confirmed(lines: list[Line], i: int) -> bool:
    """Minutes open with who attended, under the body's heading: without either, "The
    last meeting of the Board was held on ..." is a sentence, not a start."""
    if _ahead(lines, i, lambda t: bool(_PRESENT.match(t)), _LOOKAHEAD_LINES):
        return True
    above = next(
        (ln.text.strip() for ln in reversed(lines[max(0, i - 4) : i]) if ln.text.strip()), ""
    )
    return bool(_BODY_HEADING.match(above))


def _printed_minutes_heading(lines: list[Line], i: int) -> bool:
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


def _report_header_at(lines: list[Line], i: int) -> bool:
    """A report header: a title/author field or caps 'REPORT' line with a second field."""
    line = lines[i].text
    if not (_REPORT_TITLE_FIELD.match(line) or _CAPS_REPORT.match(line)):
        return False
    window = [ln.text for ln in lines[max(0, i - 4) : i + 8] if ln is not lines[i]]
    fields = sum(1 for t in window if _HEADER_FIELD.match(t) or _REPORT_TITLE_FIELD.match(t))
    return fields >= 1 or bool(_CAPS_REPORT.match(line) and _has_council_line(lines, i))


def _has_council_line(lines: list[Line], i: int) -> bool:
    near = lines[max(0, i - 3) : i + 4]
    return any(_is_council_line(ln.text) for ln in near)


def _is_council_line(text: str) -> bool:
    s = text.strip()
    return bool(s) and len(s) < 80 and canonical_council(s) is not None


def _ahead(lines: list[Line], i: int, test: Callable[[str], bool], limit: int) -> bool:
    return any(test(ln.text) for ln in lines[i + 1 : i + 1 + limit])


def _letter_top(lines: list[Line], dear: int) -> int:
    """The top of a letter's address block above 'Dear ...': its date line if near."""
    for j in range(dear - 1, max(-1, dear - _LOOKAHEAD_LINES), -1):
        if re.fullmatch(r"\s*\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}\s*", lines[j].text):
            return j
    return dear


def _heading_top(lines: list[Line], i: int) -> int:
    """Walk up from line i over the heading lines that belong to the same document."""
    top = i
    seen = 0
    j = i - 1
    while j >= 0 and seen < _MAX_HEADING_LINES:
        text = lines[j].text.strip()
        if not text:
            j -= 1
            continue
        if not _is_masthead_line(text):
            break
        top = j
        seen += 1
        j -= 1
    return top


# Not kb/search/blocks.is_heading: this asks whether a line is a document's masthead (stamps,
# council names, dates) above where it starts, not whether it titles a section.
def _is_masthead_line(text: str) -> bool:
    """Committee headings, council names, stamps, 'Date:/Time:/Venue:' and date lines."""
    if _STAMP.match(text) or _DATE_TIME_VENUE.match(text) or _AGENDA_LINE.match(text):
        return True
    if ofsted_markers().letterhead_line.search(text) or re.fullmatch(r"\s*Ofsted\s*", text):
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


def _document_ends(lines: list[Line], text: str) -> list[int]:
    """Offsets just after a document's end: a letter's signature, a 'left blank' page."""
    ends = [m.end() for m in _LEFT_BLANK.finditer(text)]
    for i, line in enumerate(lines):
        if _SIGN_OFF.match(line.text):
            end = _signature_end(lines, i)
            if end is not None:
                ends.append(end)
    return ends


def _signature_end(lines: list[Line], i: int) -> int | None:
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
