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

_A = "['’]"
_I = re.IGNORECASE
_M = re.MULTILINE

# Openings of Ofsted inspection reports (ILACS, SIF and its LSCB reviews, the older
# looked-after children inspections). A title: capitalised and near the very top, so a
# letter's "in line with the inspection of local authority children's services" is not
# taken for one.
_OFSTED_REPORT_OPENING = re.compile(
    r"(?:Re-i|I)nspection\s+of\s+(?i:"
    rf"(?:the\s+)?.{{0,80}}?\s*(?:local\s+authority\s+)?children{_A}s\s+(?:social\s+care\s+)?services"
    r"|services\s+for\s+children\s+in\s+need\s+of\s+help"
    r"|(?:safeguarding\s+and\s+)?looked\s+after\s+children\s+services)"
    r"|Review\s+of\s+the\s+effectiveness\s+of\s+the\s+(?i:local\s+safeguarding\s+children)"
)
_TITLE_ZONE = 400
_REPORT_FURNITURE = re.compile(
    r"Inspection\s+dates?\s*:|Lead\s+inspector|Report\s+published|Reporting\s+inspector"
    r"|Judgement\s+Grade|overall\s+judgement\s+is",
    _I,
)
_LETTER_OPENING = re.compile(
    r"This\s+letter\s+summarises\s+the\s+findings"
    r"|^\s*(?:Monitoring|Focused|Focussed)\s+visit\s+(?:to|of)\s+.{0,80}children"
    r"|^\s*Joint\s+targeted\s+area\s+inspection\s+of",
    _I | _M,
)
_OFSTED_LETTERHEAD = re.compile(r"Piccadilly\s+Gate|Clive\s+House|www\.gov\.uk/ofsted", _I)
_DEAR = re.compile(r"^\s*Dear\s+\S", _I | _M)
_HMI_SIGN_OFF = re.compile(
    rf"Yours\s+sincerely[\s\S]{{0,200}}?(?:Her|His)\s+Majesty{_A}s\s+(?:Senior\s+)?Inspector", _I
)


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
    opening = _OFSTED_REPORT_OPENING.search(head[:_TITLE_ZONE])
    return bool(opening and _REPORT_FURNITURE.search(head))


def _is_ofsted_letter(text: str) -> bool:
    head = text[:5000]
    if _LETTER_OPENING.search(head):
        return True
    letterhead = _OFSTED_LETTERHEAD.search(head[:1500])
    return bool(letterhead and _DEAR.search(head)) or bool(
        _DEAR.search(head[:3000]) and _HMI_SIGN_OFF.search(text)
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
