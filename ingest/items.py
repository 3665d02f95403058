"""Council papers' agenda items and decisions, made plain for layout and chunking.

Committee systems print an item's number on a line of its own ("19."), an attachment
marker after its title ("pdf icon PDF 107 KB"), and PDF extraction runs a resolution into
the heading before it ("... (Agenda item 3) RESOLVED: That ..."). Tidied here, before the
blocks are laid out, so the passage heading is "19. Declarations of interest" and each
resolution starts a block of its own. Decisions are then passages of their own, labelled
(ingest/chunk.py asks `is_decision`). Vocabulary: kb/vocab/council_papers.toml.
"""

from __future__ import annotations

import re

from ingest.types import Page
from kb.vocab.papers import paper_vocab

# An item number alone on its line: "19.", "4a.", "(5)" (a bare "3" is a page number).
_BARE_NUMBER = re.compile(r"^\s*\(?(?P<n>\d{1,3}[a-z]?(?:\.\d{1,2})?)[.)]\s*$")
_MAX_TITLE = 160


def tidy_items(pages: list[Page]) -> list[Page]:
    """Pages with item numbers joined to their titles, attachment markers dropped and run-in
    resolutions moved to a paragraph of their own."""
    return [Page(p.number, _tidy(p.text)) for p in pages]


def _tidy(text: str) -> str:
    vocab = paper_vocab()
    text = vocab.decision_run_in.sub("\n\n", text)
    lines = [vocab.attachment.sub("", line).rstrip() for line in text.split("\n")]
    out: list[str] = []
    i = 0
    while i < len(lines):
        number = _BARE_NUMBER.match(lines[i])
        title = _next_text(lines, i + 1)
        if number and title is not None and _is_title(lines[title]):
            out.append(f"{number.group('n')}. {lines[title].strip()}")
            i = title + 1
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


def _next_text(lines: list[str], start: int) -> int | None:
    """Index of the next non-blank line within two lines, else None."""
    for j in range(start, min(len(lines), start + 3)):
        if lines[j].strip():
            return j
    return None


def _is_title(line: str) -> bool:
    text = line.strip()
    if not text or len(text) > _MAX_TITLE or text.endswith((".", ",", ";")):
        return False
    return text[0].isupper() and not _BARE_NUMBER.match(text)


def is_decision(text: str) -> bool:
    """A resolution or decision: "RESOLVED that ...", "Resolved – That", "AGREED:",
    "Decision:"."""
    return bool(paper_vocab().decision_opener.match(text)) and not is_furniture(text)


def continues_decision(text: str) -> bool:
    """A numbered or bulleted part of the decision above it ("(a) That ...", "- ...")."""
    return bool(paper_vocab().decision_continues.match(text))


def decision_heading(heading: str) -> str:
    """The heading a decision passage carries: its item's heading, labelled."""
    label = paper_vocab().decision_label
    return f"{heading} > {label}" if heading else label


def is_furniture(line: str) -> bool:
    """A committee system's label line ("Agenda item", "Minutes:", "Issue - meetings")."""
    return bool(paper_vocab().furniture_label.match(line))
