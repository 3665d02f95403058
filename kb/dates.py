"""Dates as council and Ofsted documents write them: read from text, and shown the same way.

Handles "17 August 2022", "Tuesday 27th September, 2022", "August 17, 2022", "15.07.2021",
"15/07/2021", "2022-07-15", and ranges such as "1 and 2 November 2022", "13-14 July 2022",
"13 to 14 July 2022", "25 November 2019 to 6 December 2019", "20 June to 1 July 2022",
"29 and 30 September, and 1 October 2020", "15, 16 and 21 July 2025", "13th/14th July",
with hyphens, en and em dashes.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from kb.vocab.timewords import time_words

_MONTH = rf"(?:{'|'.join(sorted(time_words().months, key=len, reverse=True))})\.?"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)"
_NUMERIC = r"(?:[0-3]?\d)[./-](?:[01]?\d)[./-](?:19|20)\d\d"
_ISO = r"(?:19|20)\d\d-[01]\d-[0-3]\d"

_FLAGS = re.IGNORECASE
# Day first: "17 August 2022", "27th September, 2022", "17th of August 2022".
_DAY_FIRST = re.compile(
    rf"(?<![\w.£$])(?:{_WEEKDAY})?(?P<d>{_DAY})(?:\s+of)?\s+(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})(?!\d)",
    _FLAGS,
)
# Month first: "August 17, 2022".
_MONTH_FIRST = re.compile(
    rf"(?<![\w])(?P<m>{_MONTH})\s+(?P<d>{_DAY}),?\s+(?P<y>{_YEAR})(?!\d)", _FLAGS
)
_NUMERIC_RE = re.compile(
    r"(?<![\w./-])(?P<d>[0-3]?\d)(?P<s>[./-])(?P<m>[01]?\d)(?P=s)(?P<y>(?:19|20)\d\d)(?![\w/-])"
)
_ISO_RE = re.compile(r"(?<![\w-])(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\w-])")


class DateMatch(NamedTuple):
    value: date
    start: int
    end: int


class RangeMatch(NamedTuple):
    first: date
    last: date
    start: int
    end: int


def month_number(name: str) -> int | None:
    """1-12 for a month name or abbreviation ("Sept", "September."), else None."""
    return time_words().months.get(name.lower().rstrip("."))


def _make(year: int | str, month: int | str | None, day: int | str) -> date | None:
    """A date from parts, None when the parts are not a real date."""
    try:
        d = int(re.sub(r"\D", "", str(day)))
        if month is None:
            return None
        m = month if isinstance(month, int) else (month_number(month) or int(month))
        return date(int(year), m, d)
    except (ValueError, TypeError):
        return None


def find_dates(text: str) -> list[DateMatch]:
    """Every full date (day, month and year) in text, in order of position."""
    found: list[DateMatch] = []
    for pattern in (_DAY_FIRST, _MONTH_FIRST, _NUMERIC_RE, _ISO_RE):
        for m in pattern.finditer(text):
            value = _make(m.group("y"), _month_value(m.group("m")), m.group("d"))
            if value:
                found.append(DateMatch(value, m.start(), m.end()))
    return _without_overlaps(found)


def _month_value(raw: str) -> int | None:
    return int(raw) if raw.isdigit() else month_number(raw)


def _without_overlaps(found: list[DateMatch]) -> list[DateMatch]:
    kept: list[DateMatch] = []
    for item in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if not kept or item.start >= kept[-1].end:
            kept.append(item)
    return kept


def parse_date(s: str) -> date | None:
    """The first full date written in s, or None."""
    found = find_dates(s)
    return found[0].value if found else None


# --- ranges -----------------------------------------------------------------------------

# One element of a date list: "13", "13th", "14 July", "14 July 2022", "15.07.2021".
_ITEM = (
    rf"(?:(?P<num>{_NUMERIC})|(?:{_WEEKDAY})?(?P<day>{_DAY})"
    rf"(?:\s+(?:of\s+)?(?P<month>{_MONTH})(?:,?\s+(?P<year>{_YEAR}))?)?)"
)
_ITEM_RE = re.compile(rf"(?<![\w.£$]){_ITEM}(?!\w|\.\d)", _FLAGS)
# What joins the elements of a list or range.
_CONNECTOR_RE = re.compile(
    r"\s*(?:,\s*and|,|and|&|-|–|—|/|to|until|till|through)\s*(?:the\s+)?", _FLAGS
)


class _Item(NamedTuple):
    day: int
    month: int | None
    year: int | None
    start: int
    end: int
    connector: str  # what came before this item ("" for the first)


def _read_item(text: str, pos: int, connector: str) -> _Item | None:
    m = _ITEM_RE.match(text, pos)
    if not m:
        return None
    if m.group("num"):
        parts = re.split(r"[./-]", m.group("num"))
        return _Item(int(parts[0]), int(parts[1]), int(parts[2]), m.start(), m.end(), connector)
    month = month_number(m.group("month")) if m.group("month") else None
    year = int(m.group("year")) if m.group("year") else None
    day = int(re.sub(r"\D", "", m.group("day")))
    return _Item(day, month, year, m.start(), m.end(), connector)


_LIST_CONNECTORS = frozenset({",", ", and", ",and", "and", "&"})


def _read_chain(text: str, pos: int) -> list[_Item]:
    """Items joined by connectors from pos, up to the end of the first range."""
    first = _read_item(text, pos, "")
    if not first:
        return []
    chain = [first]
    while True:
        c = _CONNECTOR_RE.match(text, chain[-1].end)
        if not c:
            break
        connector = " ".join(c.group(0).split()).lower().removesuffix(" the")
        complete = chain[-1].year is not None
        # "30 September to 11 October 2024 and 13 to 16 January 2025": after a complete
        # range, a list connector starts another range; keep the first.
        if complete and len(chain) >= 2 and connector in _LIST_CONNECTORS:
            break
        nxt = _read_item(text, c.end(), connector)
        if not nxt:
            break
        chain.append(nxt)
        if nxt.year is not None and connector not in _LIST_CONNECTORS:
            break  # "... to 6 December 2019": the range is closed
    return chain


def _resolve(chain: list[_Item], default_year: int | None) -> tuple[date, date] | None:
    """Fill each item's missing month and year from the next item that has one."""
    months: list[int | None] = [None] * len(chain)
    years: list[int | None] = [None] * len(chain)
    next_month: int | None = None
    next_year: int | None = default_year
    for i in range(len(chain) - 1, -1, -1):
        item = chain[i]
        if item.year is not None:
            next_year = item.year
        if item.month is not None:
            next_month = item.month
        months[i] = item.month if item.month is not None else next_month
        years[i] = item.year if item.year is not None else next_year
    first = _make(years[0] or 0, months[0], chain[0].day) if years[0] else None
    last = _make(years[-1] or 0, months[-1], chain[-1].day) if years[-1] else None
    if not first or not last:
        return None
    if first > last and chain[0].year is None and years[0] is not None:
        # "28 December to 3 January 2020": the first date is in the year before.
        first = _make(years[0] - 1, months[0], chain[0].day)
    if not first or first > last:
        return None
    return first, last


