"""Facets and filter chips: the counts beside a search, each value a link that switches it
on or off, and the filters in force written as the URL writes them."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request

from api.urls import SITE
from api.views.display import council_colour, doc_type_label, nice_date, theme_label
from kb.search.filters import Filters
from kb.vocab.kinds import STANCE_LABELS
from kb.vocab.themes import THEME_BY_ID

# Filters field -> the query parameter that sets it, for links and "no passages match" text.
PARAM_OF = {
    "councils": "council",
    "doc_types": "doc_type",
    "visit_types": "visit_type",
    "committees": "committee",
    "themes": "theme",
    "stance": "stance",
    "since": "since",
    "until": "until",
}
FACETS = (  # (facet name in kb.facets, query parameter, heading, one value at a time?)
    ("council", "council", "Council", False),
    ("doc_type", "doc_type", "Document type", False),
    ("year", "year", "Year", True),
    ("visit_type", "visit_type", "Ofsted visit type", False),
    ("committee", "committee", "Committee", False),
    ("themes", "theme", "Theme", False),
    ("stance", "stance", "Stance", True),
)


def filter_terms(filters: Filters) -> list[str]:
    """Filters as the URL would write them: council=Kent, year=2019."""
    data = filters.as_dict()
    since, until = data.pop("since", None), data.pop("until", None)
    data.pop("document_id", None)
    terms = [
        f"{PARAM_OF.get(k, k)}={','.join(v) if isinstance(v, list) else v}" for k, v in data.items()
    ]
    if whole_year(filters):
        terms.append(f"year={whole_year(filters)}")
    else:
        terms += [f"since={since}"] if since else []
        terms += [f"until={until}"] if until else []
    return terms


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    active: bool
    url: str
    description: str = ""
    colour: int | None = None  # council chip colour


@dataclass
class FacetGroup:
    param: str
    title: str
    values: list[FacetValue] = field(default_factory=list)


MULTI_PARAMS = ("council", "doc_type", "visit_type", "theme")


def url_items(request: Request) -> list[tuple[str, str]]:
    """The query as (name, value) pairs, `council=A,B` split like `council=A&council=B` so a
    facet link can switch one value off."""
    items: list[tuple[str, str]] = []
    for name, value in request.query_params.multi_items():
        if name == "api_key":  # never written into a page (links, hidden fields, permalink)
            continue
        parts = value.split(",") if name in MULTI_PARAMS else [value]
        items += [(name, part.strip()) for part in parts if part.strip()]
    return items


def url_with(path: str, items: list[tuple[str, str]], param: str, value: str, single: bool) -> str:
    """The current URL with one filter value switched on or off (or replaced, for single)."""
    current = [v for k, v in items if k == param]
    drop = {param} | ({"since", "until"} if param == "year" else set())
    kept = [(k, v) for k, v in items if k not in drop]
    if value in current:
        values = [] if single else [v for v in current if v != value]
    else:
        values = [value] if single else [*current, value]
    return SITE.with_items(path, kept + [(param, v) for v in values])


def whole_year(filters: Filters) -> str | None:
    """The year when since/until cover exactly one calendar year (what `year=` sets)."""
    since, until = filters.since or "", filters.until or ""
    if since[5:] == "01-01" and until[5:] == "12-31" and since[:4] == until[:4]:
        return since[:4]
    return None


def active_values(filters: Filters) -> dict[str, set[str]]:
    year = whole_year(filters)
    return {
        "council": set(filters.councils),
        "doc_type": set(filters.doc_types),
        "visit_type": set(filters.visit_types),
        "committee": set(filters.committees),
        "theme": set(filters.themes),
        "year": {year} if year else set(),
        "stance": {filters.stance} if filters.stance else set(),
    }


def facet_groups(
    counts: dict[str, dict[str, int]], filters: Filters, path: str, items: list[tuple[str, str]]
) -> list[FacetGroup]:
    active = active_values(filters)
    groups: list[FacetGroup] = []
    for name, param, title, single in FACETS:
        values = dict(counts.get(name, {}))
        for chosen in active[param]:
            values.setdefault(chosen, 0)  # a filter matching nothing still shows, to undo
        group = FacetGroup(param, title)
        for value, count in _facet_order(param, values):
            group.values.append(
                FacetValue(
                    value,
                    _facet_label(param, value),
                    count,
                    value in active[param],
                    url_with(path, items, param, value, single),
                    _facet_description(param, value),
                    council_colour(value) if param == "council" else None,
                )
            )
        if group.values:
            groups.append(group)
    return groups


def _facet_order(param: str, values: dict[str, int]) -> list[tuple[str, int]]:
    if param == "year":
        return sorted(values.items(), reverse=True)
    return sorted(values.items(), key=lambda kv: (-kv[1], _facet_label(param, kv[0])))


def _facet_description(param: str, value: str) -> str:
    theme = THEME_BY_ID.get(value) if param == "theme" else None
    return theme.description if theme else ""


def _facet_label(param: str, value: str) -> str:
    if param == "doc_type":
        return doc_type_label(value)
    if param == "theme":
        return theme_label(value)
    if param == "stance":
        return STANCE_LABELS.get(value, value)
    if param == "visit_type":
        return value[:1].upper() + value[1:]
    return value


def filter_chips(filters: Filters, path: str, items: list[tuple[str, str]]) -> list[dict[str, str]]:
    """The filters in the URL, each with a link that removes it."""
    titles = {param: (title, single) for _, param, title, single in FACETS}
    active = active_values(filters)
    chips: list[dict[str, str]] = []
    for param, values in active.items():
        title, single = titles[param]
        for value in sorted(values):
            chips.append(
                {
                    "label": f"{title}: {_facet_label(param, value)}",
                    "url": url_with(path, items, param, value, single),
                }
            )
    for param in ("since", "until"):
        value = getattr(filters, param)
        if value and not active["year"]:
            kept = [(k, v) for k, v in items if k != param]
            chips.append(
                {
                    "label": f"{param.title()}: {nice_date(value)}",
                    "url": SITE.with_items(path, kept),
                }
            )
    return chips
