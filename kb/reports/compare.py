"""Councils side by side: what each was found strong at and what must improve, on one theme
or one topic, and the councils × themes grid of how many findings of each kind there are.

Every finding is a quoted sentence with its citation. A council with nothing to show is told
apart from a council whose documents were searched and said nothing on the topic, and the
documents searched are listed, so an empty column is never mistaken for a clean bill.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kb.errors import KbError
from kb.reports.findings import (
    AREA_FOR_IMPROVEMENT,
    FINDING_STANCES,
    SOURCE_COUNCIL,
    SOURCE_COUNCIL_REPORT,
    SOURCE_OFSTED,
    STRENGTH,
    Finding,
    Period,
    VisitIndex,
    by_stance,
    dedupe,
    findings_of,
    newest_first,
    source_from_hit,
)
from kb.reports.glance import VisitFold, at_a_glance, folded_by_visit, per, rate_label, visit_count
from kb.reports.links import CompareQuery, Links
from kb.reports.samepoint import SamePoints, merge_same_points
from kb.search.filter_parser import FilterError
from kb.search.filter_parser import councils as canonical_councils
from kb.search.filters import Filters
from kb.search.knowledge import KnowledgeBase
from kb.search.query import STOPWORDS
from kb.search.records import Document, Hit, Sentence
from kb.vocab.kinds import DOC_TYPE_LABELS
from kb.vocab.themes import THEME_BY_ID, THEMES

STATUS_FINDINGS = "findings"
STATUS_NO_DOCUMENTS = "no_documents"
STATUS_NOTHING_ON_TOPIC = "nothing_on_topic"

# Which findings a "source" choice keeps.
SOURCES: dict[str, tuple[str, ...]] = {
    "all": (SOURCE_OFSTED, SOURCE_COUNCIL_REPORT, SOURCE_COUNCIL),
    "ofsted": (SOURCE_OFSTED,),
    "council": (SOURCE_COUNCIL_REPORT, SOURCE_COUNCIL),
}

TOPIC_PASSAGES = 20  # passages searched per council for a free-text topic
# With a period, search deeper: hits outside it are dropped after the search, because the
# store's date filter would also drop undated documents (ILACS reports bear no date).
TOPIC_PASSAGES_IN_PERIOD = 50
# A sentence is on the topic when its similarity to the topic, plus a bonus for shared
# words, reaches this (the same scale kb.answer marks answering sentences on).
TOPIC_MIN_SCORE = 0.35
WORD_OVERLAP_WEIGHT = 0.2
_WORD = re.compile(r"[a-z0-9]+")


class CompareError(KbError, ValueError):
    """A comparison that cannot be run as asked (unknown theme, nothing to compare on)."""

    status = 422


@dataclass(frozen=True)
class DocumentRef:
    id: str
    title: str
    doc_type: str
    date: str | None
    council: str | None

    def to_dict(self, links: Links) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "doc_type": self.doc_type,
            "doc_type_label": DOC_TYPE_LABELS.get(self.doc_type, self.doc_type),
            "date": self.date,
            "council": self.council,
            "url": links.document(self.id),
        }


def newest_documents(documents: Iterable[Document]) -> list[Document]:
    return sorted(documents, key=lambda d: d.effective_date or "", reverse=True)


def document_ref(document: Document) -> DocumentRef:
    # The date shown is one the document bears; an undated document says so.
    shown = document.date or document.meeting_date
    return DocumentRef(document.id, document.title, document.doc_type, shown, document.council)


@dataclass
class CouncilFindings:
    council: str
    status: str
    documents: list[DocumentRef]
    findings: list[Finding] = field(default_factory=list)
    visits: int = 0  # visits the documents in the period report or discuss
    theme: str | None = None  # the theme compared on, which findings at a glance name

    def glance(self, stance: str) -> list[Finding]:
        return at_a_glance([f for f in self.findings if f.stance == stance], self.theme)

    def folds(self, stance: str) -> list[VisitFold]:
        found = [f for f in self.findings if f.stance == stance]
        return folded_by_visit(found, self.glance(stance))

    @property
    def counts(self) -> dict[str, int]:
        return {s: sum(f.stance == s for f in self.findings) for s in FINDING_STANCES}

    @property
    def rate(self) -> str:
        return rate_label(self.counts, self.visits, len(self.documents))

    @property
    def strengths(self) -> list[Finding]:
        return [f for f in self.findings if f.stance == STRENGTH]

    @property
    def areas_for_improvement(self) -> list[Finding]:
        return [f for f in self.findings if f.stance == AREA_FOR_IMPROVEMENT]

    @property
    def message(self) -> str:
        if self.status == STATUS_NO_DOCUMENTS:
            return "No documents for this council in the period chosen."
        if self.status == STATUS_NOTHING_ON_TOPIC:
            return (
                f"{len(self.documents)} documents searched; none gives a strength or an "
                "area for improvement on this."
            )
        return (
            f"{len(self.findings)} findings from {len(self.documents)} documents searched: "
            f"{self.rate}."
        )

    def to_dict(self, links: Links) -> dict[str, Any]:
        groups = by_stance(self.findings)
        return {
            "council": self.council,
            "status": self.status,
            "message": self.message,
            "documents_searched": [d.to_dict(links) for d in self.documents],
            "counts": self.counts,
            "visits": self.visits,
            "rate": self.rate,
            "glance": {s: [f.to_dict(links) for f in self.glance(s)] for s in FINDING_STANCES},
            "folded": {s: [v.to_dict(links) for v in self.folds(s)] for s in FINDING_STANCES},
            "strengths": [f.to_dict(links) for f in groups[STRENGTH]],
            "areas_for_improvement": [f.to_dict(links) for f in groups[AREA_FOR_IMPROVEMENT]],
        }


@dataclass
class Comparison:
    councils: list[str]
    theme: str | None
    q: str | None
    since: str | None
    until: str | None
    source: str
    columns: list[CouncilFindings]

    @property
    def subject(self) -> str:
        parts = []
        if self.theme:
            parts.append(THEME_BY_ID[self.theme].label)
        if self.q:
            parts.append(f"“{self.q}”")
        return " / ".join(parts)

    @property
    def findings(self) -> list[Finding]:
        return [f for column in self.columns for f in column.findings]

    def page(self, links: Links) -> str:
        """The comparison in the app: an export's "full list"."""
        query = (self.theme, self.since, self.until, self.source, self.q)
        return links.compare(CompareQuery(tuple(self.councils), *query))

    def to_dict(self, links: Links) -> dict[str, Any]:
        return {
            "councils": self.councils,
            "theme": self.theme,
            "theme_label": THEME_BY_ID[self.theme].label if self.theme else None,
            "q": self.q,
            "since": self.since,
            "until": self.until,
            "source": self.source,
            "subject": self.subject,
            "columns": [c.to_dict(links) for c in self.columns],
        }


