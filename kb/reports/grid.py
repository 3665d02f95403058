"""The councils × themes grid: how many strengths and areas for improvement each council
has on each theme, per visit, each cell leading to the comparison that lists them."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from kb.reports.findings import (
    AREA_FOR_IMPROVEMENT,
    STRENGTH,
    Finding,
    dedupe,
)
from kb.reports.glance import per, visit_count
from kb.reports.links import CompareQuery, Links
from kb.reports.passage_findings import findings_of, source_from_hit
from kb.reports.samepoint import SamePoints
from kb.reports.selection import (
    SOURCES,
    Period,
    all_councils,
    check_source,
    documents_in,
    resolve_councils,
)
from kb.reports.visits import VisitIndex
from kb.search.filters import Filters
from kb.search.knowledge import KnowledgeBase
from kb.vocab.themes import THEMES


@dataclass
class GridCell:
    council: str
    theme: str
    strengths: int
    areas_for_improvement: int
    base: int = 1  # what the counts are divided by: the council's visits (or documents)
    unit: str = "visit"
    shade: int = 0  # 0-4, set by the grid: areas for improvement per visit, darker = more

    @property
    def total(self) -> int:
        return self.strengths + self.areas_for_improvement

    @property
    def afi_rate(self) -> float:
        return per(self.areas_for_improvement, self.base)

    @property
    def strength_rate(self) -> float:
        return per(self.strengths, self.base)

    def to_dict(self, url: str) -> dict[str, Any]:
        """The cell, `url` leading to the findings it counts (Grid.drill_down)."""
        return {
            "council": self.council,
            "theme": self.theme,
            "strengths": self.strengths,
            "areas_for_improvement": self.areas_for_improvement,
            "per": self.unit,
            "base": self.base,
            "strengths_per": self.strength_rate,
            "areas_for_improvement_per": self.afi_rate,
            "shade": self.shade,
            "url": url,
        }


def shade_cells(cells: Iterable[GridCell]) -> None:
    """Shade by areas for improvement per visit, relative to the grid's highest rate: the
    rate, not the count, so a council with many documents does not darken every row."""
    cells = list(cells)
    top = max((c.afi_rate for c in cells), default=0.0)
    for cell in cells:
        cell.shade = math.ceil(4 * cell.afi_rate / top) if top and cell.afi_rate else 0


@dataclass
class Grid:
    councils: list[str]
    since: str | None
    until: str | None
    source: str
    documents: dict[str, int]  # documents in the period per council
    cells: dict[tuple[str, str], GridCell]
    findings: list[Finding]

    def cell(self, council: str, theme: str) -> GridCell:
        return self.cells[(council, theme)]

    def drill_down(self, council: str, theme: str, links: Links) -> str:
        """The comparison that lists a cell's findings, so the counts match the drill-down."""
        return links.compare(CompareQuery((council,), theme, self.since, self.until, self.source))

    def to_dict(self, links: Links) -> dict[str, Any]:
        return {
            "councils": self.councils,
            "since": self.since,
            "until": self.until,
            "source": self.source,
            "documents": self.documents,
            "themes": [{"id": t.id, "label": t.label} for t in THEMES],
            "rows": [
                {
                    "theme": t.id,
                    "label": t.label,
                    "cells": [
                        self.cell(c, t.id).to_dict(self.drill_down(c, t.id, links))
                        for c in self.councils
                    ],
                }
                for t in THEMES
            ],
        }


def council_findings(kb: KnowledgeBase, council: str, period: Period, source: str) -> list[Finding]:
    """Every finding of one council in the period (not yet de-duplicated)."""
    visits = VisitIndex(kb.documents(Filters(councils=(council,))))
    hits = [
        h for h in kb.hits_where(Filters(councils=(council,))) if period.contains(h.effective_date)
    ]
    found = (f for hit in hits for f in findings_of(source_from_hit(hit, visits)))
    return [f for f in found if f.source_kind in SOURCES[source]]


def grid(
    kb: KnowledgeBase,
    councils: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
    source: str | None = None,
) -> Grid:
    """Counts of strengths and areas for improvement per council and theme; each cell links
    to the comparison that lists its findings, so the counts always match the drill-down."""
    names = resolve_councils(councils) or all_councils(kb)
    chosen = check_source(source)
    cells: dict[tuple[str, str], GridCell] = {}
    findings: list[Finding] = []
    documents: dict[str, int] = {}
    period = Period(since, until)
    for council in names:
        held = documents_in(kb, council, period)
        documents[council] = len(held)
        index = VisitIndex(kb.documents(Filters(councils=(council,))))
        visits = visit_count(index.link(d) for d in held)
        base, unit = (visits, "visit") if visits else (max(1, len(held)), "document")
        found = council_findings(kb, council, period, chosen)
        findings.extend(dedupe(found))
        passages = {f.citation.passage_id for f in found}
        points = SamePoints(found, kb.store.sentence_vectors(passages, kb.model_name))
        for theme in THEMES:
            # Merged per theme, exactly as the comparison a cell links to does.
            on_theme = points.merge(f for f in found if theme.id in f.themes)
            cells[(council, theme.id)] = GridCell(
                council,
                theme.id,
                sum(f.stance == STRENGTH for f in on_theme),
                sum(f.stance == AREA_FOR_IMPROVEMENT for f in on_theme),
                base,
                unit,
            )
    shade_cells(cells.values())
    return Grid(names, since, until, chosen, documents, cells, findings)
