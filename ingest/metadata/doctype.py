"""What kind of document a text is: minutes, agenda, report, Ofsted letter or report, slides.

Ofsted documents are recognised by their fixed openings; council documents by a score
over the furniture each kind carries (kb/vocab/council_papers.toml: minutes: "A meeting of
... was held", "PRESENT:", "RESOLVED", ModernGov's "Minutes:" and issue histories; agendas:
an "AGENDA" heading, "Date/Time/Venue", summonses; reports: "Report of", "Purpose of the
report", "Recommendations"; decisions: "Record of decisions", "Decision details"; slides:
short title lines and bullets with few full sentences).
"""

from __future__ import annotations

import re

from kb.vocab.ofsted import ofsted_markers
from kb.vocab.papers import Cue, paper_vocab

MINUTES = "minutes"
AGENDA = "agenda"
REPORT = "report"
OFSTED_LETTER = "ofsted_letter"
OFSTED_REPORT = "ofsted_report"
PRESENTATION = "presentation"
DECISION = (
    "decision"  # a record of decisions, a decision notice, a committee system's decision page
)
DOC_TYPES: tuple[str, ...] = (
    MINUTES,
    AGENDA,
    REPORT,
    DECISION,
    OFSTED_LETTER,
    OFSTED_REPORT,
    PRESENTATION,
)

_I = re.IGNORECASE
_M = re.MULTILINE

# An Ofsted report's title sits near the very top (kb/vocab/ofsted.toml: report_title).
_TITLE_ZONE = 400
_DEAR = re.compile(r"^\s*Dear\s+\S", _I | _M)


def classify(text: str) -> str:
    """The doc_type of a document's text (one of DOC_TYPES)."""
    head = text[:4000]
    if _is_ofsted_report(" ".join(head.split())):
        return OFSTED_REPORT
    if _is_ofsted_letter(text):
        return OFSTED_LETTER
    cues = paper_vocab().cues
    scores = {
        MINUTES: _score(text, cues[MINUTES]),
        AGENDA: _score(head, cues[AGENDA]),
        REPORT: _score(text, cues[REPORT]) + _score(head[:1500], cues[REPORT]),
        DECISION: _score(head, cues[DECISION]),
        # A committee system's page or print is never a slide deck, however short its lines.
        PRESENTATION: 0.0 if paper_vocab().committee_system.search(head) else _slide_score(text),
    }
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] >= 2 else _fallback(text)


def _is_ofsted_report(head: str) -> bool:
    """head: the document's first characters with white space collapsed."""
    markers = ofsted_markers()
    opening = markers.report_title.search(head[:_TITLE_ZONE])
    return bool(opening and markers.report_furniture.search(head))


def _is_ofsted_letter(text: str) -> bool:
    markers = ofsted_markers()
    head = text[:5000]
    if markers.letter_opening.search(head):
        return True
    letterhead = markers.letterhead.search(head[:1500])
    return bool(letterhead and _DEAR.search(head)) or bool(
        _DEAR.search(head[:3000]) and markers.hmi_sign_off.search(text)
    )


def _score(text: str, cues: tuple[Cue, ...]) -> float:
    total = 0.0
    for cue in cues:
        hits = sum(1 for _ in cue.pattern.finditer(text))
        total += cue.weight * min(cue.cap, hits)
    return total


def slide_ratio(text: str) -> float:
    """Share of non-blank lines that look like slide text (short, bullets, no sentences)."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if len(lines) < 8:
        return 0.0
    slide_like = 0
    for line in lines:
        words = len(line.split())
        sentence = line.endswith(".") and words > 12
        if not sentence and (words <= 14 or re.match(r"^[-•·▪◼o]\s", line)):
            slide_like += 1
    return slide_like / len(lines)


def _slide_score(text: str) -> float:
    ratio = slide_ratio(text)
    prose = len(re.findall(r"[^.!?\n]{80,}[.!?]", text))
    lines = max(1, sum(1 for ln in text.split("\n") if ln.strip()))
    # Slides: most lines short, and few long sentences per line of text.
    return 8 * ratio - 6 * (prose / lines) if ratio > 0.6 else 0.0


def _fallback(text: str) -> str:
    return PRESENTATION if slide_ratio(text) > 0.8 else REPORT