# --- inputs ------------------------------------------------------------------------------


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


# --- findings of one council -------------------------------------------------------------


def theme_findings(
    kb: KnowledgeBase, council: str, period: Period, theme: str, visits: VisitIndex
) -> list[Finding]:
    """Findings in passages tagged with the theme whose own words keep that theme."""
    hits = kb.hits_where(Filters(councils=(council,), themes=(theme,)))
    hits = [h for h in hits if period.contains(h.effective_date)]
    found = [f for hit in hits for f in findings_of(source_from_hit(hit, visits))]
    return [f for f in found if theme in f.themes]


def topic_findings(
    kb: KnowledgeBase,
    council: str,
    period: Period,
    q: str,
    theme: str | None,
    visits: VisitIndex,
) -> list[Finding]:
    """Findings among the sentences of the passages a search for the topic returns, keeping
    only the sentences that are themselves on the topic (and on the theme, if one is set)."""
    filters = Filters(councils=(council,), themes=(theme,) if theme else ())
    k = TOPIC_PASSAGES_IN_PERIOD if period.since or period.until else TOPIC_PASSAGES
    hits = [h for h in kb.search(q, filters, k).hits if period.contains(h.effective_date)]
    spans = on_topic_spans(q, hits)
    found = [f for h in hits for f in findings_of(source_from_hit(h, visits), spans[h.id])]
    return [f for f in found if not theme or theme in f.themes]


