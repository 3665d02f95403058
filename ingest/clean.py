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
import math
import re
from collections import Counter
from collections.abc import Callable

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

# ----------------------------------------------------------------------------- page furniture

# a bare number stops at 999: "2022" alone is more likely a year in a table than a page
_PAGE_NUMBER_LINE = re.compile(
    r"^[-–—(\[ ]*(?:page\s*\d{1,4}|\d{1,3})(?:\s*of\s*\d{1,4})?[-–—)\] ]*$", re.IGNORECASE
)
# the tail of a "Page N" stamp that lost its first letters when text was pulled out of a PDF
_PAGE_STUB_LINE = re.compile(r"^(?:- )?(?:Pag|Pa|P|age|ge|e)\s*\d{1,4}$")
_RUBLE_PAGE = re.compile(r"\s*₽\s?age\b(?:\s*\d{1,4})?")
_TRAILING_PAGE = re.compile(r"(?<=\S)\s+Page\s+\d{1,4}(?:\s+of\s+\d{1,4})?\s*$")
_REFERENCE_WORDS = {"see", "on", "at", "to", "of", "in", "from", "and", "page", "p", "pp", "also"}
_BLANK_PAGE_NOTE = re.compile(
    r"\s*\bthis page (?:is |has been )?intentionally (?:left )?blank\b\.?", re.IGNORECASE
)


# A page number alone on a line ("12", "- 3 -", "Page 4", "Page 4 of 20") is pagination.
def is_page_number_line(line: str) -> bool:
    return bool(_PAGE_NUMBER_LINE.match(line.strip()))


# Stamps like "₽age 31" (a mis-mapped "Page") or their stubs ("e 31") are pagination too.
def is_page_stub_line(line: str) -> bool:
    return bool(_PAGE_STUB_LINE.match(line.strip()))


# "₽age" is never text: it is a "Page" stamp that the PDF's font mapping garbled.
def remove_garbled_page_stamps(line: str) -> str:
    return _RUBLE_PAGE.sub("", line) if "₽" in line else line


# A "Page 18" footer glued to the last line of a page; "see page 18" is a reference and stays.
def remove_trailing_page_footer(line: str) -> str:
    match = _TRAILING_PAGE.search(line) if "Page" in line else None
    if not match:
        return line
    words = line[: match.start()].split()
    if words and words[-1].lower().strip(".,(") in _REFERENCE_WORDS:
        return line
    return line[: match.start()]


# Agenda packs pad sections with "This page is intentionally left blank".
def remove_blank_page_notes(line: str) -> str:
    return _BLANK_PAGE_NOTE.sub("", line) if "ntentionally" in line else line


# A line with no letter or digit ("...", a lone bullet glyph, "_____") carries no words.
def is_wordless_line(line: str) -> bool:
    return bool(line.strip()) and not any(ch.isalnum() for ch in line)


# ----------------------------------------------------------------------------- running headers

_ZONE_LINES = 3  # headers and footers sit within the first and last three lines of a page
_RUNNING_SHARE = 0.5  # ... and recur on at least half of the pages
_MIN_PAGES = 3  # with fewer pages a repeat is as likely to be content as furniture
_SENTENCE_MIN_WORDS = 6


