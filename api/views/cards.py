"""Cards: a citation (a quoted passage with where it is from) and a document, as plain
values; the citation, search, basket and saved-search pages all show them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from api.urls import SITE
from api.views.display import council_colour, doc_type_label, nice_date, visit_label
from api.views.marks import marked_pieces
from kb.reports.evidence import item_key
from kb.search.records import Document, Hit
from kb.vocab.kinds import STANCE_LABELS


def citation_view(hit: Hit, n: int) -> dict[str, Any]:
    """Everything a citation card shows, as plain values."""
    visit = visit_label(hit.visit_type, hit.visit_number, hit.visit_start, hit.visit_end)
    cite = [hit.council or "Unknown council", hit.title, doc_type_label(hit.doc_type)]
    cite += [nice_date(hit.date)] if hit.date else []
    cite += [hit.pages] if hit.page else []
    cite += [visit] if visit else []
    return {
        "n": n,
        "id": hit.id,
        "council": hit.council or "Unknown council",
        "colour": council_colour(hit.council),
        "title": hit.title,
        "doc_type": doc_type_label(hit.doc_type),
        "date": nice_date(hit.date),
        "page": hit.page,
        "pages": hit.pages,
        "heading": hit.heading,
        "visit": visit,
        "stance": hit.stance,
        "stance_label": STANCE_LABELS.get(hit.stance, hit.stance),
        "pieces": marked_pieces(hit.text, hit.marked),
        "link": SITE.passage(hit.id, hit.marked),
        "basket": item_key(hit.id, hit.marked),
        "file": SITE.document_file(hit.document_id, hit.source, hit.answer_page),
        "opens_at": hit.answer_page,
        "is_pdf": hit.source.lower().endswith(".pdf"),
        "cite": " · ".join(cite),
    }


def document_view(document: Document) -> dict[str, Any]:
    visit = visit_label(
        document.visit_type, document.visit_number, document.visit_start, document.visit_end
    )
    return {
        "id": document.id,
        "url": SITE.document(document.id),
        "title": document.title,
        "council": document.council or "Unknown council",
        "colour": council_colour(document.council),
        "doc_type": doc_type_label(document.doc_type),
        "date": nice_date(document.date),
        "committee": document.committee,
        "meeting_date": nice_date(document.meeting_date),
        "published": nice_date(document.published),
        "visit": visit,
        "inspectors": document.inspectors,
        "grades": [
            (k[:1].upper() + k[1:], v[:1].upper() + v[1:]) for k, v in document.grades.items()
        ],
        "file_name": Path(document.source).name,
        "file_format": document.file_format,
        "file": f"/documents/{document.id}/file",
    }
