"""Record types that flow through ingestion: file -> pages -> document parts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Page:
    """Text of one physical page (PDF) or of the whole file (formats without pages)."""

    number: int  # 1-based
    text: str


@dataclass(frozen=True)
class ExtractedFile:
    path: Path
    format: str  # "pdf", "html", "docx", "text"
    pages: list[Page]


class ExtractionError(Exception):
    """A file that cannot be read; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(frozen=True)
class DocumentPart:
    """One document found inside a file (an agenda pack holds several)."""

    pages: list[Page]  # page numbers are those of the file
    index: int = 0  # position within the file


@dataclass
class DocMeta:
    """What the text says about a document. None where it does not say."""

    title: str = ""
    council: str | None = None
    doc_type: str = (
        "report"  # minutes|agenda|report|decision|ofsted_letter|ofsted_report|presentation
    )
    date: str | None = None  # ISO date the document bears (meeting, letter or publication)
    committee: str | None = None
    meeting_date: str | None = None
    published: str | None = None  # ISO publication date, where the paper prints one
    visit_type: str | None = None  # "ILACS standard inspection", "focused visit", ...
    visit_number: int | None = None
    visit_start: str | None = None
    visit_end: str | None = None
    inspectors: list[str] = field(default_factory=list)
    grades: dict[str, str] = field(default_factory=dict)  # judgement area -> grade
