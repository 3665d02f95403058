"""Ofsted visit facts: type, number, dates, inspectors and judgement grades.

Works on Ofsted's own letters and reports and on council documents that report on a
visit (minutes of a scrutiny panel, officers' reports and slides).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ingest.metadata.dates import RangeMatch, find_date_ranges, find_dates, month_number
from kb.vocab.kinds import GRADES, VisitType

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


# --- Ofsted letters ----------------------------------------------------------------------

_LETTER_TYPE = re.compile(
    r"findings\s+of\s+(?:a|an|the)\s+(?:\w+\s+)?(?P<t>monitoring|focus(?:s)?ed|joint\s+targeted\s+area)"
    r"\s+(?:assurance\s+)?(?:visit|inspection)",
    _I,
)
_LETTER_HEADING = re.compile(
    r"^\s*(?P<t>Monitoring|Focus(?:s)?ed)\s+visit\s+(?:to|of)\b|^\s*(?P<j>Joint\s+targeted\s+area)",
    _I | re.MULTILINE,
)
_SUMMARISES = re.compile(r"This\s+letter\s+summarises\s+the\s+findings", _I)


def letter_date(text: str, visit_end: date | None = None) -> date | None:
    """The date a letter bears.

    The first date above 'Dear' / the opening sentence; else a date standing on its own
    line (PDF text may put the letterhead and date block after the first paragraphs).
    A date before the visit it reports on is a mistyped year (a January letter still
    dated the old year), so it moves to the first such day after the visit; a date
    whose year is garbled ("6 November 20205") is read the same way.
    """
    stop = _first_of(text, [r"^\s*Dear\s", _SUMMARISES.pattern])
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
    r"^\s*(?P<d>[0-3]?\d)\s+(?P<m>January|February|March|April|May|June|July|August|September"
    r"|October|November|December)\s+\d{3,6}\s*$",
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
    opening = _SUMMARISES.search(text)
    if opening:
        window = text[opening.end() : opening.end() + 400]
        ranges = _visit_ranges(window, default_year)
        if ranges:
            visit.start, visit.end = _plausible_visit(ranges[0].first, ranges[0].last)
    if visit.start is None and visit.visit_type:
        found = mentioned_visit(text, default_year, prefer=visit.visit_type)
        visit.start, visit.end = found.start, found.end
    visit.visit_number = _visit_number(text, visit.visit_type)
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
    m = _LETTER_TYPE.search(text) or _LETTER_HEADING.search(text[:3000])
    if not m:
        return None
    raw = (m.group("t") or "joint targeted area").lower()
    if raw.startswith("monitoring"):
        return MONITORING
    if raw.startswith("focus"):
        return FOCUSED
    return JTAI


def _visit_ranges(window: str, default_year: int | None) -> list[RangeMatch]:
    """Date ranges in window, skipping those introduced as publication/letter dates."""
    return [
        r
        for r in find_date_ranges(window, default_year)
        if not _NOT_VISIT_DATE.search(window[max(0, r.start - 40) : r.start])
    ]


# --- Ofsted inspection reports -----------------------------------------------------------

_ILACS_TITLE = re.compile(
    rf"Inspection\s+of\s+(?:.{{0,80}}?\s+)?children{_A}s\s+(?:social\s+care\s+)?services", _I
)
# The looked-after children inspections of 2012-13 predate the vocabulary of visit types.
_LAC_TITLE = re.compile(
    r"Inspection\s+of\s+(?:safeguarding\s+and\s+)?looked\s+after\s+children\s+services", _I
)
# SIF inspections, and the LSCB reviews carried out under the same framework.
_SIF_TITLE = re.compile(
    r"Inspection\s+of\s+services\s+for\s+children\s+in\s+need\s+of\s+help"
    r"|Review\s+of\s+the\s+effectiveness\s+of\s+the\s+local\s+safeguarding\s+children",
    _I,
)
_JTAI_TITLE = re.compile(r"Joint\s+targeted\s+area\s+inspection", _I)
_INSPECTION_DATES = re.compile(r"Inspection\s+dates?\s*:?", _I)
# A label at the start of a line: "published" in the report's prose is no label.
_PUBLISHED = re.compile(
    r"^\s*(?:Report\s+)?Published\s*:?|^\s*Publication\s+date\s*:?", _I | re.MULTILINE
)


def report_visit(text: str) -> Visit:
    """Inspection type and dates from an Ofsted inspection report."""
    head = " ".join(text[:3000].split())
    start, end = _inspection_dates(text)
    visit = Visit(start=start, end=end)
    if _JTAI_TITLE.search(head[:600]):
        visit.visit_type = JTAI
    elif _SIF_TITLE.search(head):
        visit.visit_type = SIF
    elif _LAC_TITLE.search(head[:600]):
        visit.visit_type = None
    elif _ILACS_TITLE.search(head[:600]):
        # The report does not name its framework; the length of the visit does.
        visit.visit_type = _framework_by_length(start, end)
    return visit


def _inspection_dates(text: str) -> tuple[date | None, date | None]:
    m = _INSPECTION_DATES.search(text[:4000])
    if m:
        ranges = find_date_ranges(text[m.end() : m.end() + 160])
        if ranges:
            return ranges[0].first, ranges[0].last
    ranges = find_date_ranges(text[:1500])
    return (ranges[0].first, ranges[0].last) if ranges else (None, None)


def publication_date(text: str) -> date | None:
    """'Report published: 19 November 2014' and similar, if the report states it."""
    m = _PUBLISHED.search(text[:4000])
    if not m:
        return None
    found = find_dates(text[m.end() : m.end() + 60])
    return found[0].value if found else None


# --- visits reported in council documents ---------------------------------------------------


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
    visit = Visit(visit_type=visit_type, visit_number=_visit_number(text, visit_type))
    found = _nearest_range(text, chosen, year)
    if found:
        visit.start, visit.end = found.first, found.last
    if visit_type == _ILACS:
        visit.visit_type = _framework_by_length(visit.start, visit.end)
    return visit


def _framework_by_length(start: date | None, end: date | None) -> str | None:
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


def _visit_number(text: str, visit_type: str | None) -> int | None:
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
        for r in _visit_ranges(window, year):
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


# --- inspectors ---------------------------------------------------------------------------

_HMI = rf"(?:(?:Her|His)\s+Majesty{_A}s\s+(?:Senior\s+)?[Ii]nspectors?|HMIs?|Senior\s+HMI)"
_INSPECTOR_SENTENCES: list[re.Pattern[str]] = [
    re.compile(rf"{_HMI}\s+for\s+(?:this|the)\s+visit\s+(?:were|was)\s+(?P<names>[^.]+)\.", _I),
    re.compile(
        r"\bThe\s+inspectors\s+(?:for\s+(?:this|the)\s+visit\s+)?were\s+(?P<names>[^.]+?)\.(?:\s|$)",
        _I,
    ),
    re.compile(rf"\bcarried\s+out\s+by\s+{_HMI},?\s+(?P<names>[^.]+)\.", _I),
    re.compile(r"\b(?:carried\s+out|conducted|undertaken)\s+by\s+(?P<names>[^.]+?)\.", _I),
    re.compile(rf"{_HMI}\s+were\s+(?P<names>[^.]+)\.", _I),
]
# Capital "Lead": "the lead inspector attended ..." in prose is not the credit line.
_LEAD = re.compile(
    r"(?:Lead|Reporting)\s+[Ii]nspector\s*:?\s*(?P<name>[A-Z][^\n,]+?)(?:,|\s+HMI\b|\n|$)"
)
_NAME = re.compile(
    r"^(?:Dr\.?\s+)?[A-ZÀ-Ý][\w’'À-ÿ-]*(?:\s+(?:Mc|Mac|O’|O'|de\s|van\s)?[A-ZÀ-Ý][\w’'À-ÿ-]*){1,3}$"
)
_ROLE_WORDS = re.compile(
    rf"{_HMI}|\bOfsted\s+Inspectors?\b|\b(?:S?HMI|AI|OI|SCRI)\b|\((?:HMI\s+)?designate\)|\bdesignate\b|\bSocial\s+Care\b|\bSchools\b"
    r"|\btwo\s+of\b|\ball\s+of\s+whom\s+are\b|\bboth\s+of\s+whom\s+are\b|\bthe\s+inspectors\b"
    r"|\bSenior\b|\(HMI\)|\bHMI\b",
    _I,
)


# SIF reports list the team at the end: "Deputy lead inspector: X HMI", "Team inspectors:
# X HMI, Y HMI, ..." (the list may run over to the next line).
_TEAM = re.compile(
    r"^\s*(?:Deputy\s+lead\s+inspectors?|Team\s+inspectors?)\s*:\s*(?P<names>.+)$",
    _I | re.MULTILINE,
)
# A continuation line of a name list: capitalised words, commas, "and", role initials.
_NAME_LIST_LINE = re.compile(
    r"^[A-ZÀ-Ý][\w’'À-ÿ-]*(?:(?:\s+|,\s*|\s+and\s+)[A-ZÀ-Ý][\w’'À-ÿ-]*)*[,.]?$"
)


def _team_names(section: str) -> list[str]:
    names: list[str] = []
    for m in _TEAM.finditer(section):
        listed = m.group("names").strip()
        rest = section[m.end() :].split("\n")[1:3]
        for line in rest:
            line = line.strip()
            if listed.endswith(".") or not _NAME_LIST_LINE.match(line):
                break
            listed = f"{listed} {line}"
        names.extend(_names(listed))
    return names


def inspectors(text: str) -> list[str]:
    """Inspectors named in an Ofsted letter or report, lead first."""
    head = text[:6000]
    names: list[str] = []
    lead = _LEAD.search(head) or _LEAD.search(text)
    if lead:
        names.extend(_names(lead.group("name")))
    for pattern in _INSPECTOR_SENTENCES:
        m = pattern.search(head)
        found = _names(m.group("names")) if m else []
        if found:
            names.extend(found)
            break
    if lead and lead.start() > len(head):
        names.extend(_team_names(text[lead.start() : lead.start() + 1500]))
    return list(dict.fromkeys(names))


_NAME_STOP = frozenset({"Inspector", "Inspectors", "Her", "His", "HMI", "Ofsted", "The", "This"})


def _names(raw: str) -> list[str]:
    """Person names in a list such as 'A B, HMI, and C D, Her Majesty's Inspectors'."""
    cleaned = _ROLE_WORDS.sub(",", " ".join(raw.split()))
    out: list[str] = []
    for part in re.split(r",|\band\b|&|;", cleaned):
        name = _leading_name(part.strip(" .()"))
        if name:
            out.append(name)
    return out


