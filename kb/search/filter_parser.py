"""The one filter parser: query parameters, page forms, compare and the CLI all turn what
a person typed into `Filters` here, or get a FilterError naming the parameter, the value and
what is allowed. A wrong filter is never silently an empty answer."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from kb.errors import KbError
from kb.search.filters import Filters
from kb.vocab.councils import UnknownCouncil, resolve_council
from kb.vocab.kinds import DOC_TYPE_LABELS, STANCES, VISIT_TYPES
from kb.vocab.themes import THEME_BY_ID


class FilterError(KbError, ValueError):
    """A filter that cannot be used; `param` is the parameter it came from."""

    status = 422

    def __init__(self, param: str, message: str) -> None:
        self.param = param
        super().__init__(message)


def split_many(values: Iterable[str] | str | None) -> tuple[str, ...]:
    """`council=A&council=B` and `council=A,B` both mean two councils."""
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    for value in values or []:
        out.extend(" ".join(v.split()) for v in value.split(",") if v.strip())
    return tuple(dict.fromkeys(out))


def iso_date(value: str | None, param: str) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise FilterError(param, f"{param} must be a date as YYYY-MM-DD, got {value!r}") from None


def councils(values: Iterable[str] | str | None, param: str = "council") -> tuple[str, ...]:
    """Canonical council names ("Stockton" -> "Stockton-on-Tees"), each once."""
    try:
        return tuple(dict.fromkeys(resolve_council(v) for v in split_many(values)))
    except UnknownCouncil as error:
        raise FilterError(param, f"{param}: {error}") from None


def _key(value: str) -> str:
    """Case, spaces, '-' and '_' ignored: "Ofsted-letter", "ofsted_letter" are one value."""
    return re.sub(r"[\s_-]+", " ", value.lower()).strip()


def one_of(
    param: str, values: Iterable[str] | str | None, allowed: Sequence[str]
) -> tuple[str, ...]:
    """Each value as the allowed spelling (case ignored), or FilterError listing them."""
    by_key = {_key(a): a for a in allowed}
    out: list[str] = []
    for value in split_many(values):
        found = by_key.get(_key(value))
        if found is None:
            raise FilterError(param, f"unknown {param} {value!r}; allowed: {', '.join(allowed)}")
        out.append(found)
    return tuple(dict.fromkeys(out))


def committees(values: Iterable[str] | str | None) -> tuple[str, ...]:
    """Committee names as given: one may hold a comma, so only repeated values mean several."""
    if isinstance(values, str):
        values = [values]
    return tuple(dict.fromkeys(" ".join(v.split()) for v in values or [] if v.strip()))


def period(
    since: str | None, until: str | None, year: int | str | None = None
) -> tuple[str | None, str | None]:
    """since/until as ISO dates, or a whole year; never both, never since after until."""
    start, end = iso_date(since, "since"), iso_date(until, "until")
    if year not in (None, ""):
        if start or end:
            raise FilterError("year", "give year or since/until, not both")
        if not str(year).isdigit() or not 1900 <= int(year) <= 2100:
            raise FilterError("year", f"year must be a year such as 2019, got {year!r}")
        start, end = f"{year}-01-01", f"{year}-12-31"
    if start and end and start > end:
        raise FilterError("since", f"since {start} is after until {end}")
    return start, end


def parse_filters(
    *,
    council: Iterable[str] | str | None = None,
    doc_type: Iterable[str] | str | None = None,
    visit_type: Iterable[str] | str | None = None,
    committee: Iterable[str] | str | None = None,
    theme: Iterable[str] | str | None = None,
    stance: str | None = None,
    since: str | None = None,
    until: str | None = None,
    year: int | str | None = None,
) -> Filters:
    start, end = period(since, until, year)
    stances = one_of("stance", stance, STANCES)
    return Filters(
        councils=councils(council),
        doc_types=one_of("doc_type", doc_type, tuple(DOC_TYPE_LABELS)),
        visit_types=one_of("visit_type", visit_type, VISIT_TYPES),
        committees=committees(committee),
        themes=one_of("theme", theme, tuple(THEME_BY_ID)),
        stance=stances[0] if stances else None,
        since=start,
        until=end,
    )
