"""What a comparison, grid, timeline or judgements table is asked for: councils by the one
council resolver, a theme, a source of findings, and a council's documents in a period."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kb.errors import KbError
from kb.reports.findings import (
    SOURCE_COUNCIL,
    SOURCE_COUNCIL_REPORT,
    SOURCE_OFSTED,
)
from kb.search.filter_parser import FilterError
from kb.search.filter_parser import councils as canonical_councils
from kb.search.filters import Filters
from kb.search.knowledge import KnowledgeBase
from kb.search.records import Document
from kb.vocab.themes import THEME_BY_ID, THEMES

# Which findings a "source" choice keeps.
SOURCES: dict[str, tuple[str, ...]] = {
    "all": (SOURCE_OFSTED, SOURCE_COUNCIL_REPORT, SOURCE_COUNCIL),
    "ofsted": (SOURCE_OFSTED,),
    "council": (SOURCE_COUNCIL_REPORT, SOURCE_COUNCIL),
}


class CompareError(KbError, ValueError):
    """A comparison that cannot be run as asked (unknown theme, nothing to compare on)."""

    status = 422


@dataclass(frozen=True)
class Period:
    """An inclusive range of ISO dates; open at either end when not given."""

    since: str | None = None
    until: str | None = None

    def contains(self, when: str | None) -> bool:
        if not self.since and not self.until:
            return True
        if not when:
            return False  # an undated document cannot be said to fall in a period
        day = when[:10]
        return (not self.since or day >= self.since) and (not self.until or day <= self.until)


def resolve_councils(names: Iterable[str]) -> list[str]:
    """Canonical council names in the order given, each once, by the one council resolver
    (kb.filter_parser); a name that is no council is a CompareError naming the nearest. A
    real council with no documents is kept, so the answer can say it has none."""
    try:
        return list(canonical_councils(names))
    except FilterError as error:
        raise CompareError(str(error)) from None


def check_theme(theme: str | None) -> str | None:
    if theme and theme not in THEME_BY_ID:
        known = ", ".join(t.id for t in THEMES)
        raise CompareError(f"unknown theme {theme!r}; themes are: {known}")
    return theme or None


def check_source(source: str | None) -> str:
    source = source or "all"
    if source not in SOURCES:
        raise CompareError(f"source must be one of {', '.join(SOURCES)}, got {source!r}")
    return source


def documents_in(kb: KnowledgeBase, council: str, period: Period) -> list[Document]:
    """A council's documents placed in the period (by their effective date)."""
    documents = kb.documents(Filters(councils=(council,)))
    return [d for d in documents if period.contains(d.effective_date)]


def all_councils(kb: KnowledgeBase) -> list[str]:
    return sorted(kb.store.facet_counts("council", Filters()))