def _leading_name(part: str) -> str | None:
    """The name a list item starts with (a missing full stop can glue the next sentence on)."""
    if _NAME.match(part):
        return part
    taken: list[str] = []
    for token in part.split():
        if token in _NAME_STOP or not re.match(r"^[A-ZÀ-Ý][\w’'À-ÿ-]*$", token):
            break
        taken.append(token)
    candidate = " ".join(taken[:4])
    return candidate if 2 <= len(taken) <= 4 and _NAME.match(candidate) else None


# --- judgement grades ---------------------------------------------------------------------

_GRADE = r"(?P<g>outstanding|good|requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate)"
# ILACS first-page table: label, then its grade.
_ILACS_LABELS: list[tuple[str, str]] = [
    (
        "impact_of_leaders",
        r"impact\s+of\s+leaders\s+on\s+(?:social\s+work\s+)?practice\s+with\s+children\s+and\s+families",
    ),
    (
        "help_and_protection",
        r"experiences\s+and\s+progress\s+of\s+children\s+who\s+need\s+help\s+and\s+protection",
    ),
    # The 2018-2023 framework's one judgement for both (kb/vocab/judgements.toml says
    # which areas it covers); `in_care` is kept with it, as before.
    (
        "in_care_and_care_leavers",
        r"experiences\s+and\s+progress\s+of\s+children\s+in\s+care\s+and\s+care\s+leavers",
    ),
    (
        "in_care",
        r"experiences\s+and\s+progress\s+of\s+children\s+in\s+care(?:\s+and\s+care\s+leavers)?",
    ),
    # "children care leavers" is a typo in one report.
    ("care_leavers", r"experiences\s+and\s+progress\s+of\s+(?:children\s+)?care\s+leavers"),
    ("overall_effectiveness", r"overall\s+effectiveness"),
]
# SIF first page: numbered judgements.
_SIF_LABELS: list[tuple[str, str]] = [
    ("help_and_protection", r"Children\s+who\s+need\s+help\s+and\s+protection"),
    ("in_care", r"Children\s+looked\s+after\s+and\s+achieving\s+permanence"),
    ("adoption_performance", r"Adoption\s+performance"),
    ("care_leavers", r"Experiences\s+and\s+progress\s+of\s+care\s+leavers"),
    ("leadership_management_governance", r"Leadership,?\s+management\s+and\s+governance"),
]
_SIF_OVERALL = re.compile(
    rf"(?:overall\s+judgement\s+is\s+(?:that\s+)?(?:children{_A}s\s+services\s+(?:in\s+[^\n]{{0,60}}?\s+)?)?"
    rf"|Children{_A}s\s+services\s+in\s+[^\n]{{2,80}}?\s+)"
    r"(?:are|is|require|requires|remain|remains)?\s*" + _GRADE,
    _I,
)
# The LSCB's judgement sentence: "The Local Safeguarding Children Board requires
# improvement", "The effectiveness of the LSCB is good" - capitalised "The", so the
# definitions under "What the inspection judgements mean" ("An LSCB that is good") and
# mid-sentence mentions do not count.
_LSCB = re.compile(
    r"The\s+(?i:local\s+safeguarding\s+children\s+board(?:\s+\(LSCB\))?"
    r"|effectiveness\s+of\s+the\s+LSCB|LSCB)"
    r"(?:\s+in\s+[A-Z][\w ]{1,40}?)?\s+(?i:(?:is|are)\s+)?(?i:" + _GRADE + r")\b"
)
# The looked-after children inspections of 2012-13: "Record of main findings".
_LAC_GRADE = r"(?P<g>outstanding|good|adequate|inadequate)"
_LAC_LABELS: list[tuple[str, str]] = [
    ("overall_effectiveness", r"Overall\s+effectiveness"),
    ("capacity_to_improve", r"Capacity\s+to\s+improve"),
    (
        "outcomes_for_looked_after_children",
        r"Outcomes\s+for\s+looked\s+after\s+children\s+and\s+young\s+people",
    ),
    ("quality_of_provision", r"Quality\s+of\s+provision"),
    ("leadership_and_management", r"Leadership\s+and\s+management"),
]


