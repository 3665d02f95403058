"""Split passage text into sentences and bullet items, as character spans.

A unit is a sentence of running text, a bullet item, a heading line or a list lead-in line.
Spans are returned in order, never overlap, are trimmed of surrounding white space, and
together hold every non-space character of the text.

Rules, and why:
- a bullet line ("- item", "· item", "◼ item", ...) always starts a new unit, so items written
  without a full stop are not run together; lines that wrap a bullet (PDF text) stay with it;
- a bullet item holding several full sentences is split at its sentence ends, so a finding can
  point at the one sentence that carries the judgement;
- a blank line, a heading-like line (short, no closing punctuation) and a lead-in line ending in
  ":" or ":-" close the unit before them;
- a full stop is not a sentence end after an abbreviation ("e.g.", "i.e.", "Mr.", "No. 5"),
  an initial ("C. Sowerby"), a list number at the start of a line ("12. Ofsted found"), or
  inside a number or reference ("96.2%", "s.17").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.search.judgements import is_bare_grade, is_judgement_heading

BULLET_CHARS = "-–—•·◼▪■●○*\uf0b7\uf0a7\uf076\uf0d8►➢✓"
_SPACE = r"[^\S\r\n]"  # any white space but a line break, the no-break space included
_BULLET_LINE = re.compile(
    rf"^{_SPACE}*(?:[{re.escape(BULLET_CHARS)}]{_SPACE}+|\(?[a-z]\){_SPACE}+)"
)
_NUMBERED_LINE = re.compile(rf"^{_SPACE}*\d{{1,3}}[.)]{_SPACE}+\S")
# Closing punctuation, optional closing quotes/brackets, white space, then something that can
# open a sentence, or a bracketed aside in lower case ("... (LADO). (outcome 3, national
# framework)"): a cross-reference after a full stop is a unit of its own, not the sentence's.
_SENTENCE_END = re.compile(
    r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9£" + BULLET_CHARS + r"]|\([a-z])"
)
_ABBREVIATIONS = frozenset(
    {
        "e.g",
        "i.e",
        "eg",
        "ie",
        "mr",
        "mrs",
        "ms",
        "dr",
        "no",
        "nos",
        "st",
        "cllr",
        "approx",
        "vs",
        "cf",
        "para",
        "paras",
        "ref",
        "fig",
        "vol",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "s",
        "ss",
        "co",
        "inc",
        "prof",
        "rev",
        "hon",
        "al",
    }
)
_HEADING_MAX_CHARS = 70
_SHORT_LINE_CHARS = 50
_CAPITALS_HEADING_MAX_CHARS = 120  # "INTRODUCTION TO NEW SCRUTINY TOPIC – SUPPORTING ..."
_GRADE_HEADING_MAX_CHARS = 140
_GRADE_ENDING = re.compile(
    r":\s*(?:requires improvement(?: to be good)?|good|outstanding|inadequate)\s*$", re.IGNORECASE
)
# The word before a full stop; after an apostrophe ("the child's.") it is no abbreviation.
_WORD_BEFORE = re.compile(r"(?<![A-Za-z'’])([A-Za-z][A-Za-z.]*|\d+)$")


@dataclass(frozen=True)
class Unit:
    """One sentence, bullet item, heading or lead-in line, with what kind of block holds it."""

    start: int
    end: int
    kind: str  # "sentence" | "bullet" | "heading" | "lead_in"
    block: int  # index of the paragraph, item or line that holds the unit


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans (start, end) of the sentences and bullet items of `text`."""
    return [(unit.start, unit.end) for unit in split_units(text)]


def split_units(text: str) -> list[Unit]:
    """The units of `text` in order; `kind` says how each one's block reads."""
    units: list[Unit] = []
    for index, (start, end) in enumerate(_blocks(text)):
        kind = _block_kind(text, start, end)
        units.extend(Unit(s, e, kind, index) for s, e in _sentences_in(text, start, end))
    return units


def is_bullet(line: str) -> bool:
    """A line opening with a bullet marker ("- ", "· ", "◼ ", "a) ")."""
    return bool(_BULLET_LINE.match(line))


def is_lead_in(line: str) -> bool:
    """A line that introduces a list: "The issues identified included:-"."""
    return line.rstrip().endswith((":", ":-", ":–"))


def _block_kind(text: str, start: int, end: int) -> str:
    block = text[start:end]
    if is_judgement_heading(block):
        return "heading"
    if is_lead_in(block):
        return "lead_in"
    if _BULLET_LINE.match(block):
        return "bullet"
    last_line = block.rstrip().rsplit("\n", 1)[-1]
    if is_grade_heading(last_line) and len(block) <= _GRADE_HEADING_MAX_CHARS:
        return "heading"
    if "\n" not in block.strip() and is_heading_line(block, _line_after(text, end)):
        return "heading"
    return "sentence"


def _line_after(text: str, end: int) -> str | None:
    rest = text[end:].lstrip()
    return rest.split("\n", 1)[0] if rest else None


