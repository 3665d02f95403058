"""Ofsted judgement headings, in every layout 2013-2026: one rule for the heading rule
(kb/search/blocks.py) and for ingest/sentences.py.

Layouts seen: "The experiences and progress of children in care: good" on one line; the same
broken over two lines ("The impact of leaders on social work practice with children and
families:" / "good"); a title with its grade on the next line ("... achieving permanence" /
"Inadequate"); the grade run into a two-column title ("The experiences and progress of
children who need help Requires improvement and protection"); and a grade after the title
without a colon ("Leadership, management and governance Inadequate").
"""

from __future__ import annotations

import re

from kb.vocab.ofsted import ofsted_vocab

_VOCAB = ofsted_vocab()
MAX_CHARS = 160
_SENTENCE_END = re.compile(r"[.;!]['\"’”)]*\s*$")


def is_bare_grade(line: str) -> bool:
    """A line holding only a grade: "Inadequate", "Requires improvement to be good"."""
    return bool(_VOCAB.bare_grade.match(line.strip()))


def is_judgement_heading(line: str) -> bool:
    """A judgement heading with its grade, on one line (possibly joined from two)."""
    text = " ".join(line.split())
    if not text or len(text) > MAX_CHARS or _SENTENCE_END.search(text):
        return False
    ending = re.search(rf"(?::\s*|\s)({_VOCAB.grade.pattern})\s*$", text, re.IGNORECASE)
    if ending and (":" in text or _VOCAB.judgement_opener.match(text)):
        return True
    if not _VOCAB.judgement_opener.match(text):
        return False
    # a grade set in capitals inside a two-column title: "... need help Requires improvement"
    return any(m.group(0)[0].isupper() for m in _VOCAB.grade.finditer(text, 1))


def is_judgement_title(line: str) -> bool:
    """The title of a judgement whose grade is on the next line."""
    text = " ".join(line.split()).rstrip(":")
    return (
        bool(_VOCAB.judgement_opener.match(text))
        and len(text) <= MAX_CHARS
        and not _SENTENCE_END.search(text)
    )


def with_grade(title: str, grade: str) -> str:
    """ "... achieving permanence" + "Inadequate" -> "... achieving permanence: Inadequate"."""
    return f"{title.rstrip().rstrip(':')}: {grade.strip()}"
