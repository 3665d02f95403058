"""A document as a report lists it: the documents searched, discussed or graded."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kb.reports.links import Links
from kb.search.records import Document
from kb.vocab.kinds import DOC_TYPE_LABELS


@dataclass(frozen=True)
class DocumentRef:
    id: str
    title: str
    doc_type: str
    date: str | None
    council: str | None

    def to_dict(self, links: Links) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "doc_type": self.doc_type,
            "doc_type_label": DOC_TYPE_LABELS.get(self.doc_type, self.doc_type),
            "date": self.date,
            "council": self.council,
            "url": links.document(self.id),
        }


def newest_documents(documents: Iterable[Document]) -> list[Document]:
    return sorted(documents, key=lambda d: d.effective_date or "", reverse=True)


def document_ref(document: Document) -> DocumentRef:
    # The date shown is one the document bears; an undated document says so.
    shown = document.date or document.meeting_date
    return DocumentRef(document.id, document.title, document.doc_type, shown, document.council)
