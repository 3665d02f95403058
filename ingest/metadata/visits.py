"""Ofsted visits: their kinds, and the visit a council document reports on (type, number,
dates) - minutes of a scrutiny panel, officers' reports and slides name it their own way."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kb.dates import RangeMatch, find_date_ranges
from kb.vocab.kinds import VisitType

STANDARD, SHORT, SIF = VisitType.STANDARD, VisitType.SHORT, VisitType.SIF
FOCUSED, MONITORING, JTAI = VisitType.FOCUSED, VisitType.MONITORING, VisitType.JTAI

# An ILACS short inspection is one week on site, a standard inspection two.
_SHORT_MAX_DAYS = 7

_A = "['’]"
_I = re.IGNORECASE

_ORDINALS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
}
_ORDINAL = r"(?P<ord>" + "|".join(_ORDINALS) + r"|\d{1,2}(?:st|nd|rd|th))"

_ILACS = "ILACS inspection"  # internal: standard or short, decided by the visit's length

# How council documents and Ofsted write each kind of visit.
_VISIT_PATTERNS: dict[str, re.Pattern[str]] = {
    MONITORING: re.compile(r"\bmonitoring\s+visits?\b", _I),
    FOCUSED: re.compile(r"\bfocus(?:s)?(?:ed)?\s+(?:assurance\s+)?visits?\b", _I),
    JTAI: re.compile(r"\bjoint\s+targeted\s+area\s+inspections?\b|\bJTAIs?\b", _I),
    STANDARD: re.compile(r"\bstandard\s+(?:ILACS\s+)?inspections?\b", _I),
    SHORT: re.compile(r"\bshort\s+(?:ILACS\s+)?inspections?\b", _I),
    SIF: re.compile(r"\bsingle\s+inspection\s+framework\b|\bSIF\s+inspections?\b", _I),
    # A graded inspection not said to be standard or short: its length decides.
    _ILACS: re.compile(
        rf"\b(?:full|ILACS|graded|judgement(?:al)?)\s+inspections?\b"
        rf"|\binspection\s+of\s+(?:the\s+)?local\s+authority\s+children{_A}s\s+services\b",
        _I,
    ),
}
# Words showing a mention is about another visit (past, future or additional).
_OTHER_VISIT = re.compile(
    r"\b(?:next|last|previous|since|would|will|upcoming|future|towards|plus|also|earlier"
    r"|prior|expected|anticipated|following)\b",
    _I,
)
# A date right after these words is not the visit's date.
_NOT_VISIT_DATE = re.compile(
    r"(?:publish\w*|publication|letter\s+dated|dated|received|issued)\W{0,3}(?:\w+\W+){0,3}$", _I
)


@dataclass
class Visit:
    visit_type: str | None = None
    visit_number: int | None = None
    start: date | None = None
    end: date | None = None


def visit_ranges(window: str, default_year: int | None) -> list[RangeMatch]:
    """Date ranges in window, skipping those introduced as publication/letter dates."""
    return [
        r
        for r in find_date_ranges(window, default_year)
        if not _NOT_VISIT_DATE.search(window[max(0, r.start - 40) : r.start])
    ]


@dataclass(frozen=True)
class _Mention:
    visit_type: str
    start: int
    end: int
    weight: float


def mentioned_visit(text: str, default_year: int | None, prefer: str | None = None) -> Visit:
    """The Ofsted visit a council document reports on, with its number and dates.

    The visit named most (headings count more, mentions of other visits - "the next
    monitoring visit", "since the last full inspection" - count less) wins; its dates
    are the day-level range written nearest after a mention of it.
    """
    mentions = _mentions(text)
    if not mentions:
        return Visit()
    visit_type = prefer or _dominant(mentions)
    chosen = [m for m in mentions if m.visit_type == visit_type]
    year = default_year or _context_year(text, chosen)
    visit = Visit(visit_type=visit_type, visit_number=visit_number(text, visit_type))
    found = _nearest_range(text, chosen, year)
    if found:
        visit.start, visit.end = found.first, found.last
    if visit_type == _ILACS:
        visit.visit_type = framework_by_length(visit.start, visit.end)
    return visit


def framework_by_length(start: date | None, end: date | None) -> str | None:
    """Short (one week on site) or standard (two weeks); unknown without dates."""
    if start is None or end is None:
        return None
    return SHORT if (end - start).days <= _SHORT_MAX_DAYS else STANDARD


def _mentions(text: str) -> list[_Mention]:
    found: list[_Mention] = []
    for visit_type, pattern in _VISIT_PATTERNS.items():
        for m in pattern.finditer(text):
            found.append(_Mention(visit_type, m.start(), m.end(), _weight(text, m.start())))
    return sorted(found, key=lambda x: x.start)


def _weight(text: str, pos: int) -> float:
    """Headings weigh 3; mentions of another (past/future/extra) visit weigh 0.3."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line = text[line_start : line_end if line_end != -1 else len(text)].strip()
    sentence = _sentence_around(text, pos)
    if len(line.split()) <= 8 and not line.endswith("."):
        return 0.3 if _OTHER_VISIT.search(line) else 3.0
    before = sentence[: max(0, pos - _sentence_start(text, pos))]
    return 0.3 if _OTHER_VISIT.search(before[-60:]) else 1.0


def _sentence_start(text: str, pos: int) -> int:
    cut = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos))
    return cut + 1