def _blocks(text: str) -> list[tuple[int, int]]:
    """Spans of the line groups that no sentence may cross: paragraphs, items, headings."""
    lines = _lines(text)
    blocks: list[tuple[int, int]] = []
    open_start: int | None = None  # start of the block being built, None between blocks
    open_end = 0
    previous = ""
    in_bullet = False  # whether the open block is a bullet item
    for index, (start, end) in enumerate(lines):
        line = text[start:end]
        following = _next_nonblank(text, lines, index)
        if not line.strip() or (
            open_start is not None and _starts_unit(line, previous, following, in_bullet)
        ):
            if open_start is not None:
                blocks.append((open_start, open_end))
            open_start = None
        if not line.strip():
            continue
        if open_start is None:
            open_start, in_bullet = start, bool(_BULLET_LINE.match(line))
        open_end = end
        previous = line
        if _ends_unit(line, following):
            blocks.append((open_start, open_end))
            open_start = None
    if open_start is not None:
        blocks.append((open_start, open_end))
    return blocks


def _lines(text: str) -> list[tuple[int, int]]:
    spans = []
    position = 0
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n\f")
        spans.append((position, position + len(stripped)))
        position += len(line)
    return spans


def _next_nonblank(text: str, lines: list[tuple[int, int]], index: int) -> str | None:
    for start, end in lines[index + 1 :]:
        if text[start:end].strip():
            return text[start:end]
    return None


def _starts_unit(line: str, previous: str, following: str | None, in_bullet: bool) -> bool:
    """Bullets and numbered paragraphs open a unit; so does a heading after a finished line,
    and a sentence starting flush left after a bullet item that has ended."""
    if _BULLET_LINE.match(line) or _NUMBERED_LINE.match(line):
        return True
    closed = previous.rstrip().endswith((".", "?", "!", '"', "”", "'", "’", ")"))
    # A short line did not wrap at the page edge, so whatever follows it starts afresh.
    finished = closed or len(previous.strip()) < _SHORT_LINE_CHARS
    if finished and in_bullet and line[:1].isupper():
        return True
    return finished and is_heading_line(line, following)


def _ends_unit(line: str, following: str | None) -> bool:
    """A lead-in or a heading-like line stands alone: it never runs into the next line.

    The first line of a judgement heading wrapped over two lines runs into the second.
    """
    if following is not None and following.strip()[:1].islower() and is_grade_heading(following):
        return False
    if following is not None and is_lead_in(line) and is_bare_grade(following):
        return False  # "The impact of leaders ... families:" / "good"
    return is_lead_in(line) or is_heading_line(line, following)


# Not kb/search/blocks.is_heading: passage text as PDF lines, judged with the line after it
# (a wrapped sentence continues in lower case), to cut stance units.
def is_heading_line(line: str, following: str | None = None) -> bool:
    """Short line with no closing punctuation, followed by a line that opens a new sentence.

    PDF text wraps long sentences over lines ~80 characters wide; a wrapped line is longer
    than a heading or is followed by a lower-case continuation, so it is not taken as one.
    Ofsted judgement headings ("... children in care: good") are headings too, also when
    wrapped over two lines.
    """
    stripped = line.strip()
    if is_grade_heading(stripped):
        return True
    limit = _CAPITALS_HEADING_MAX_CHARS if stripped.isupper() else _HEADING_MAX_CHARS
    if not stripped or len(stripped) > limit or is_lead_in(stripped):
        return False
    if _BULLET_LINE.match(stripped) or stripped[-1] in ".,;!" or not stripped[0].isupper():
        return False
    if following is None:
        return True
    head = following.lstrip()
    if head and is_grade_heading(head) and head[0].islower():
        return True  # first line of a wrapped judgement heading
    return bool(head) and (head[0].isupper() or head[0].isdigit() or head[0] in BULLET_CHARS)


def is_grade_heading(line: str) -> bool:
    """An Ofsted judgement heading, or its last line: "...help and protection: good"."""
    stripped = line.strip()
    if is_judgement_heading(stripped):
        return True
    return len(stripped) <= _GRADE_HEADING_MAX_CHARS and bool(_GRADE_ENDING.search(stripped))


def _sentences_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    unit_start = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if not _is_sentence_end(text, unit_start, match.start()):
            continue
        _append_trimmed(spans, text, unit_start, match.start() + 1 + _closers(text, match))
        unit_start = match.end()
    _append_trimmed(spans, text, unit_start, end)
    return spans


def _closers(text: str, match: re.Match[str]) -> int:
    """Closing quotes or brackets right after the full stop belong to the sentence."""
    tail = match.group(0)[1:]
    return len(tail) - len(tail.lstrip("\"'”’)]"))


def _is_sentence_end(text: str, unit_start: int, dot: int) -> bool:
    if text[dot] != ".":
        return True
    word_match = _WORD_BEFORE.search(text[max(unit_start, dot - 40) : dot])
    if word_match is None:
        return True
    word = word_match.group(1)
    if word.lower().rstrip(".") in _ABBREVIATIONS:
        return False
    if len(word) == 1 and word.isupper():
        return False  # an initial: "C. Sowerby"
    before = text[unit_start : dot - len(word)]
    # A list number opening the unit ("12. Ofsted identified") is not a sentence.
    return not (word.isdigit() and (not before.strip() or _is_marker_only(before)))


def _is_marker_only(prefix: str) -> bool:
    return all(ch in BULLET_CHARS or ch.isspace() for ch in prefix)


def _append_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
