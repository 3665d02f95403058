"""Response schemas of search and cited answers: what the HTTP API promises, separate from
the records kb/ keeps."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from api.schemas.documents import DocMetaOut, PassageCoreOut


class HitOut(PassageCoreOut, DocMetaOut):
    """A passage as search returns it: the passage, its document's metadata, a citation."""

    score: float
    document_id: str
    pages: str = Field(description='"p. 2", or "pp. 1–2" for a passage over a page break')
    answer_page: int | None = Field(description="the page of the first marked sentence")
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


class ReadOut(BaseModel):
    """What a search read from the question and found, shared by search and ask."""

    filters: dict[str, Any]
    applied: dict[str, Any] = Field(description="filters and boosts read from the question")
    expansions: dict[str, list[str]]
    glossary: list[GlossaryTermOut]
    found: bool = FOUND
    councils_without_documents: list[str] = Field(
        default_factory=list,
        description="councils filtered on that hold no documents: why the answer is empty",
    )


class SearchOut(ReadOut):
    query: str
    mode: str
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


class AskOut(ReadOut):
    question: str
    answer: str
    quotes: list[QuoteOut]
    citations: list[HitOut]
    groups: list[GroupOut]


class FacetsOut(BaseModel):
    filters: dict[str, Any]
    facets: dict[str, dict[str, int]]
