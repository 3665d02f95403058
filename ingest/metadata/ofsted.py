"""Ofsted's letters and inspection reports: the date a letter bears, the visit it reports
on, and an inspection report's type, dates and publication date."""

from __future__ import annotations

import re
from datetime import date

from ingest.metadata.visits import (
    Visit,
    framework_by_length,
    mentioned_visit,
    visit_number,
    visit_ranges,
)
from kb.dates import find_date_ranges, find_dates, month_number
from kb.vocab.kinds import VisitType
from kb.vocab.ofsted import ofsted_markers
from kb.vocab.timewords import time_words

FOCUSED, MONITORING, JTAI, SIF = (
    VisitType.FOCUSED,
    VisitType.MONITORING,
    VisitType.JTAI,
    VisitType.SIF,
)

_I = re.IGNORECASE


def letter_date(text: str, visit_end: date | None = None) -> date | None:
    """The date a letter bears.

    The first date above 'Dear' / the opening sentence; else a date standing on its own
    line (PDF text may put the letterhead and date block after the first paragraphs).
    A date before the visit it reports on is a mistyped year (a January letter still
    dated the old year), so it moves to the first such day after the visit; a date
    whose year is garbled ("6 November 20205") is read the same way.
    """
    stop = _first_of(text, [r"^\s*Dear\s", ofsted_markers().letter_summary.pattern])
    found = [d.value for d in find_dates(text[:stop])]
    if not found:
        found = _standalone_dates(text[:8000])
    if not found and visit_end:
        garbled = _GARBLED_DATE.search(text[:stop])
        if garbled:
            return _after(visit_end, int(garbled.group("d")), month_number(garbled.group("m")))
    if not found:
        return None
    value = found[0]
    if visit_end and value < visit_end:
        return _after(visit_end, value.day, value.month) or value
    return value


_GARBLED_DATE = re.compile(
    rf"^\s*(?P<d>[0-3]?\d)\s+(?P<m>{'|'.join(time_words().month_names)})\s+\d{{3,6}}\s*$",
    _I | re.MULTILINE,
)


def _standalone_dates(text: str) -> list[date]:
    out: list[date] = []
    for line in text.split("\n"):
        found = find_dates(line)
        if found and len(line.strip()) - (found[0].end - found[0].start) <= 2:
            out.append(found[0].value)
    return out


def _after(visit_end: date, day: int, month: int | None) -> date | None:
    """The first day/month on or after the visit (within a year)."""
    if month is None:
        return None
    for year in (visit_end.year, visit_end.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= visit_end:
            return candidate
    return None


def _first_of(text: str, patterns: list[str]) -> int:
    positions = [
        m.start()
        for p in patterns
        if (m := re.search(p, text, re.IGNORECASE | re.MULTILINE)) is not None
    ]
    return min(positions) if positions else min(len(text), 3000)


def letter_visit(text: str, dated: date | None) -> Visit:
    """Visit type, number and dates from an Ofsted visit letter."""
    visit = Visit(visit_type=_letter_type(text))
    default_year = dated.year if dated else None
    opening = ofsted_markers().letter_summary.search(text)
    if opening:
        window = text[opening.end() : opening.end() + 400]
        ranges = visit_ranges(window, default_year)
        if ranges:
            visit.start, visit.end = _plausible_visit(ranges[0].first, ranges[0].last)
    if visit.start is None and visit.visit_type:
        found = mentioned_visit(text, default_year, prefer=visit.visit_type)
        visit.start, visit.end = found.start, found.end
    visit.visit_number = visit_number(text, visit.visit_type)
    return visit


# A visit lasts days, not months: "24 October 2022 to 25 October 2023" is a mistyped year.
_MAX_VISIT_DAYS = 14


def _plausible_visit(start: date, end: date) -> tuple[date, date]:
    """The visit's dates, a mistyped start year corrected.

    A start in an earlier year than the end, whose day and month in the end's year fall
    within two weeks before the end, had its year mistyped; anything else is kept.
    """
    if (end - start).days > _MAX_VISIT_DAYS and start.year != end.year:
        try:
            moved = start.replace(year=end.year)
        except ValueError:
            return start, end
        if 0 <= (end - moved).days <= _MAX_VISIT_DAYS:
            return moved, end
    return start, end


def _letter_type(text: str) -> str | None:
    markers = ofsted_markers()
    m = markers.letter_type.search(text) or markers.letter_heading.search(text[:3000])
    if not m:
        return None
    raw = (m.group("t") or "joint targeted area").lower()
    if raw.startswith("monitoring"):
        return MONITORING
    if raw.startswith("focus"):
        return FOCUSED
    return JTAI


def report_visit(text: str) -> Visit:
    """Inspection type and dates from an Ofsted inspection report."""
    head = " ".join(text[:3000].split())
    start, end = _inspection_dates(text)
    visit = Visit(start=start, end=end)
    markers = ofsted_markers()
    if markers.jtai_title.search(head[:600]):
        visit.visit_type = JTAI
    elif markers.sif_title.search(head):
        visit.visit_type = SIF
    elif markers.lac_title.search(head[:600]):
        visit.visit_type = None
    elif markers.ilacs_title.search(head[:600]):
        # The report does not name its framework; the length of the visit does.
        visit.visit_type = framework_by_length(start, end)
    return visit


def _inspection_dates(text: str) -> tuple[date | None, date | None]:
    m = ofsted_markers().inspection_dates.search(text[:4000])
    if m:
        ranges = find_date_ranges(text[m.end() : m.end() + 160])
        if ranges:
            return ranges[0].first, ranges[0].last
    ranges = find_date_ranges(text[:1500])
    return (ranges[0].first, ranges[0].last) if ranges else (None, None)


def publication_date(text: str) -> date | None:
    """'Report published: 19 November 2014' and similar, if the report states it."""
    m = ofsted_markers().published_label.search(text[:4000])
    if not m:
        return None
    found = find_dates(text[m.end() : m.end() + 60])
    return found[0].value if found else None
