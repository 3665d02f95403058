"""What a document is, from its text alone (the file path is not evidence).

read_metadata(part) gives a ReadMeta: title, council, doc_type, date, committee and
meeting date (minutes, agendas), and for Ofsted letters and reports - and council
documents reporting on an Ofsted visit - the visit's type, number and dates, the
inspectors and the judgement grades.
"""

from __future__ import annotations

from datetime import date

from ingest.metadata import doctype as dt
from ingest.metadata.council import council_in_path, detect_council
from ingest.metadata.grades import grades
from ingest.metadata.inspectors import inspectors
from ingest.metadata.meeting import (
    committee,
    cover_month,
    first_heading,
    meeting_date,
    report_date,
    report_title,
    slide_title,
)
from ingest.metadata.meeting import publication_date as paper_published
from ingest.metadata.ofsted import letter_date, letter_visit, publication_date, report_visit
from ingest.metadata.visits import Visit, mentioned_visit
from ingest.types import DocumentPart
from kb.dates import display, display_range, iso
from kb.search.records import ReadMeta

__all__ = ["part_text", "read_metadata", "read_source_metadata", "read_text_metadata"]


def part_text(part: DocumentPart) -> str:
    """The part's text, pages joined by newlines; '\\ufffe' soft hyphens as '-'."""
    text = "\n".join(page.text for page in part.pages)
    return text.replace("\ufffe", "-").replace("\r\n", "\n")


def read_metadata(part: DocumentPart) -> ReadMeta:
    """Everything the part's text says about the document."""
    return read_text_metadata(part_text(part))


def read_source_metadata(part: DocumentPart, source: str) -> ReadMeta:
    """read_metadata, with the council of the file's folder where the text names none
    (a committee system's web page rarely prints its council's name)."""
    meta = read_metadata(part)
    meta.council = meta.council or council_in_path(source)
    return meta


def read_text_metadata(text: str) -> ReadMeta:
    """read_metadata for a document given as plain text."""
    doc_type = dt.classify(text)
    meta = ReadMeta(doc_type=doc_type, council=detect_council(text, doc_type))
    if doc_type == dt.OFSTED_LETTER:
        _ofsted_letter(text, meta)
    elif doc_type == dt.OFSTED_REPORT:
        _ofsted_report(text, meta)
    elif doc_type in (dt.MINUTES, dt.AGENDA, dt.DECISION):
        _meeting(text, meta)
    else:
        _council_document(text, meta)
    return meta


def _ofsted_letter(text: str, meta: ReadMeta) -> None:
    visit = letter_visit(text, letter_date(text))
    # Read the date again knowing the visit: a letter cannot predate its visit.
    dated = letter_date(text, visit.end)
    _set_visit(meta, visit)
    meta.date = iso(dated)
    meta.inspectors = inspectors(text)
    kind = visit.visit_type or "visit"
    meta.title = f"Ofsted {kind} letter" + (f", {display(dated)}" if dated else "")


def _ofsted_report(text: str, meta: ReadMeta) -> None:
    visit = report_visit(text)
    _set_visit(meta, visit)
    published = publication_date(text)
    # ILACS reports print no publication date (only the inspection dates, which are
    # visit_start/visit_end): the date stays None rather than pass one off as the other.
    meta.date = iso(published)
    meta.inspectors = inspectors(text)
    meta.grades = grades(text)
    kind = f"{visit.visit_type} report" if visit.visit_type else "inspection report"
    when = display(published) if published else _range_text(visit.start, visit.end)
    meta.title = f"Ofsted {kind}" + (f", {when}" if when else "")


_LABELS = {dt.MINUTES: "Minutes", dt.AGENDA: "Agenda", dt.DECISION: "Decision"}


def _meeting(text: str, meta: ReadMeta) -> None:
    meta.committee = committee(text, meta.doc_type)
    held = meeting_date(text)
    meta.meeting_date = iso(held)
    meta.date = meta.meeting_date
    meta.published = iso(paper_published(text))
    if meta.doc_type != dt.AGENDA:
        # Minutes or decisions reporting on an Ofsted visit carry that visit's facts.
        _set_visit(meta, mentioned_visit(text, held.year if held else None))
    subject = meta.committee or first_heading(text) or "meeting"
    meta.title = f"{_LABELS[meta.doc_type]}: {subject}" + (f", {display(held)}" if held else "")


def _council_document(text: str, meta: ReadMeta) -> None:
    dated = report_date(text) if meta.doc_type == dt.REPORT else None
    meta.date = iso(dated) or (cover_month(text) if meta.doc_type == dt.REPORT else None)
    if meta.doc_type == dt.REPORT:
        # The meeting a report goes to ("Meeting: Cabinet", "Report to: Council").
        meta.committee = committee(text, meta.doc_type)
        meta.meeting_date = iso(meeting_date(text))
        meta.published = iso(paper_published(text))
    _set_visit(meta, mentioned_visit(text, dated.year if dated else None))
    if meta.doc_type == dt.PRESENTATION:
        meta.title = slide_title(text) or "Presentation"
    else:
        meta.title = report_title(text) or first_heading(text) or "Report"


def _set_visit(meta: ReadMeta, visit: Visit) -> None:
    meta.visit_type = visit.visit_type
    meta.visit_number = visit.visit_number
    meta.visit_start = iso(visit.start)
    meta.visit_end = iso(visit.end)


def _range_text(start: date | None, end: date | None) -> str | None:
    return display_range(start, end) if start and end else None
