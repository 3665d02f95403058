"""One extracted file into documents and passages: clean the pages, split them into the
documents they hold, read each document's metadata, lay it out, cut it into passages and
mark each sentence's stance (themes and vectors come later, a group of files at a time)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from ingest.chunk import Chunker
from ingest.clean import clean_pages
from ingest.items import tidy_items
from ingest.metadata import read_source_metadata
from ingest.split import split_documents
from ingest.stance import heading_stance, passage_stance, stance_sentences
from ingest.structure import LaidOut, lay_out
from ingest.types import DocumentPart, ExtractedFile
from kb.search.blocks import HEADING, PARAGRAPH
from kb.search.records import Document, Passage, ReadMeta, content_hash

# Times a named stage: Ingestor._timed.
Timer = Callable[[str], AbstractContextManager[None]]


@dataclass
class Built:
    documents: list[Document] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)


def build_file(
    source: str,
    extracted: ExtractedFile,
    manifest: dict[str, Any],
    chunker: Chunker,
    timed: Timer,
) -> Built:
    with timed("clean"):
        pages = clean_pages(extracted.pages)
        parts = split_documents(pages) if pages else []
    built = Built()
    for part in parts:
        with timed("clean"):
            meta = apply_overrides(read_source_metadata(part, source), manifest.get("override", {}))
            laid = lay_out(tidy_items(part.pages))
        if not laid.text.strip():
            continue
        document = make_document(source, part, meta, laid, extracted.format)
        with timed("chunk"):
            passages = passages_of(document, laid, chunker)
        built.documents.append(document)
        built.passages.extend(passages)
    return built


def passages_of(document: Document, laid: LaidOut, chunker: Chunker) -> list[Passage]:
    out: list[Passage] = []
    seen: Counter[str] = Counter()
    for ordinal, span in enumerate(chunker.spans(laid)):
        text = laid.text[span.start : span.end]
        seen[text] += 1  # identical passages in one document still get distinct ids
        sentences = stance_sentences(text, span.heading, lead_in(laid, span.start))
        for sentence in sentences:
            sentence.page = laid.page_at(span.start + sentence.start)
        out.append(
            Passage(
                id=content_hash(document.source, text, str(seen[text])),
                document_id=document.id,
                ordinal=ordinal,
                text=text,
                heading=span.heading,
                page=laid.page_at(span.start),
                page_end=laid.page_at(span.end - 1),
                start=span.start,
                end=span.end,
                stance=passage_stance(sentences),
                sentences=sentences,
            )
        )
    return out


def lead_in(laid: LaidOut, offset: int) -> str | None:
    """The line introducing a list this passage continues ('The issues identified included:-')."""
    for block, (start, _) in zip(reversed(laid.blocks), reversed(laid.spans), strict=True):
        if start >= offset:
            continue
        if block.kind == HEADING:
            return None
        if block.kind == PARAGRAPH:
            return block.text if _introduces_list(block.text) else None
    return None


_LIST_TITLE_MAX_CHARS = 120


def _introduces_list(text: str) -> bool:
    """A lead-in ("The issues identified included:-"), or a title line the layout kept as a
    paragraph that says what its list holds ("What needs to improve in this area of social
    work practice?")."""
    line = text.rstrip()
    if line.endswith((":", ":-")):
        return True
    title = len(line) <= _LIST_TITLE_MAX_CHARS and not line.endswith(".") and "\n" not in line
    return title and heading_stance(line) is not None


def apply_overrides(meta: ReadMeta, override: dict[str, Any]) -> ReadMeta:
    names = {f.name for f in fields(ReadMeta)}
    for key, value in override.items():
        if key in names:
            setattr(meta, key, value)
    return meta


def make_document(
    source: str, part: DocumentPart, meta: ReadMeta, laid: LaidOut, file_format: str
) -> Document:
    read = replace(
        meta,
        source=source,
        title=meta.title or Path(source).stem,
        # An inspection report that prints no date is dated by its last day on site, so it
        # still sorts, filters and facets by year.
        date=meta.date or (meta.visit_end if meta.doc_type == "ofsted_report" else None),
    )
    return Document(
        id=content_hash(source, str(part.index)),
        part=part.index,
        text=laid.text,
        page_offsets=laid.page_offsets,
        file_format=file_format,
        **asdict(read),
        blocks=[
            (start, end, b.kind) for b, (start, end) in zip(laid.blocks, laid.spans, strict=True)
        ],
    )