def normalise_grade(raw: str) -> str | None:
    """'Requires improvement to be good' -> 'requires improvement'.

    'adequate' is kept for the 2012-13 inspections, whose scale had it.
    """
    text = " ".join(raw.lower().split())
    if text.startswith("require"):
        return "requires improvement"
    return text if text in GRADES or text == "adequate" else None


def grades(text: str) -> dict[str, str]:
    """Judgement grades a report states (first-page table, or older reports' summaries)."""
    head = " ".join(text[:6000].split())
    if _SIF_TITLE.search(head[:1500]):
        return _sif_grades(head, " ".join(text.split()))
    if _LAC_TITLE.search(head[:600]):
        return _lac_grades(" ".join(text.split()))
    return _labelled(head, _ILACS_LABELS, gap=r"[\s:.]*")


def _labelled(
    head: str, labels: list[tuple[str, str]], gap: str, grade_re: str = _GRADE
) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, label in labels:
        m = re.search(rf"{label}{gap}{grade_re}\b", head, _I)
        if m and key not in found:
            grade = normalise_grade(m.group("g"))
            if grade:
                found[key] = grade
    return found


def _lac_grades(full: str) -> dict[str, str]:
    """Grades of the 2012-13 looked-after children inspections (old four-point scale)."""
    table = full.rfind("Record of main findings")
    if table == -1:
        return {}
    return _labelled(full[table:], _LAC_LABELS, gap=r"\s*", grade_re=_LAC_GRADE)


def _sif_grades(head: str, full: str) -> dict[str, str]:
    found = _labelled(head, _SIF_LABELS, gap=r"\s*")
    overall = _SIF_OVERALL.search(head)
    if overall:
        grade = normalise_grade(overall.group("g"))
        if grade:
            found = {"overall_effectiveness": grade, **found}
    lscb = _LSCB.search(full)
    if lscb:
        grade = normalise_grade(lscb.group("g"))
        if grade:
            found["lscb"] = grade
    return found
