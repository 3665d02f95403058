"""Page furniture the cleaner removes (ingest/clean.py): page numbers and "Page N" footers,
running headers and footers repeated on most pages, broken URL fragments, letterhead
contact blocks. Each rule looks at the shape of a line, never at one document's wording."""

from __future__ import annotations

import math
import re
from collections import Counter

from ingest.paragraphs import SENTENCE_END

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
        and not SENTENCE_END.search(stripped)
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
