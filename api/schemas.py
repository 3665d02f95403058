"""Response schemas: what the HTTP API promises, separate from the records kb/ keeps."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class HitOut(BaseModel):
    id: str
    text: str
    score: float
    source: str
    title: str
    council: str | None
    doc_type: str
    date: str | None = Field(description="ISO 8601 date of the document, or null")
    visit_type: str | None
    visit_number: int | None
    visit_start: str | None
    visit_end: str | None
    committee: str | None
    page: int | None = Field(description="the page the passage starts on")
    pages: str = Field(description='"p. 2", or "pp. 1–2" for a passage over a page break')
    answer_page: int | None = Field(description="the page of the first marked sentence")
    heading: str
    themes: list[str]
    stance: str
    document_id: str
    citation: str = Field(description="One human-readable line: council, title, type, date, page")
    sentences: list[tuple[int, int, str, int | None]] = Field(
        description="[start, end, stance, page] spans"
    )
    marked: list[tuple[int, int]] = Field(description="spans that best answer the question")
    url: str = Field(description="the passage highlighted in its document")
    n: int | None = None


class GlossaryTermOut(BaseModel):
    term: str = Field(description="the official term searched")
    means: str = Field(description="its plain-English definition")
    by: str = Field(description="'words' (the question names it) or 'meaning' (it means it)")


FOUND = Field(
    description="false when nothing retrieved answers the question: the results are then "
    "only the closest passages"
)


class SearchOut(BaseModel):
    query: str
    mode: str
    filters: dict[str, Any]
    applied: dict[str, Any] = Field(description="filters and boosts read from the question")
    expansions: dict[str, list[str]]
    glossary: list[GlossaryTermOut]
    found: bool = FOUND
    results: list[HitOut]


class QuoteOut(BaseModel):
    n: int
    passage_id: str
    start: int
    end: int
    text: str


class GroupOut(BaseModel):
    council: str
    document_id: str
    title: str
    doc_type: str
    date: str | None
    citations: list[int]


class AskOut(BaseModel):
    question: str
    answer: str
    quotes: list[QuoteOut]
    citations: list[HitOut]
    groups: list[GroupOut]
    filters: dict[str, Any]
    applied: dict[str, Any]
    expansions: dict[str, list[str]]
    glossary: list[GlossaryTermOut]
    found: bool = FOUND


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


class FacetsOut(BaseModel):
    filters: dict[str, Any]
    facets: dict[str, dict[str, int]]


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


class HealthOut(BaseModel):
    status: str
    files: int
    failed_files: int
    documents: int
    passages: int


class ValidationIssue(BaseModel):
    loc: list[str | int] = Field(description='where: e.g. ["query", "k"]')
    msg: str
    type: str


class ErrorOut(BaseModel):
    """Every error the API answers, whether a route's own check or FastAPI's validation."""

    detail: str | list[ValidationIssue] = Field(
        description="what was wrong: a sentence, or one entry per parameter that failed validation"
    )


class CsrfOut(BaseModel):
    csrf_token: str = Field(description="send it back on writes, bound to the session cookie")
    header: str = Field(description="the request header that carries it")
    field: str = Field(description="the url-encoded form field that may carry it instead")


class RemovedOut(BaseModel):
    source: str = Field(description="the file removed, with every document split from it")
    title: str
    removed: int = Field(description="passages removed")
