"""Lines into paragraphs for the cleaner (ingest/clean.py): bullet glyphs become "- " items,
hard-wrapped lines are joined into one line per paragraph or item, and blocks are laid out
with a blank line between them."""

from __future__ import annotations

import re

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

SENTENCE_END = re.compile(r"[.!?:;][\"'’”)\]]*$|:-$")
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


# Not kb/search/blocks.is_heading: lines are judged before they are joined, so a stricter Title
# Case test keeps the rest of a wrapped sentence that opens with a capital from passing for one.
def _is_heading_like(line: str) -> bool:
    """Short unpunctuated Title Case or CAPITALS line, or a short numbered title."""
    words = line.split()
    if not words or len(words) > _HEADING_WORDS or SENTENCE_END.search(line):
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
    if SENTENCE_END.search(previous):
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
    neither_ends = not SENTENCE_END.search(previous) and not SENTENCE_END.search(line)
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
