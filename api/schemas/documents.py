"""Response schemas of documents, passages, uploads and corrections."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class DocumentOut(BaseModel):
    id: str
    source: str
    part: int
    title: str
    doc_type: str
    council: str | None
    date: str | None
    committee: str | None
    meeting_date: str | None
    published: str | None = None
    visit_type: str | None
    visit_number: int | None
    visit_start: str | None
    visit_end: str | None
    inspectors: list[str]
    grades: dict[str, str]
    file_format: str
    url: str


class DocumentsOut(BaseModel):
    documents: list[DocumentOut]


class PassageOut(BaseModel):
    id: str
    ordinal: int
    text: str
    heading: str
    page: int | None
    page_end: int | None
    start: int
    end: int
    themes: list[str]
    stance: str


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
