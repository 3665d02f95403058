"""Search filters: one value object, rendered to SQL by the store and to `where` by the vectors."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class Filters:
    councils: tuple[str, ...] = ()
    doc_types: tuple[str, ...] = ()
    visit_types: tuple[str, ...] = ()
    committees: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    stance: str | None = None
    since: str | None = None  # ISO date, inclusive
    until: str | None = None  # ISO date, inclusive
    document_id: str | None = None

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))

    def with_(self, **changes: Any) -> Filters:
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        """Only the filters in force, for responses that say what was applied."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value:
                out[f.name] = list(value) if isinstance(value, tuple) else value
        return out


def date_number(iso: str | None) -> int | None:
    """2022-07-26 -> 20220726, so date ranges are integer comparisons in Chroma."""
    if not iso:
        return None
    digits = iso[:10].replace("-", "")
    if digits.isdigit() and len(digits) == 6:
        digits += "01"  # a month alone ("2013-04"): its first day
    return int(digits) if digits.isdigit() and len(digits) == 8 else None


# The filters each facet is counted without: a facet's own values stay selectable.
FACET_OWN_FILTERS: dict[str, dict[str, Any]] = {
    "council": {"councils": ()},
    "doc_type": {"doc_types": ()},
    "visit_type": {"visit_types": ()},
    "committee": {"committees": ()},
    "themes": {"themes": ()},
    "year": {"since": None, "until": None},
    "stance": {"stance": None},
}
