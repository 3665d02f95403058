"""Cleaned pages -> blocks (headings, paragraphs, bullet items) and the document text.

Cleaned text keeps one block per paragraph (blank-line separated), bullets as "- " lines and
headings on their own line (kb/search/blocks.py says which lines are headings). Blocks are laid
end to end into one document text so that every passage is an exact slice of it, which is what
the source viewer highlights; each block's kind is stored with the document for the viewer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.types import Page
from kb.search.blocks import BULLET, HEADING, MARKER, PARAGRAPH, is_heading
from kb.search.judgements import (
    is_bare_grade,
    is_judgement_heading,
    is_judgement_title,
    with_grade,
)
from kb.search.records import page_at


@dataclass(frozen=True)
class Block:
    kind: str  # kb/search/blocks.py: HEADING | PARAGRAPH | BULLET
    text: str
    page: int


@dataclass(frozen=True)
class LaidOut:
    """Blocks placed in the document text: block i spans text[spans[i][0]:spans[i][1]]."""

    text: str
    blocks: list[Block]
    spans: list[tuple[int, int]]
    page_offsets: list[tuple[int, int]]  # (page number, offset where that page starts)

    def page_at(self, offset: int) -> int | None:
        return page_at(self.page_offsets, offset)


def _chunk_blocks(lines: list[str], page: int) -> list[Block]:
    """One blank-line separated chunk: headings, bullet items and paragraph lines."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    for line in lines:
        if line.startswith("- "):
            if paragraph:
                blocks.append(Block(PARAGRAPH, " ".join(paragraph), page))
                paragraph = []
            blocks.append(Block(BULLET, line, page))
        elif blocks and blocks[-1].kind == BULLET and not paragraph and line[0].islower():
            # a wrapped bullet line the cleaner left on its own
            last = blocks.pop()
            blocks.append(Block(BULLET, f"{last.text} {line}", last.page))
        elif (
            not paragraph
            and is_heading(line)
            and (len(lines) > 1 or len(line) < 80 or line.isupper())
        ):
            blocks.append(Block(HEADING, line, page))
        else:
            paragraph.append(line)
    if paragraph:
        blocks.append(Block(PARAGRAPH, " ".join(paragraph), page))
    return blocks


def page_blocks(page: Page) -> list[Block]:
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", page.text):
        lines = [ln.strip() for ln in chunk.split("\n") if ln.strip()]
        blocks.extend(_chunk_blocks(lines, page.number))
    return _judgements_and_markers(blocks)


def _judgements_and_markers(blocks: list[Block]) -> list[Block]:
    """A judgement title and the grade on the line after it are one heading; a judgement
    heading broken over two lines ("...families:" / "good") is a heading, not a paragraph;
    a bracketed marker ("(Recommendation)") belongs to the block before it."""
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        if previous and is_bare_grade(block.text) and is_judgement_title(previous.text):
            out[-1] = Block(HEADING, with_grade(previous.text, block.text), previous.page)
        elif previous and previous.kind != HEADING and MARKER.match(block.text):
            out[-1] = Block(previous.kind, f"{previous.text} {block.text}", previous.page)
        elif block.kind == PARAGRAPH and is_judgement_heading(block.text):
            out.append(Block(HEADING, block.text, block.page))
        else:
            out.append(block)
    return out


def _continues(previous: Block, block: Block) -> bool:
    """A paragraph that runs on over a page break starts in lower case (what ended the last
    page may have looked like a heading only because it was cut short)."""
    return block.kind == PARAGRAPH and block.text[:1].islower()


def lay_out(pages: list[Page]) -> LaidOut:
    text_parts: list[str] = []
    blocks: list[Block] = []
    spans: list[tuple[int, int]] = []
    page_offsets: list[tuple[int, int]] = []
    cursor = 0
    for page in pages:
        page_started = False
        for block in page_blocks(page):
            if blocks and not page_started and _continues(blocks[-1], block):
                start, _ = spans[-1]
                kind = PARAGRAPH if blocks[-1].kind == HEADING else blocks[-1].kind
                merged = Block(kind, f"{blocks[-1].text} {block.text}", blocks[-1].page)
                page_offsets.append((page.number, cursor + 1))
                text_parts[-1] = merged.text
                cursor = start + len(merged.text)
                blocks[-1], spans[-1] = merged, (start, cursor)
                page_started = True
                continue
            if text_parts:
                text_parts.append("\n\n")
                cursor += 2
            if not page_started:
                page_offsets.append((page.number, cursor))
                page_started = True
            text_parts.append(block.text)
            blocks.append(block)
            spans.append((cursor, cursor + len(block.text)))
            cursor += len(block.text)
    return LaidOut("".join(text_parts), blocks, spans, page_offsets)
