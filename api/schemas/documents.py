"""Response schemas of documents, passages, uploads and corrections."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class DocMetaOut(BaseModel):
    """A document's metadata (kb.search.records.DocMeta), as every response carrying it says it."""

    source: str
    title: str
    doc_type: str
    council: str | None
    date: str | None = Field(description="ISO 8601 date of the document, or null")
    committee: str | None
    meeting_date: str | None = None
    published: str | None = None
    visit_type: str | None
    visit_number: int | None
    visit_start: str | None
    visit_end: str | None


class DocumentOut(DocMetaOut):
    id: str
    part: int
    inspectors: list[str]
    grades: dict[str, str]
    file_format: str
    url: str


class DocumentsOut(BaseModel):
    documents: list[DocumentOut]


class PassageCoreOut(BaseModel):
    """What every response says of a passage (kb.search.records.Passage)."""

    id: str
    text: str
    heading: str
    page: int | None = Field(description="the page the passage starts on")
    page_end: int | None = None
    themes: list[str]
    stance: str


class PassageOut(PassageCoreOut):
    ordinal: int
    start: int
    end: int


class DocumentDetailOut(DocumentOut):
    text: str
    page_offsets: list[tuple[int, int]]
    passages: list[PassageOut]


class CorrectionOut(BaseModel):
    value: Any = Field(description="what the officer set")
    read: Any = Field(description="what ingest read from the file")


class DocumentReadOut(DocumentOut):
    corrected: dict[str, CorrectionOut] = Field(
        description="the fields an officer corrected, with what was read"
    )


class FileOutcomeOut(BaseModel):
    source: str
    status: str
    added: int
    unchanged: int
    removed: int
    documents: int
    error: str | None
    read: list[DocumentReadOut] = Field(
        default=[], description="what was read about each document of the file"
    )


class RemovedOut(BaseModel):
    source: str = Field(description="the file removed, with every document split from it")
    title: str
    removed: int = Field(description="passages removed")
