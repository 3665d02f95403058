"""What ingest read about a document, field by field, with officers' corrections marked:
for the upload result, the document page's correction form and their JSON."""

from __future__ import annotations

from typing import Any

from api.present import document_dict
from kb.dates import human_date
from kb.search.corrections import FIELDS, REQUIRED, Correction
from kb.search.knowledge import KnowledgeBase
from kb.search.records import Document
from kb.vocab.kinds import DOC_TYPE_LABELS, VISIT_TYPES

LABELS = {
    "title": "Title",
    "council": "Council",
    "doc_type": "Document type",
    "committee": "Committee",
    "date": "Date (meeting or publication)",
    "meeting_date": "Meeting date",
    "visit_type": "Ofsted visit type",
    "visit_number": "Visit number",
    "visit_start": "Visit start",
    "visit_end": "Visit end",
}
DATES = frozenset({"date", "meeting_date", "visit_start", "visit_end"})
OPTIONS: dict[str, list[tuple[str, str]]] = {
    "doc_type": list(DOC_TYPE_LABELS.items()),
    "visit_type": [(v, v[:1].upper() + v[1:]) for v in VISIT_TYPES],
}


def shown(field: str, value: Any) -> str:
    """A value as the page writes it; "not read" when ingest found none."""
    if value is None or value == "":
        return "not read"
    if field in DATES:
        return human_date(str(value)) or str(value)
    if field == "doc_type":
        return DOC_TYPE_LABELS.get(str(value), str(value))
    return str(value)


def metadata_fields(document: Document, corrections: list[Correction]) -> list[dict[str, Any]]:
    """One entry per correctable field: its value now, and what was read if corrected."""
    by_field = {c.field: c for c in corrections}
    out = []
    for field in FIELDS:
        value = getattr(document, field)
        correction = by_field.get(field)
        out.append(
            {
                "name": field,
                "label": LABELS[field],
                "value": "" if value is None else str(value),
                "shown": shown(field, value),
                "corrected": correction is not None,
                "read": shown(field, correction.read) if correction else None,
                "input": "date"
                if field in DATES
                else "number"
                if field == "visit_number"
                else "text",
                "options": OPTIONS.get(field),
                "required": field in REQUIRED,
            }
        )
    return out


def document_read(document: Document, corrections: list[Correction]) -> dict[str, Any]:
    """A document's metadata as the API returns it, with `corrected`: field -> what the
    officer set and what ingest read."""
    data = document_dict(document)
    data["corrected"] = {c.field: {"value": c.value, "read": c.read} for c in corrections}
    return data


def file_read(kb: KnowledgeBase, source: str) -> list[dict[str, Any]]:
    """What was read about each document of an ingested file (the upload result)."""
    return [document_read(d, kb.corrections(d.id)) for d in kb.documents_of_source(source)]