def _trim_chain(chain: list[_Item]) -> list[_Item]:
    """Drop trailing items without a month: they are numbers after the range."""
    while chain and chain[-1].month is None:
        chain = chain[:-1]
    return chain


def find_date_ranges(text: str, default_year: int | None = None) -> list[RangeMatch]:
    """Every date or date range in text; a single date gives a range of one day.

    A year left out ("13th/14th July") is taken from default_year; without it such a
    range is skipped.
    """
    found: list[RangeMatch] = []
    pos = 0
    for m in _ITEM_RE.finditer(text):
        if m.start() < pos:
            continue
        chain = _trim_chain(_read_chain(text, m.start()))
        if not chain:
            continue
        resolved = _resolve(chain, default_year)
        if resolved:
            found.append(RangeMatch(resolved[0], resolved[1], chain[0].start, chain[-1].end))
            pos = chain[-1].end
    return found


def parse_date_range(s: str, default_year: int | None = None) -> tuple[date, date] | None:
    """(first day, last day) of the first date or date range written in s, or None."""
    found = find_date_ranges(s, default_year)
    return (found[0].first, found[0].last) if found else None


# --- display ----------------------------------------------------------------------------


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def month_name(month: int) -> str:
    """'August' for 8."""
    return time_words().month_names[month - 1].capitalize()


def display(value: date) -> str:
    """'17 August 2022', as council papers write dates."""
    return f"{value.day} {month_name(value.month)} {value.year}"


def display_month(value: date) -> str:
    """'August 2022'."""
    return f"{month_name(value.month)} {value.year}"


def display_range(first: date, last: date, joiner: str = "–") -> str:
    """'9–17 May 2018', '30 April–2 May 2018', '28 December 2017–3 January 2018' (the parts the
    two dates share written once); `joiner` ' to ' for prose."""
    if first == last:
        return display(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}{joiner}{display(last)}"
    if first.year == last.year:
        return f"{first.day} {month_name(first.month)}{joiner}{display(last)}"
    return f"{display(first)}{joiner}{display(last)}"


def human_date(iso: str | None) -> str | None:
    """2018-05-09 -> "9 May 2018"; a month alone (2013-04, a report's cover date) ->
    "April 2013"; anything else is shown as written."""
    if not iso:
        return None
    try:
        if len(iso) == 7:
            return display_month(date.fromisoformat(f"{iso}-01"))
        return display(date.fromisoformat(iso[:10]))
    except ValueError:
        return iso


def day_of(value: str | None) -> date | None:
    """The day an ISO date or timestamp begins with ('2018-05-09T10:00'); None for anything
    else, a month alone included."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def display_day(value: str | None) -> str:
    """An ISO date as findings cite it ('9 May 2018'); what names no day (a month alone) as
    written, and 'undated' when there is none."""
    day = day_of(value)
    return display(day) if day else (value or "undated")


def display_day_range(start: str | None, end: str | None) -> str:
    """'13 to 14 July 2022' from two ISO dates; the first alone when the other is not a day."""
    first, last = day_of(start), day_of(end)
    if not start or not first or not last:
        return display_day(start) if start else ""
    return display_range(first, last, " to ")