def on_topic_spans(q: str, hits: Sequence[Hit]) -> dict[str, list[Sentence]]:
    """For each hit, its stance-bearing sentences that are about the topic. Similarities
    come from the search's sentence vectors, so no sentence is embedded again; a sentence
    the search did not score counts as unrelated in meaning and can qualify by words."""
    words = set(_WORD.findall(q.lower())) - STOPWORDS
    out: dict[str, list[Sentence]] = {}
    for hit in hits:
        out[hit.id] = [
            sentence
            for index, sentence in enumerate(hit.sentences)
            if sentence.stance in FINDING_STANCES
            and hit.sentence_scores.get(index, 0.0)
            + WORD_OVERLAP_WEIGHT * _overlap(words, hit.text[sentence.start : sentence.end])
            >= TOPIC_MIN_SCORE
        ]
    return out


def _overlap(words: set[str], text: str) -> float:
    return len(words & (set(_WORD.findall(text.lower())) - STOPWORDS)) / max(1, len(words))


def council_column(
    kb: KnowledgeBase,
    council: str,
    period: Period,
    theme: str | None,
    q: str | None,
    source: str,
) -> CouncilFindings:
    documents = documents_in(kb, council, period)
    refs = [document_ref(d) for d in newest_documents(documents)]
    if not documents:
        return CouncilFindings(council, STATUS_NO_DOCUMENTS, refs, theme=theme)
    visits = VisitIndex(kb.documents(Filters(councils=(council,))))
    if q:
        found = topic_findings(kb, council, period, q, theme, visits)
    else:
        found = theme_findings(kb, council, period, theme or "", visits)
    kept = one_finding_once(kb, [f for f in found if f.source_kind in SOURCES[source]])
    status = STATUS_FINDINGS if kept else STATUS_NOTHING_ON_TOPIC
    told = visit_count(visits.link(d) for d in documents)
    return CouncilFindings(council, status, refs, kept, told, theme)


def one_finding_once(kb: KnowledgeBase, findings: Sequence[Finding]) -> list[Finding]:
    """Statements of the same point merged (kb.samepoint), on the sentence vectors stored
    at ingest; newest first."""
    passages = {f.citation.passage_id for f in findings}
    vectors = kb.store.sentence_vectors(passages, kb.model_name)
    return newest_first(merge_same_points(findings, vectors))


def compare(
    kb: KnowledgeBase,
    councils: Sequence[str],
    theme: str | None = None,
    q: str | None = None,
    since: str | None = None,
    until: str | None = None,
    source: str | None = None,
) -> Comparison:
    """Each council's findings on a theme (tagged passages) or a free-text topic (search),
    strengths and areas for improvement, newest first, each cited."""
    names = resolve_councils(councils)
    if not names:
        raise CompareError("name at least one council")
    theme = check_theme(theme)
    q = " ".join((q or "").split()) or None
    if not theme and not q:
        raise CompareError("choose a theme or give a topic to compare on")
    chosen = check_source(source)
    period = Period(since, until)
    columns = [council_column(kb, name, period, theme, q, chosen) for name in names]
    return Comparison(names, theme, q, since, until, chosen, columns)


# --- the councils × themes grid ----------------------------------------------------------


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


def all_councils(kb: KnowledgeBase) -> list[str]:
    return sorted(kb.store.facet_counts("council", Filters()))


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
