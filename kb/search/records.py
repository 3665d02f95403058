"""The small record types the knowledge base stores and returns."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from kb.dates import human_date
from kb.vocab.kinds import DOC_TYPE_LABELS


def content_hash(*parts: str) -> str:
    """Stable short id for content: the same inputs give the same id on every machine."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:16]


_LETTERS = re.compile(r"[a-z]+")


def wording(text: str) -> str:
    """The set of words, whatever their order, numbers, case and punctuation: a publisher's
    back page reads alike in every report, whatever its year, paragraph number or small
    rewording ("children looked after" in one year, "looked after children" in the next)."""
    return content_hash(" ".join(sorted(set(_LETTERS.findall(text.lower())))))


@dataclass
class Sentence:
    """A sentence or bullet inside a passage, with its stance and the themes its own words
    (or, for "This ...", the sentence it refers back to) are about; offsets index the passage
    text. `themes` is None where ingestion did not tag sentences (stores written before)."""

    start: int
    end: int
    stance: str = "neutral"  # strength | area_for_improvement | neutral
    themes: list[str] | None = None
    # sentence | bullet | heading | lead_in, or reference: it leans on what comes before it
    # ("This is poor.", a list item continuing its lead-in), so it cannot stand alone
    kind: str = "sentence"
    page: int | None = None  # the page the sentence starts on

    @property
    def standalone(self) -> bool:
        """Whether the unit can be quoted alone as a finding."""
        return self.kind not in NOT_STANDALONE

    def to_row(self) -> list[Any]:
        """The stored form: [start, end, stance], or with [themes, kind] and then page."""
        row: list[Any] = [self.start, self.end, self.stance]
        if self.page is not None:
            return [*row, self.themes, self.kind, self.page]
        return row if self.themes is None else [*row, self.themes, self.kind]

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> Sentence:
        if len(row) not in (3, 4, 5, 6):
            raise ValueError(f"a stored sentence has 3 to 6 fields, not {len(row)}: {row!r}")
        themes = list(row[3]) if len(row) > 3 and row[3] is not None else None
        kind = str(row[4]) if len(row) > 4 else "sentence"
        page = int(row[5]) if len(row) > 5 and row[5] is not None else None
        return cls(int(row[0]), int(row[1]), str(row[2]), themes, kind, page)


NOT_STANDALONE = frozenset({"heading", "lead_in", "reference"})


@dataclass(kw_only=True)
class DocMeta:
    """What is known of a document: declared once here, carried whole by the document, by
    every hit and by every finding that cites it."""

    source: str = ""  # the file path as ingested
    title: str = ""
    doc_type: str = "report"
    council: str | None = None
    date: str | None = None
    committee: str | None = None
    meeting_date: str | None = None
    visit_type: str | None = None
    visit_number: int | None = None
    visit_start: str | None = None
    visit_end: str | None = None
    published: str | None = None  # the publication date a council paper prints

    @property
    def effective_date(self) -> str | None:
        """The one date a document is placed in time by: its own date, else the meeting's,
        else the end (or start) of the visit it reports."""
        return self.date or self.meeting_date or self.visit_end or self.visit_start

    def meta(self) -> DocMeta:
        """Just the document's metadata, whatever record holds it."""
        return DocMeta(**{f.name: getattr(self, f.name) for f in fields(DocMeta)})


@dataclass(kw_only=True)
class ReadMeta(DocMeta):
    """What ingest reads of a document: its metadata and what only Ofsted reports print."""

    inspectors: list[str] = field(default_factory=list)
    grades: dict[str, str] = field(default_factory=dict)  # judgement area -> grade


@dataclass(kw_only=True)
class Document(ReadMeta):
    id: str
    part: int  # position of this document within its file
    text: str  # cleaned text shown by the source viewer
    page_offsets: list[tuple[int, int]] = field(default_factory=list)  # (page, char offset)
    file_format: str = "text"
    # (start, end, kind) of each block of `text` as ingest laid it out (kb/search/blocks.py),
    # for the source viewer; None in a store written before kinds were kept.
    blocks: list[tuple[int, int, str]] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The document for the API and exports: its layout is the viewer's, not metadata."""
        data = asdict(self)
        data.pop("blocks")
        return data


@dataclass(kw_only=True)
class Passage:
    id: str
    document_id: str
    ordinal: int  # position within the document
    text: str
    heading: str
    page: int | None
    start: int  # char offsets of the passage within Document.text
    end: int
    themes: list[str] = field(default_factory=list)
    stance: str = "neutral"
    sentences: list[Sentence] = field(default_factory=list)
    page_end: int | None = None  # the page it ends on, when it runs over a page break
    added_at: str | None = None  # when it first entered the store (ISO, UTC)

    @property
    def embed_text(self) -> str:
        return embed_text(self.heading, self.text)


def embed_text(heading: str, text: str) -> str:
    """What the model reads: the section heading gives a short passage its context."""
    if heading and not text.startswith(heading):
        return f"{heading}\n{text}"
    return text


def page_at(page_offsets: list[tuple[int, int]], offset: int) -> int | None:
    """The page a character of a document's text is on, from its (page, start) offsets."""
    page = page_offsets[0][0] if page_offsets else None
    for number, start in page_offsets:
        if start > offset:
            break
        page = number
    return page


def pages_label(page: int | None, page_end: int | None) -> str:
    """ "p. 2", or "pp. 1–2" for a passage that runs over a page break."""
    if not page:
        return ""
    if page_end and page_end > page:
        return f"pp. {page}–{page_end}"
    return f"p. {page}"


def answering_page(
    page: int | None, sentences: list[Sentence], marked: list[tuple[int, int]]
) -> int | None:
    """The page of the first marked sentence (the one that answers), else the passage's."""
    for start, end in marked:
        for sentence in sentences:
            if sentence.page and sentence.start < end and start < sentence.end:
                return sentence.page
    return page


@dataclass(kw_only=True)
class Hit(Passage, DocMeta):
    """A passage as search returns it: the passage, its document's metadata and a citation."""

    score: float = 0.0
    marked: list[tuple[int, int]] = field(default_factory=list)  # spans matching the question
    # similarity to the question of each sentence (by index) the sentence search scored
    sentence_scores: dict[int, float] = field(default_factory=dict)

    @property
    def pages(self) -> str:
        return pages_label(self.page, self.page_end)

    @property
    def answer_page(self) -> int | None:
        """Where the original opens: the page of the sentence that answers."""
        return answering_page(self.page, self.sentences, self.marked)

    @property
    def citation(self) -> str:
        """Council, title, type and date (each unless the title already says it), page."""
        parts = [self.council or "Unknown council", self.title]
        title = self.title.lower()
        label = DOC_TYPE_LABELS.get(self.doc_type, self.doc_type)
        if label.split()[-1].lower() not in title:
            parts.append(label)
        shown = human_date(self.date)
        if shown and shown.lower() not in title:
            parts.append(shown)
        if self.page:
            parts.append(self.pages)
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["citation"] = self.citation
        data["sentences"] = [[s.start, s.end, s.stance, s.page] for s in self.sentences]
        data["pages"] = self.pages
        data["answer_page"] = self.answer_page
        data["marked"] = [list(m) for m in self.marked]
        data.pop("sentence_scores")
        return data
