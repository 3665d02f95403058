"""Remove extraction artefacts from page texts without losing any sentence of the document.

Input is what extractors and web scrapes give for council papers and Ofsted PDFs: hard-wrapped
lines, page numbers and "Page N" footers, running headers repeated on every page, letterhead
contact blocks, bullet glyphs from Symbol/Wingdings fonts, broken URL fragments, HTML leftovers.
Output keeps one paragraph per line with blank lines between blocks, bullets as "- " lines and
headings on lines of their own. Each rule is a small function; the comment above it says why.
Rules look at the shape of text (digits, punctuation, length, position), never at the wording of
one document, so they hold for council documents in general.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from ingest.furniture import (
    is_broken_url_line,
    is_page_number_line,
    is_page_stub_line,
    is_wordless_line,
    remove_blank_page_notes,
    remove_garbled_page_stamps,
    remove_letterheads,
    remove_running_lines,
    remove_trailing_page_footer,
)
from ingest.paragraphs import lay_out_blocks, normalise_bullets, unwrap, wrap_width
from ingest.types import Page

# ----------------------------------------------------------------------------- characters

_SPACE_LIKE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\v]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0e-\x1f\x7f]")
_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_LIGATURE = re.compile("[ﬀ-ﬆ]")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,9}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_INLINE_TAG = re.compile(
    r"</?(?:u|b|i|em|strong|span|font|sup|sub|small|big|a|p|div|br|mark|ins|del|s)"
    r"(?:\s[^<>\n]*)?/?>",
    re.IGNORECASE,
)
_EMPHASIS = re.compile(r"\*\*|__")


# Line ends from Windows and old Mac files, and form feeds between PDF pages, must not
# masquerade as content: every later rule splits on "\n".
def normalise_line_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")


# pdfium marks the hyphen of a compound split at a line end as U+FFFE or U+0002.
def restore_pdf_hyphens(text: str) -> str:
    return text.replace("\ufffe", "-").replace("\x02", "-")


# Soft hyphens are invisible break hints; one at a line end means the word continues below.
def remove_soft_hyphens(text: str) -> str:
    return re.sub(r"\u00ad[ \t]*\n[ \t]*", "", text).replace("\u00ad", "")


# Scraped pages keep "&nbsp;" and "&amp;" as text; they stand for characters.
def decode_entities(text: str) -> str:
    return _ENTITY.sub(lambda m: html.unescape(m.group()), text)


# Web copy-and-paste leaves inline tags like <u>MEMBERSHIP</u> and markdown ** emphasis.
def strip_markup(text: str) -> str:
    return _EMPHASIS.sub("", _INLINE_TAG.sub("", text))


# No-break, thin and other special spaces are layout: all become a plain space, and a tab two
# (it stays wider than a word gap until bullets like "o<tab>item" are read); zero-width and
# control characters carry nothing; PDF ligatures split words for search.
def normalise_spaces_and_glyphs(text: str) -> str:
    text = _INVISIBLE.sub("", _SPACE_LIKE.sub(" ", text).replace("\t", "  "))
    return _LIGATURE.sub(lambda m: _LIGATURES.get(m.group(), m.group()), text)


_CHARACTER_RULES: list[Callable[[str], str]] = [
    normalise_line_ends,
    restore_pdf_hyphens,
    remove_soft_hyphens,
    decode_entities,
    strip_markup,
    normalise_spaces_and_glyphs,
]

# ----------------------------------------------------------------------------- per line

_SPACE_RUN = re.compile(r" {2,}")


# Runs of spaces come from justified or tabbed layout, not from the words.
def collapse_spaces(line: str) -> str:
    return _SPACE_RUN.sub(" ", line).strip()


_LINE_EDITS: list[Callable[[str], str]] = [
    remove_garbled_page_stamps,
    remove_blank_page_notes,
    remove_trailing_page_footer,
    collapse_spaces,
]
_LINE_DROPS: list[Callable[[str], bool]] = [
    is_page_number_line,
    is_page_stub_line,
    is_wordless_line,
    is_broken_url_line,
]


def clean_lines(lines: list[str]) -> list[str]:
    """Per-line edits, then drop lines that are wholly artefacts (an empty line stays a break)."""
    out = []
    for raw in lines:
        line = raw
        for edit in _LINE_EDITS:
            line = edit(line)
        if line and any(drop(line) for drop in _LINE_DROPS):
            continue
        if raw.strip() and not line:
            continue  # a line that held only an artefact vanishes instead of becoming a break
        out.append(line)
    return out


# ----------------------------------------------------------------------------- entry point


def clean_text(text: str) -> str:
    """Character-level clean-up of one text (no line structure changes except soft hyphens)."""
    for rule in _CHARACTER_RULES:
        text = rule(text)
    return text


def clean_pages(pages: list[Page]) -> list[Page]:
    """Clean every page; page numbers are kept, a page may end up with empty text."""
    page_lines = [clean_text(page.text).split("\n") for page in pages]
    page_lines = remove_running_lines(page_lines)
    page_lines = [remove_letterheads(normalise_bullets(lines)) for lines in page_lines]
    page_lines = [clean_lines(lines) for lines in page_lines]
    width = wrap_width(page_lines)
    return [
        Page(number=page.number, text=lay_out_blocks(unwrap(lines, width)))
        for page, lines in zip(pages, page_lines, strict=True)
    ]