def _running_key(line: str) -> str:
    """Headers differ only in their numbers ("17 to 21 March 2025 2", "... 3")."""
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def _zone_slots(lines: list[str]) -> dict[int, set[tuple[str, str]]]:
    """Line index -> its (top|bottom, key) slots: where headers and footers sit on a page."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    slots: dict[int, set[tuple[str, str]]] = {}
    for side, indexes in (("top", filled[:_ZONE_LINES]), ("bottom", filled[-_ZONE_LINES:])):
        for i in indexes:
            if not _is_sentence(lines[i]):
                slots.setdefault(i, set()).add((side, _running_key(lines[i])))
    return slots


def _is_sentence(line: str) -> bool:
    """Furniture is labels and numbers; a full sentence repeated near a page edge is content."""
    return len(line.split()) >= _SENTENCE_MIN_WORDS and bool(re.search(r"[.!?]\W*$", line))


# Running headers and footers ("Inspection of X local authority children's services",
# "<dates> <page>") repeat at the same edge of most pages; found by frequency, not by wording.
def remove_running_lines(pages: list[list[str]]) -> list[list[str]]:
    if len(pages) < _MIN_PAGES:
        return pages
    slots = [_zone_slots(lines) for lines in pages]
    seen_on: Counter[tuple[str, str]] = Counter()
    for page_slots in slots:
        seen_on.update(set().union(*page_slots.values()))
    threshold = max(_MIN_PAGES, math.ceil(_RUNNING_SHARE * len(pages)))
    running = {slot for slot, count in seen_on.items() if count >= threshold}
    return [
        [line for i, line in enumerate(lines) if not page_slots.get(i, set()) & running]
        for lines, page_slots in zip(pages, slots, strict=True)
    ]


# ----------------------------------------------------------------------------- URLs and contacts

_URL_PIECE = re.compile(
    r"(?:https?:|//|^www\b|\.(?:co|gov|org|ac|nhs|sch|com|net|uk|info|eu)\b)", re.IGNORECASE
)
_WHOLE_URL = re.compile(
    r"^(?:https?://(?:www\.)?|www\.)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:[/?#][^\s]*)?[.,;)]?$",
    re.IGNORECASE,
)
_SENTENCE_WORDS = 4  # a line with this many ordinary words around a URL is a sentence


def _is_url_piece(token: str) -> bool:
    return "@" not in token and bool(_URL_PIECE.search(token))


# Slide footers and wrapped links leave lines like "Middlesbrougageildzenmatter.co.uk" or
# "https:// www." that hold no whole address and no sentence; a sentence with a URL stays.
def is_broken_url_line(line: str) -> bool:
    if not _URL_PIECE.search(line.replace(" ", "")):
        return False  # cheap test first: most lines hold no URL at all
    tokens = line.removeprefix("- ").split()
    pieces = [t for t in tokens if _is_url_piece(t)]
    if not pieces:
        return False
    if len(tokens) - len(pieces) >= _SENTENCE_WORDS:
        return False
    return not any(_WHOLE_URL.match(t) for t in pieces)


_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_CONTACT_LABEL = re.compile(
    r"\b(?:T|E|W|F|M|Tel|Telephone|Textphone|Phone|Fax|Minicom|Mobile|Email|E-mail|Web|Website)"
    r"\b\s*:?",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_CONTACT_HINT = re.compile(r"[\d@/]|www\.", re.IGNORECASE)
_WHOLE_URL_IN = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_PHONE = re.compile(r"\+?\(?\d[\d ()-]{6,}\d")
_ADDRESS_LINES = 6  # a postal address rarely has more lines than this
_ADDRESS_WORDS = 8


# Letterheads end in contact lines ("T 0300 123 1231", "enquiries@...", "www...") holding
# nothing but numbers, addresses and their labels.
def is_contact_line(line: str) -> bool:
    if not _CONTACT_HINT.search(line):
        return False  # cheap test first: no number, address or link, no contact line
    if not (_EMAIL.search(line) or _PHONE.search(line) or _WHOLE_URL_IN.search(line)):
        return False
    rest = _CONTACT_LABEL.sub(" ", _WHOLE_URL_IN.sub(" ", _PHONE.sub(" ", _EMAIL.sub(" ", line))))
    return not any(ch.isalnum() for ch in rest)


def _continues_contacts(line: str) -> bool:
    """Contact lines, blank lines and labels whose value went missing ("W:")."""
    stripped = line.strip()
    return not stripped or is_contact_line(stripped) or bool(_CONTACT_LABEL.fullmatch(stripped))


def _is_address_line(line: str) -> bool:
    """Short line opening with a capital or a number, with no sentence in it."""
    stripped = line.strip()
    return (
        bool(stripped)
        and (stripped[0].isupper() or stripped[0].isdigit())
        and len(stripped.split()) <= _ADDRESS_WORDS
        and ". " not in stripped
        and not _SENTENCE_END.search(stripped)
    )


def _address_start(lines: list[str], end: int) -> int | None:
    """Start of the postal address that ends just above `end` (blank lines allowed), if any."""
    i = end - 1
    while i >= 0 and not lines[i].strip():
        i -= 1
    if i < 0 or not _POSTCODE.search(lines[i]) or not _is_address_line(lines[i]):
        return None
    start = i
    while start > 0 and end - start < _ADDRESS_LINES + 1 and _is_address_line(lines[start - 1]):
        start -= 1
    return start


# A sender's letterhead (postal address with postcode, then phone/email/web lines) is
# stationery, repeated on every letter; a recipient address has no contact lines and stays.
def remove_letterheads(lines: list[str]) -> list[str]:
    drop: set[int] = set()
    i = 0
    while i < len(lines):
        if not is_contact_line(lines[i]):
            i += 1
            continue
        end = i
        while end < len(lines) and _continues_contacts(lines[end]):
            end += 1
        start = _address_start(lines, i)
        if start is not None:
            drop.update(range(start, end))
        i = end
    return [line for i, line in enumerate(lines) if i not in drop]


# ----------------------------------------------------------------------------- bullets

# Bullet glyphs from fonts and word processors; private-use code points are Symbol/Wingdings
# glyphs (U+F0B7 "", U+F06E, U+F0A7...) that only ever mark list items at a line start.
_BULLET_GLYPHS = "·•◦‣◼◾▪■□●○◆◇►▶▸➢➤✓✔❖⁃∙―─\u0336"
_GLYPH_BULLET = re.compile(f"^\\s*(?:[{_BULLET_GLYPHS}]|[\ue000-\uf8ff])\\s*(?=\\S|$)")
# signs that are also text ("-5%", "*Note", "−3") mark an item only when a space follows
_SPACED_BULLET = re.compile(r"^\s*[-*−]\s+(?=\S|$)")
# a dash or a letter "o" starts a list item only in a list context (see _is_list_context)
_MAYBE_BULLET = re.compile(r"^\s*(?:[–—]|o(?=\s))\s+(?=\S)")
_WIDE_O_BULLET = re.compile(r"^\s*o(?:\s{2,}|\t)(?=\S)")
_LOOKAHEAD = 3


def _bullet_text(line: str) -> str | None:
    """Text of an unambiguous bullet line, or None."""
    for pattern in (_GLYPH_BULLET, _SPACED_BULLET, _WIDE_O_BULLET):
        match = pattern.match(line)
        if match:
            return line[match.end() :]
    return None


def _is_list_context(lines: list[str], index: int, in_list: bool) -> bool:
    """A dash or "o" opens an item after a lead-in colon, inside a list, or beside a sibling."""
    if in_list:
        return True
    previous = next((lines[i].strip() for i in range(index - 1, -1, -1) if lines[i].strip()), "")
    if previous.endswith((":", ":-")):
        return True
    marker = lines[index].strip()[0]
    seen = 0
    for line in lines[index + 1 :]:
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith(marker) and _MAYBE_BULLET.match(stripped):
            return True
        seen += 1
        if seen == _LOOKAHEAD:
            return False
    return False


def _maybe_bullet_text(lines: list[str], index: int, in_list: bool) -> str | None:
    """Text of a dash or "o" line that is a list item here, or None."""
    match = _MAYBE_BULLET.match(lines[index])
    if match and _is_list_context(lines, index, in_list):
        return lines[index][match.end() :]
    return None


# Every bullet style ("·   item", "◼ item", " item", "o  sub-item") becomes "- item" so
# later stages see one list syntax; a dash that merely wraps a sentence is left alone.
def normalise_bullets(lines: list[str]) -> list[str]:
    out: list[str] = []
    in_list = False
    for index, line in enumerate(lines):
        text = _bullet_text(line)
        if text is None:
            text = _maybe_bullet_text(lines, index, in_list)
        if text is not None:
            if text.strip():  # a glyph with nothing after it is dropped, not made a break
                out.append(f"- {text.strip()}")
            in_list = True
        else:
            out.append(line)
            # a list goes on through wrapped lower-case continuation lines, ends elsewhere
            in_list = in_list and bool(line.strip()) and line.strip()[0].islower()
    return out


# ----------------------------------------------------------------------------- unwrapping

_SENTENCE_END = re.compile(r"[.!?:;][\"'’”)\]]*$|:-$")
# "3. Background", "12.Children ...", "2.1. ...", "(a) ...", "iv) ..."
_NUMBERED = re.compile(
    r"^(?:\d{1,3}(?:\.\d{1,3})*[.)](?:\s+|(?=[A-Z]))|\(?[a-z]\)\s|\(?[ivx]{1,4}\)\s)"
)
_FULL_LINE = 0.75  # a line this close to the file's usual width was wrapped by the layout
_WIDTH_PERCENTILE = 0.9
_MIN_WRAP_WIDTH = 40  # below this the file has no wrapped prose to measure
_HEADING_WORDS = 10
_SHORT_WORDS = 6  # address lines, table cells, names


def _starts_item(line: str) -> bool:
    return line.startswith("- ") or bool(_NUMBERED.match(line))


def _is_heading_like(line: str) -> bool:
    """Short unpunctuated Title Case or CAPITALS line, or a short numbered title."""
    words = line.split()
    if not words or len(words) > _HEADING_WORDS or _SENTENCE_END.search(line):
        return False
    if _NUMBERED.match(line):
        return True
    letters = [ch for ch in line if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        return True
    long_words = [w for w in words if len(w) > 3 and w[0].isalpha()]
    capitalised = sum(w[0].isupper() for w in long_words)
    return bool(long_words) and capitalised / len(long_words) >= 0.6


def wrap_width(pages: list[list[str]]) -> int:
    """The usual length of a full line in this file (0 when lines are paragraphs, not wraps)."""
    lengths = sorted(len(line) for lines in pages for line in lines if line.strip())
    if not lengths:
        return 0
    width = lengths[min(len(lengths) - 1, int(_WIDTH_PERCENTILE * len(lengths)))]
    return width if width >= _MIN_WRAP_WIDTH else 0


def _continues(previous: str, line: str, width: int) -> bool:
    """Whether `line` is the wrapped rest of `previous` rather than a new block."""
    if _starts_item(line):
        return False
    if _SENTENCE_END.search(previous):
        return False
    if line[0].islower():
        return True
    full = width > 0 and len(previous) >= _FULL_LINE * width
    return full and not _is_heading_like(line)


def _join(previous: str, line: str) -> str:
    """A word hyphenated at a line end keeps its hyphen and loses the space."""
    hyphenated = previous.endswith("-") and len(previous) > 1 and previous[-2].isalpha()
    if hyphenated and line[0].islower():
        return previous + line
    return f"{previous} {line}"


# Hard-wrapped lines become one line per paragraph or bullet item: a line joins the one above
# when that one does not end a sentence and the line reads on (lower case, or the line above
# filled the width); headings, bullets and numbered items keep lines of their own.
def unwrap(lines: list[str], width: int) -> list[str]:
    blocks: list[str] = []
    last_physical = ""
    for line in lines:
        if not line:
            if blocks and blocks[-1]:
                blocks.append("")
            last_physical = ""
            continue
        if blocks and blocks[-1] and last_physical and _continues(last_physical, line, width):
            blocks[-1] = _join(blocks[-1], line)
        else:
            blocks.append(line)
        last_physical = line
    return blocks


def _keeps_together(previous: str, line: str) -> bool:
    """Lists stay one block with their lead-in; runs of short unpunctuated lines (addresses,
    table rows) stay one block; everything else is a paragraph of its own."""
    if line.startswith("- "):
        return previous.startswith("- ") or previous.endswith((":", ":-"))
    if previous.startswith("- "):
        return False
    short = len(previous.split()) <= _SHORT_WORDS and len(line.split()) <= _SHORT_WORDS
    neither_ends = not _SENTENCE_END.search(previous) and not _SENTENCE_END.search(line)
    return short and neither_ends


def lay_out_blocks(blocks: list[str]) -> str:
    """Blocks separated by one blank line, except lines that belong together."""
    out: list[str] = []
    for block in blocks:
        if not block:
            if out and out[-1] != "":
                out.append("")
            continue
        if out and out[-1] != "" and not _keeps_together(out[-1], block):
            out.append("")
        out.append(block)
    return "\n".join(out).strip()


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
