"""Committee, meeting date and titles of council minutes, agendas and reports."""

from __future__ import annotations

import re
from datetime import date

from ingest.metadata import doctype as dt
from ingest.metadata.committee import committee_name
from ingest.metadata.header import body_in_minutes, read_header
from kb.dates import find_dates, month_number
from kb.vocab.councils import canonical_council
from kb.vocab.papers import paper_vocab

_I = re.IGNORECASE
_M = re.MULTILINE

_BODY_WORDS = (
    r"Panel|Committee|Sub-Committee|Board|Cabinet|Forum|Council|Group|Partnership|Executive"
)
# A line that is only a month and year: a report's cover date ("April 2013").
_MONTH_YEAR_LINE = re.compile(
    r"^(?:(?:Published|Dated?)\s*:?\s*)?(?P<m>[A-Z][a-z]+)\.?,?\s+(?P<y>(?:19|20)\d\d)$"
)
_HEAD_LINES = 40


def committee(text: str, doc_type: str | None = None) -> str | None:
    """The committee, panel or board whose meeting the document records, calls or goes to."""
    found = read_header(text).committee
    if found or doc_type not in (None, dt.MINUTES, dt.AGENDA, dt.DECISION):
        return found
    # A heading near the top that is a body's name ("AUDIT COMMITTEE", "Cabinet").
    for line in [ln.strip() for ln in text.split("\n")[:_HEAD_LINES] if ln.strip()]:
        if len(line) <= 160 and not line.endswith((".", ",", ";")):
            name = committee_name(line)
            if name:
                return name
    return body_in_minutes(text) if doc_type in (None, dt.MINUTES, dt.DECISION) else None


def meeting_date(text: str) -> date | None:
    """The date of the meeting the minutes record, the agenda calls or the report goes to."""
    return read_header(text).meeting_date


def publication_date(text: str) -> date | None:
    """The date a committee system printed as the paper's publication date."""
    return read_header(text).published


def agenda_item(text: str) -> str | None:
    """The agenda item number a one-item page prints ("(Item 14)")."""
    return read_header(text).item


def report_date(text: str) -> date | None:
    """A report's own date: the meeting its header names, else a date line in its header."""
    held = read_header(text).meeting_date
    if held:
        return held
    for line in [ln.strip() for ln in text.split("\n") if ln.strip()][:20]:
        matches = find_dates(line)
        # A line that is only a date (perhaps with a weekday) is the header's date.
        if matches and len(line) - (matches[0].end - matches[0].start) <= 12:
            return matches[0].value
    return None


def cover_month(text: str) -> str | None:
    """'2013-04' for a report whose cover prints only a month and year ("April 2013")."""
    for line in [ln.strip() for ln in text.split("\n") if ln.strip()][:12]:
        m = _MONTH_YEAR_LINE.match(line)
        month = month_number(m.group("m")) if m else None
        if m and month:
            return f"{m.group('y')}-{month:02d}"
    return None


_TITLE_FIELD = re.compile(
    r"^\s*(?:TITLE\s+OF\s+REPORT|Report\s+title|Subject|Title)\s*[:\t]\s*(?P<t>[^\n]{3,200})",
    _I | _M,
)
_NOT_TITLE = re.compile(
    r"^\s*(?:Agenda\s+Item\b|Agenda\s+item\s*$|(?:[A-Z]+\s+){0,3}REPORT\s*$|Report\s+of\b"
    r"|Report\s+to\b|REPORT\s+OF|Date\s*:|Page\s+\d+|Minutes\s*:?\s*$|Public\b|Part\s+[AB1-2]\b)",
    _I,
)


def report_title(text: str) -> str | None:
    """A report's own title: its title field, else its first title-like header line."""
    field = _TITLE_FIELD.search(text[:3000])
    if field:
        return " ".join(field.group("t").split())
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()][:15]
    for line in lines:
        if _is_title_line(line):
            return " ".join(line.split())
    return None


def _is_title_line(line: str) -> bool:
    if _NOT_TITLE.match(line) or len(line) > 150 or len(line.split()) < 2:
        return False
    if canonical_council(line) or canonical_council(re.sub(r"(?i)\bcouncil\b", "", line)):
        return False
    if find_dates(line) and len(line) < 40:
        return False
    if line.isupper() and re.search(rf"\b(?:{_BODY_WORDS.upper()})\b", line):
        return False  # a committee heading
    # "Paula Jemson, Head of Service ..." is an author line.
    return not re.match(r"^[A-Z][a-z]+\s+[A-Z][\w'-]+,\s", line)


def first_heading(text: str) -> str | None:
    """The first short heading line (the item title in web-page minutes)."""
    furniture = paper_vocab().furniture_label
    for line in [ln.strip() for ln in text.split("\n") if ln.strip()][:6]:
        if re.fullmatch(r"(?i)agenda\s+item(?:\s+\d+\w?)?", line) or furniture.match(line):
            continue
        line = paper_vocab().attachment.sub("", line)
        if len(line.split()) <= 12 and not line.endswith("."):
            return " ".join(line.split())
    return None


def slide_title(text: str) -> str | None:
    """A slide deck's title: its first few short lines joined."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    title: list[str] = []
    for line in lines[:4]:
        if len(line) > 80 or line.endswith(".") or re.match(r"^[-•·▪◼]\s", line):
            break
        title.append(line)
        if len(title) == 3:
            break
    return " – ".join(title) if title else None
