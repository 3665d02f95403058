"""The source viewer's layout: a document's text cut at passage boundaries into segments,
each laid out as blocks (headings, bullets, paragraphs) of marked and unmarked pieces with
page markers where pages begin."""

from __future__ import annotations

import re
from dataclasses import dataclass

from api.views.marks import marked_pieces
from kb.search.blocks import BULLET, bullet_mark, guess_kind
from kb.search.records import Document, Passage

_BLOCK = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")  # a run of text without a blank line


@dataclass
class Piece:
    text: str = ""
    marked: bool = False
    page: int | None = None  # a page marker inside a block


@dataclass
class Block:
    kind: str  # kb/search/blocks.py: heading | paragraph | bullet
    pieces: list[Piece]
    page: int | None = None  # a page marker before the block


@dataclass
class Segment:
    """A stretch of the document: one passage (with its id) or text between passages."""

    passage: Passage | None
    blocks: list[Block]
    target: bool = False


def segments(
    document: Document, passages: list[Passage], target: str | None, marks: list[tuple[int, int]]
) -> list[Segment]:
    """The document text cut at passage boundaries, each piece laid out as blocks."""
    text = document.text
    pages = _page_starts(text, document.page_offsets)
    kinds = {start: kind for start, _, kind in document.blocks or ()}
    out: list[Segment] = []
    cursor = 0
    for passage in sorted(passages, key=lambda p: p.start):
        start, end = max(passage.start, cursor), min(passage.end, len(text))
        if end <= start:
            continue
        if text[cursor:start].strip():
            out.append(Segment(None, blocks_of(text, cursor, start, pages, [], kinds)))
        is_target = passage.id == target
        spans = [(passage.start + s, passage.start + e) for s, e in marks] if is_target else []
        out.append(Segment(passage, blocks_of(text, start, end, pages, spans, kinds), is_target))
        cursor = end
    if text[cursor:].strip():
        out.append(Segment(None, blocks_of(text, cursor, len(text), pages, [], kinds)))
    return out


def _page_starts(text: str, page_offsets: list[tuple[int, int]]) -> dict[int, int]:
    """offset -> page number, each moved to the first visible character at or after it."""
    starts: dict[int, int] = {}
    for page, offset in page_offsets:
        while offset < len(text) and text[offset].isspace():
            offset += 1
        starts.setdefault(offset, page)
    return starts


def blocks_of(
    text: str,
    start: int,
    end: int,
    pages: dict[int, int],
    marks: list[tuple[int, int]],
    kinds: dict[int, str] | None = None,
) -> list[Block]:
    """Blank-line separated blocks of text[start:end]: headings, bullets and paragraphs, of the
    kinds ingest stored (`kinds`: block start -> kind)."""
    blocks: list[Block] = []
    for match in _BLOCK.finditer(text, start, end):
        raw = match.group(0)
        if not raw.strip():
            continue
        b_start = match.start() + len(raw) - len(raw.lstrip())
        b_end = match.start() + len(raw.rstrip())
        kind, shown = _block_kind(text, b_start, b_end, kinds or {})
        cuts = {o: p for o, p in pages.items() if shown < o < b_end}
        blocks.append(Block(kind, _pieces(text, shown, b_end, cuts, marks), pages.get(b_start)))
    return blocks


def _block_kind(text: str, start: int, end: int, kinds: dict[int, str]) -> tuple[str, int]:
    """The kind of block and where its shown text starts (a bullet drops its "- "). A block
    ingest did not lay out whole (a piece cut at a passage boundary, or a store written
    before kinds were kept) is judged by the same heading rule."""
    block = text[start:end]
    kind = kinds.get(start) or guess_kind(block)
    return kind, start + (bullet_mark(block) if kind == BULLET else 0)


def _pieces(
    text: str, start: int, end: int, pages: dict[int, int], marks: list[tuple[int, int]]
) -> list[Piece]:
    """Runs of the block's text, marked or not, with page markers where pages begin."""
    local = [
        (max(s, start) - start, min(e, end) - start) for s, e in marks if s < end and e > start
    ]
    cuts = sorted(o - start for o in pages)
    pieces: list[Piece] = []
    previous = 0
    for cut in [*cuts, end - start]:
        chunk = text[start + previous : start + cut]
        shifted = [(s - previous, e - previous) for s, e in local]
        pieces += [Piece(t, m) for t, m in marked_pieces(chunk, shifted)]
        if cut < end - start:
            pieces.append(Piece(page=pages[start + cut]))
        previous = cut
    return pieces
