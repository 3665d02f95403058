"""What a write of one file carries and what it did, and the metadata Chroma filters on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kb.search.filters import date_number
from kb.search.records import Document, Passage


@dataclass(frozen=True)
class WriteSummary:
    added: int
    unchanged: int
    removed: int


@dataclass(frozen=True)
class FileWrite:
    """One file's documents and passages, ready to be written."""

    source: str
    sha256: str
    size: int
    documents: Sequence[Document]
    passages: Sequence[Passage]

    def summary(self, old: set[str]) -> WriteSummary:
        new = {p.id for p in self.passages}
        return WriteSummary(len(new - old), len(new & old), len(old - new))


def vector_metadata(passage: Passage, document: Document) -> dict[str, Any]:
    return {
        "document_id": document.id,
        "source": document.source,
        "council": document.council,
        "doc_type": document.doc_type,
        "visit_type": document.visit_type,
        "committee": document.committee,
        "date": date_number(document.date),
        "themes": passage.themes,
        "stance": passage.stance,
    }
