"""One council's inspection history: every visit with its grades and headline findings.

A visit is known from Ofsted's own letter or report when the corpus holds it, and otherwise
from the council documents that discuss it (minutes of a scrutiny panel reporting a
monitoring visit whose letter was never filed). Council documents are linked to the visit
whose facts they give, so each visit lists the meetings where it was discussed.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kb.reports.document_refs import DocumentRef, document_ref
from kb.reports.findings import AREA_FOR_IMPROVEMENT, SOURCE_OFSTED, STRENGTH, Finding, dedupe
from kb.reports.judgements import grade_label, ordered_grades
from kb.reports.links import Links
from kb.reports.passage_findings import findings_of, source_from_hit
from kb.reports.selection import resolve_councils
from kb.reports.visit_groups import VisitGroup, group_visits
from kb.reports.visits import VisitIndex, VisitRef
from kb.search.filters import Filters
from kb.search.knowledge import KnowledgeBase
from kb.search.records import Document
from kb.vocab.cues import mentions_theme
from kb.vocab.judgement_areas import (
    fold_combined,
    judgement_label,
)
from kb.vocab.themes import THEME_BY_ID

HEADLINES = 3  # findings of each stance shown per visit
RECURRING_MIN_VISITS = 2
THEME_MIN_FINDINGS = 1
THEME_MIN_SHARE = 0.1


# --- the timeline ------------------------------------------------------------------------


@dataclass
class TimelineVisit:
    visit: VisitRef
    published: str | None  # the date Ofsted's document bears
    grades: dict[str, str]
    ofsted_documents: list[DocumentRef]
    discussed_in: list[DocumentRef]
    strengths: list[Finding]  # headline findings only
    areas_for_improvement: list[Finding]
    improvement_themes: list[str]  # themes of every area for improvement found for the visit
    counts: dict[str, int]
    recurring: list[str] = field(default_factory=list)

    @property
    def known_from(self) -> str:
        return "Ofsted" if self.ofsted_documents else "council documents only"

    def to_dict(self, links: Links) -> dict[str, Any]:
        return {
            "visit": self.visit.to_dict(),
            "label": self.visit.label,
            "published": self.published,
            "known_from": self.known_from,
            "grades": self.grades,
            "grade_labels": {judgement_label(k): grade_label(v) for k, v in self.grades.items()},
            "ofsted_documents": [d.to_dict(links) for d in self.ofsted_documents],
            "discussed_in": [d.to_dict(links) for d in self.discussed_in],
            "strengths": [f.to_dict(links) for f in self.strengths],
            "areas_for_improvement": [f.to_dict(links) for f in self.areas_for_improvement],
            "improvement_themes": self.improvement_themes,
            "recurring": self.recurring,
            "counts": self.counts,
        }


@dataclass
class RecurringTheme:
    theme: str
    visits: list[str]  # visit labels, oldest first
    keys: list[str] = field(default_factory=list)  # the same visits' keys

    @property
    def label(self) -> str:
        return THEME_BY_ID[self.theme].label if self.theme in THEME_BY_ID else self.theme

    def to_dict(self) -> dict[str, Any]:
        return {"theme": self.theme, "label": self.label, "visits": self.visits, "keys": self.keys}


@dataclass
class Timeline:
    council: str
    visits: list[TimelineVisit]
    recurring: list[RecurringTheme]
    documents: int  # documents held for the council
    unplaced: list[DocumentRef] = field(default_factory=list)  # about a visit, but which?

    @property
    def findings(self) -> list[Finding]:
        return [f for v in self.visits for f in (*v.areas_for_improvement, *v.strengths)]

    def to_dict(self, links: Links) -> dict[str, Any]:
        return {
            "council": self.council,
            "documents": self.documents,
            "visits": [v.to_dict(links) for v in self.visits],
            "recurring": [r.to_dict() for r in self.recurring],
            "unplaced": [d.to_dict(links) for d in self.unplaced],
        }


def visit_findings(kb: KnowledgeBase, group: VisitGroup, index: VisitIndex) -> list[Finding]:
    """Every finding in the documents about a visit, attributed to that visit."""
    out: list[Finding] = []
    for document in group.documents:
        for hit in kb.hits_where(Filters(document_id=document.id)):
            source = source_from_hit(hit, index)
            source.visit = group.visit
            out.extend(findings_of(source))
    return dedupe(out)


def headlines(findings: Sequence[Finding], stance: str, n: int = HEADLINES) -> list[Finding]:
    """A few findings of one stance: Ofsted's own words first; then findings in passages of
    the same stance (asides in mixed passages last); in the order the document gives them,
    since letters and reports lead with their headline findings; one per theme before any
    theme is repeated, so the few shown cover the most ground. Shown in that order."""
    pool = [f for f in findings if f.stance == stance]
    primary = [f for f in pool if f.source_kind == SOURCE_OFSTED] or pool
    ordered = sorted(
        primary,
        key=lambda f: (not f.in_kind, f.when or "", f.citation.document_id, f.position),
    )
    chosen: list[Finding] = []
    covered: set[str] = set()
    for finding in ordered:
        if len(chosen) < n and not set(finding.themes) <= covered:
            chosen.append(finding)
            covered.update(finding.themes)
    for finding in ordered:
        if len(chosen) < n and finding not in chosen:
            chosen.append(finding)
    return chosen


def named_themes(finding: Finding) -> list[str]:
    """Themes a finding names in its own words (or its only theme): a theme a sentence
    merely inherits from a broad passage says little about what the sentence is about."""
    named = [t for t in finding.themes if mentions_theme(finding.text, t)]
    if not named and len(finding.themes) == 1:
        named = list(finding.themes)
    return named


def improvement_themes(findings: Iterable[Finding]) -> list[str]:
    """The themes a visit stresses as needing improvement, most named first.

    A full inspection report names nearly every theme somewhere; a theme counts for the visit
    only when at least THEME_MIN_FINDINGS of its areas for improvement, and at least
    THEME_MIN_SHARE of them, name it. Otherwise every theme would look recurring."""
    areas = [f for f in findings if f.stance == AREA_FOR_IMPROVEMENT]
    counts = Counter(t for f in areas for t in named_themes(f))
    floor = max(THEME_MIN_FINDINGS, math.ceil(THEME_MIN_SHARE * len(areas)))
    return [t for t, n in counts.most_common() if n >= floor]


def timeline_visit(kb: KnowledgeBase, group: VisitGroup, index: VisitIndex) -> TimelineVisit:
    found = visit_findings(kb, group, index)
    grades: dict[str, str] = {}
    for document in group.ofsted:
        grades.update(document.grades)
    grades = ordered_grades(fold_combined(grades))
    return TimelineVisit(
        visit=group.visit,
        published=min((d.date for d in group.ofsted if d.date), default=None),
        grades=grades,
        ofsted_documents=[document_ref(d) for d in group.ofsted],
        discussed_in=[document_ref(d) for d in sorted(group.council, key=_date_or_last)],
        strengths=headlines(found, STRENGTH),
        areas_for_improvement=headlines(found, AREA_FOR_IMPROVEMENT),
        improvement_themes=improvement_themes(found),
        counts={
            STRENGTH: sum(f.stance == STRENGTH for f in found),
            AREA_FOR_IMPROVEMENT: sum(f.stance == AREA_FOR_IMPROVEMENT for f in found),
        },
    )


def _date_or_last(document: Document) -> str:
    return document.effective_date or "9999"


def recurring_themes(visits: Sequence[TimelineVisit]) -> list[RecurringTheme]:
    """Themes named as an area for improvement at two or more visits, most visits first."""
    seen: dict[str, list[VisitRef]] = {}
    for visit in visits:
        for theme in visit.improvement_themes:
            seen.setdefault(theme, []).append(visit.visit)
    out = [
        RecurringTheme(t, [v.label for v in refs], [v.key for v in refs])
        for t, refs in seen.items()
    ]
    out = [r for r in out if len(r.visits) >= RECURRING_MIN_VISITS]
    return sorted(out, key=lambda r: (-len(r.visits), r.label))


def timeline(kb: KnowledgeBase, council: str) -> Timeline:
    """Every inspection and visit to the council in the corpus, oldest first, with grades,
    headline findings, the council documents that discussed it and recurring themes."""
    name = (resolve_councils([council]) or [council])[0]
    documents = kb.documents(Filters(councils=(name,)))
    index = VisitIndex(documents)
    grouped = group_visits(documents)
    visits = [timeline_visit(kb, g, index) for g in grouped.visits]
    recurring = recurring_themes(visits)
    for visit in visits:
        visit.recurring = [r.theme for r in recurring if visit.visit.key in r.keys]
    unplaced = [document_ref(d) for d in grouped.unplaced]
    return Timeline(name, visits, recurring, len(documents), unplaced)
