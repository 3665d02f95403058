"""HTML -> one Page of plain text that keeps the page's block structure.

Headings and paragraphs become blank-line separated blocks, list items "- item" lines and table
rows "cell | cell" lines. The walk over the tree uses an explicit stack, never recursion, so deeply
nested markup cannot overflow Python's stack; time and memory are bounded by the sandbox.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString
from bs4.element import (
    Comment,
    Declaration,
    Doctype,
    PageElement,
    ProcessingInstruction,
    Tag,
)

from ingest.types import Page

# Page furniture and non-text: menus, banners, scripts; none of it is the document.
DROPPED_TAGS = ["script", "style", "nav", "header", "footer", "noscript", "template", "head", "svg"]
BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "aside", "blockquote", "address", "figure",
    "figcaption", "form", "fieldset", "details", "summary", "dl", "dt", "dd", "ul", "ol",
    "table", "caption", "pre", "hr", "center", "body",
    "h1", "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)

# Structure marks emitted between texts while flattening; code points from the supplementary
# private use area, which real documents do not use.
_PARA = "\U000fff01"
_LINE = "\U000fff02"
_BULLET = "\U000fff03"
_CELL = "\U000fff04"
_MARKS = re.compile(f"([{_PARA}{_LINE}{_BULLET}{_CELL}])")
_SPACES = re.compile(r"\s+")
_SPACES_IN_LINE = re.compile(r"[ \t]{2,}")
_BLANK_RUNS = re.compile(r"\n{3,}")


def extract_html(path: Path) -> list[Page]:
    soup = BeautifulSoup(path.read_bytes(), "lxml")
    return [Page(number=1, text=render_marked_text("".join(_marked_pieces(soup))))]


def _marked_pieces(soup: BeautifulSoup) -> Iterator[str]:
    """Texts in document order with break marks where block elements open and close.

    An explicit stack instead of recursion keeps deep nesting from overflowing Python's stack,
    and reading without mutating the tree keeps the walk linear (bs4 inserts are O(subtree)).
    """
    stack: list[tuple[PageElement, bool]] = [(soup, True)]
    while stack:
        node, entering = stack.pop()
        if isinstance(node, NavigableString):
            if not isinstance(node, _NOT_TEXT):
                yield str(node)
            continue
        if not isinstance(node, Tag) or node.name in DROPPED_TAGS:
            continue
        before, after = _marks_for(node.name)
        if not entering:
            yield after
            continue
        yield before
        stack.append((node, False))
        stack.extend((child, True) for child in reversed(node.contents))


def _marks_for(name: str) -> tuple[str, str]:
    """The marks an element puts before and after its content."""
    if name == "li":
        return _LINE + _BULLET, _LINE
    if name in ("br", "tr"):
        return _LINE, _LINE
    if name in ("td", "th"):
        return _CELL, ""
    if name in BLOCK_TAGS:
        return _PARA, _PARA
    return "", ""


def render_marked_text(marked: str) -> str:
    """Resolve the marks: the strongest break between texts wins; a bullet prefixes the text."""
    lines: list[str] = []
    current: list[str] = []
    pending_break = 0  # 0 none, 1 new line, 2 new paragraph
    bullet = cell = False
    for piece in _MARKS.split(marked):
        if piece == _PARA:
            if not bullet:  # a <p> just inside an <li> must not part the bullet from its text
                pending_break = 2
        elif piece == _LINE:
            pending_break = max(pending_break, 1)
        elif piece == _BULLET:
            bullet = True
            pending_break = max(pending_break, 1)
        elif piece == _CELL:
            cell = True
        else:
            text = _SPACES.sub(" ", piece)
            if not text.strip():
                if current and not pending_break:
                    current.append(" ")
                continue
            if pending_break and current:
                lines.append("".join(current).strip())
                current = []
                if pending_break == 2:
                    lines.append("")
            if not current:
                text = text.lstrip()
                if bullet:
                    text = "- " + text
            elif cell:
                text = " | " + text.lstrip()
            current.append(text)
            pending_break, bullet, cell = 0, False, False
    if current:
        lines.append("".join(current).strip())
    text = "\n".join(_SPACES_IN_LINE.sub(" ", line).strip() for line in lines)
    return _BLANK_RUNS.sub("\n\n", text).strip()
