"""The blocks of a document's text (headings, paragraphs, bullet items) and the one rule for
"is this line a heading?".

Ingest lays cleaned pages out in blocks by this rule (ingest/structure.py) and stores each
block's kind with the document (Document.blocks), so the source viewer shows what ingest
computed instead of guessing again; for a store written before kinds were kept, the viewer
falls back on guess_kind, the same rule applied to the block's text.
"""

from __future__ import annotations

import re

from kb.search.judgements import is_judgement_heading

HEADING = "heading"
PARAGRAPH = "paragraph"
BULLET = "bullet"

HEADING_MAX_WORDS = 14
QUESTION_HEADING_MAX_WORDS = 8  # "What needs to improve?", "What is the issue?"
MARKER = re.compile(r"^\([^()]{1,80}\)$")  # "(Recommendation)", "(outcome 3, national framework)"
_END_PUNCT = re.compile(r"[.;,!?…]['\"’”)]*$")
_BULLET = re.compile(r"[-•·*]\s+")


def is_heading(line: str) -> bool:
    """Short, unpunctuated lines that are not sentences: section titles in council papers."""
    line = line.strip()
    if is_judgement_heading(line):
        return True
    if not line or line.startswith("- ") or len(line) > 120 or MARKER.match(line):
        return False
    words = line.split()
    if line.endswith("?") and len(words) <= QUESTION_HEADING_MAX_WORDS:
        return line[0].isupper()
    if len(words) > HEADING_MAX_WORDS or _END_PUNCT.search(line):
        return False
    if line.endswith((":", ":-", "-")):
        return False  # a lead-in to a list, not a title
    return not words[0][0].islower()


def bullet_mark(block: str) -> int:
    """Length of the bullet mark a block opens with ("- "), 0 when it has none."""
    mark = _BULLET.match(block)
    return mark.end() if mark else 0


def guess_kind(block: str) -> str:
    """A laid-out block's kind from its text alone, for stores written before ingest kept
    the kinds it computed."""
    if bullet_mark(block):
        return BULLET
    return HEADING if "\n" not in block and is_heading(block) else PARAGRAPH