def _sentence_around(text: str, pos: int) -> str:
    start = _sentence_start(text, pos)
    ends = [i for i in (text.find(". ", pos), text.find("\n", pos)) if i != -1]
    return text[start : min(ends) if ends else len(text)]


def _dominant(mentions: list[_Mention]) -> str:
    totals: dict[str, float] = {}
    for m in mentions:
        totals[m.visit_type] = totals.get(m.visit_type, 0.0) + m.weight
    # Ties go to the type mentioned first.
    order = {m.visit_type: i for i, m in reversed(list(enumerate(mentions)))}
    return max(totals, key=lambda t: (totals[t], -order[t]))


def visit_number(text: str, visit_type: str | None) -> int | None:
    """'the sixth monitoring visit' -> 6, '3rd monitoring visit' -> 3."""
    if visit_type not in (MONITORING, FOCUSED):
        return None
    kind = "monitoring" if visit_type == MONITORING else r"focus(?:s)?(?:ed)?"
    pattern = re.compile(rf"\b{_ORDINAL}\s+(?:Ofsted\s+|ILACS\s+)?{kind}\s+visit", _I)
    m = pattern.search(text)
    if not m:
        return None
    raw = m.group("ord").lower()
    return _ORDINALS.get(raw) or int(re.sub(r"\D", "", raw))


def _context_year(text: str, mentions: Iterable[_Mention]) -> int | None:
    """Year for ranges written without one: a 'July 2022' near the visit, else the
    year written most often in the text."""
    for m in mentions:
        near = text[max(0, m.start - 80) : m.end + 80]
        year = re.search(r"\b(?:19|20)\d\d\b", near)
        if year:
            return int(year.group(0))
    years = re.findall(r"\b20\d\d\b", text)
    return max(set(years), key=years.count) if years else None


def _nearest_range(text: str, mentions: list[_Mention], year: int | None) -> RangeMatch | None:
    """The date range closest after a mention (same sentence or the next few lines)."""
    best: tuple[float, RangeMatch] | None = None
    for m in mentions:
        lo = _sentence_start(text, m.start)
        window = text[lo : m.end + 300]
        for r in visit_ranges(window, year):
            absolute = RangeMatch(r.first, r.last, r.start + lo, r.end + lo)
            distance = _distance(text, m, absolute)
            score = distance / m.weight
            if best is None or score < best[0]:
                best = (score, absolute)
    return best[1] if best else None


def _distance(text: str, m: _Mention, r: RangeMatch) -> float:
    """Characters between mention and range; crossing a sentence end costs extra."""
    if r.start >= m.end:
        gap = text[m.end : r.start]
        return len(gap) + 200 * gap.count(". ")
    return 2 * (m.start - r.end) + 50
