"""Record types that flow through ingestion: file -> pages -> document parts."""

from __future__ import annotations

from dataclasses import dataclass
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
