"""What kind of document a text is: minutes, agenda, report, Ofsted letter or report, slides.

Ofsted documents are recognised by their fixed openings; council documents by a score
over the furniture each kind carries (minutes: "A meeting of ... was held", "PRESENT:",
"AGREED"/"RESOLVED"; agendas: an "AGENDA" heading, "Date/Time/Venue", numbered standing
items; reports: "Report of", "TITLE OF REPORT", "Purpose of the report",
"Recommendations"; slides: short title lines and bullets with few full sentences).
"""

from __future__ import annotations

import re

MINUTES = "minutes"
AGENDA = "agenda"
REPORT = "report"
OFSTED_LETTER = "ofsted_letter"
OFSTED_REPORT = "ofsted_report"
PRESENTATION = "presentation"
DOC_TYPES: tuple[str, ...] = (MINUTES, AGENDA, REPORT, OFSTED_LETTER, OFSTED_REPORT, PRESENTATION)

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

# (pattern, weight, cap on how many hits count)
_Cue = tuple[re.Pattern[str], float, int]

_MINUTES_CUES: list[_Cue] = [
    (re.compile(r"\b(?:An?|The)\s+meeting\s+of\s+.{3,200}?\s+(?:was|were)\s+held\b", _I), 6, 1),
    (re.compile(r"^\s*MINUTES\s+of\s+(?:the|a)\s+(?!previous|last)", _I | _M), 5, 1),
    (re.compile(r"^\s*(?:PRESENT|Present)\s*:", _M), 3, 1),
    (
        re.compile(
            r"^\s*(?:APOLOGIES|Apologies)\s+(?:FOR\s+ABSENCE\s+|for\s+absence\s+)?were\b", _M
        ),
        2,
        1,
    ),
    (re.compile(r"\bAGREED\b|\bRESOLVED\b"), 2, 3),
    (
        re.compile(r"^\s*(?:That|THAT)\s+the\s+.{3,150}?\bbe\s+(?:noted|approved|received)", _M),
        2,
        2,
    ),
    (re.compile(r"^\s*Minutes\s*:", _M), 3, 1),
    (re.compile(r"\b(?:was|were)\s+in\s+attendance\b"), 1, 2),
    (re.compile(r"\bThe\s+Chair(?:man|person)?\s+thanked\b", _I), 2, 1),
    (
        re.compile(
            r"\b(?:Panel|Board|Committee|Members?|Sub-Committee)\s+(?:was|were)\s+(?:advised|informed|told|reminded)\b",
            _I,
        ),
        1,
        2,
    ),
    (re.compile(r"\bIn\s+response\s+to\s+(?:a|the)\s+(?:query|question)", _I), 1, 2),
    (
        re.compile(
            r"\bfollowing\s+(?:issues|points)\s+were\s+raised|\bDuring\s+the\s+course\s+of\s+discussion|\bA\s+discussion\s+ensued",
            _I,
        ),
        1,
        2,
    ),
    (
        re.compile(
            r"\b(?:advised|outlined|reported|explained|informed)\s+(?:that|the\s+(?:Panel|Board|Committee|Members))\b"
        ),
        1,
        3,
    ),
    (re.compile(r"^\s*Supporting\s+documents\s*:", _M), 1, 1),
    (re.compile(r"\bThe\s+meeting\s+(?:closed|ended|finished)\b", _I), 2, 1),
]
_AGENDA_CUES: list[_Cue] = [
    (re.compile(r"^\s*(?:AGENDA|Agenda)\s*$", _M), 5, 1),
    (re.compile(r"^\s*Date\s*:.{0,80}\b(?:Time|Venue)\s*:|^\s*Venue\s*:", _I | _M), 3, 1),
    (re.compile(r"^\s*[-•]?\s*\d+\.?\s*Apologies\s+for\s+Absence", _I | _M), 2, 1),
    (
        re.compile(
            r"^\s*[-•]?\s*\d+\.?\s*Declarations?\s+of\s+(?:Members['’]?\s+)?Interests?", _I | _M
        ),
        2,
        1,
    ),
    (re.compile(r"^\s*[-•]?\s*\d+\.?\s*Date\s+and\s+Time\s+of\s+Next\s+meeting", _I | _M), 1, 1),
    (re.compile(r"^\s*(?:MEMBERSHIP|Membership)\s*:?\s*$|Assistance\s+in\s+accessing", _M), 1, 2),
    (
        re.compile(
            r"\bwill\s+(?:be\s+in\s+attendance|provide\s+the\s+(?:Panel|Board|Committee))", _I
        ),
        0.5,
        4,
    ),
    (re.compile(r"^\s*NOTICE\s+OF\s+MEETING|^\s*SUMMONS\b", _M), 3, 1),
]
_REPORT_CUES: list[_Cue] = [
    (re.compile(r"^\s*(?:TITLE\s+OF\s+REPORT|Report\s+title)\s*:", _I | _M), 4, 1),
    (
        re.compile(r"^\s*(?:REPORT\s+OF|Report\s+of|REPORT\s+TO|Report\s+to|Report\s+by)\b", _M),
        3,
        1,
    ),
    (re.compile(r"^\s*(?:[A-Z&']+\s+){0,4}REPORT\s*$", _M), 3, 1),
    (re.compile(r"^\s*(?:\d+\.?\s*)?Purpose\s+of\s+(?:the\s+|this\s+)?report", _I | _M), 3, 1),
    (re.compile(r"\bThe\s+purpose\s+of\s+this\s+report\b", _I), 3, 1),
    (re.compile(r"^\s*(?:\d+\.?\s*)?Recommendations?\s*:?\s*$", _I | _M), 2, 1),
    (
        re.compile(
            r"^\s*(?:\d+\.?\s*)?(?:Executive\s+Summary|Background|Introduction|Conclusions?)\s*$",
            _I | _M,
        ),
        1,
        3,
    ),
    (re.compile(r"\bIt\s+is\s+recommended\s+that\b", _I), 2, 1),
    (
        re.compile(
            r"^\s*(?:Subject|Wards?\s+affected|Key\s+decision|Contact(?:\s+officer)?)\s*:", _I | _M
        ),
        2,
        2,
    ),
    (re.compile(r"^\s*Agenda\s+Item\s+\d+", _I | _M), 1, 1),
    (re.compile(r"\battached\s+report\b|\bthis\s+report\b", _I), 1, 2),
]


def classify(text: str) -> str:
    """The doc_type of a document's text (one of DOC_TYPES)."""
    head = text[:4000]
    if _is_ofsted_report(" ".join(head.split())):
        return OFSTED_REPORT
    if _is_ofsted_letter(text):
        return OFSTED_LETTER
    scores = {
        MINUTES: _score(text, _MINUTES_CUES),
        AGENDA: _score(head, _AGENDA_CUES),
        REPORT: _score(text, _REPORT_CUES) + _score(head[:1500], _REPORT_CUES),
        PRESENTATION: _slide_score(text),
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


def _score(text: str, cues: list[_Cue]) -> float:
    total = 0.0
    for pattern, weight, cap in cues:
        hits = sum(1 for _ in pattern.finditer(text))
        total += weight * min(cap, hits)
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
