"""Councils side by side: what each was found strong at and what must improve, on one theme
or one topic.

Every finding is a quoted sentence with its citation. A council with nothing to show is told
apart from a council whose documents were searched and said nothing on the topic, and the
documents searched are listed, so an empty column is never mistaken for a clean bill.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kb.reports.document_refs import DocumentRef, document_ref, newest_documents
from kb.reports.findings import (
    AREA_FOR_IMPROVEMENT,
    FINDING_STANCES,
    STRENGTH,
    Finding,
    by_stance,
    newest_first,
)
from kb.reports.glance import VisitFold, at_a_glance, folded_by_visit, rate_label, visit_count
from kb.reports.links import CompareQuery, Links
from kb.reports.passage_findings import findings_of, source_from_hit
from kb.reports.samepoint import merge_same_points
from kb.reports.selection import (
    SOURCES,
    CompareError,
    Period,
    check_source,
    check_theme,
    documents_in,
    resolve_councils,
)
from kb.reports.visits import VisitIndex
from kb.search.filters import Filters
from kb.search.knowledge import KnowledgeBase
from kb.search.query import STOPWORDS
from kb.search.records import Hit, Sentence
from kb.vocab.themes import THEME_BY_ID

STATUS_FINDINGS = "findings"
STATUS_NO_DOCUMENTS = "no_documents"
STATUS_NOTHING_ON_TOPIC = "nothing_on_topic"

TOPIC_PASSAGES = 20  # passages searched per council for a free-text topic
# With a period, search deeper: hits outside it are dropped after the search, because the
# store's date filter would also drop undated documents (ILACS reports bear no date).
TOPIC_PASSAGES_IN_PERIOD = 50
# A sentence is on the topic when its similarity to the topic, plus a bonus for shared
# words, reaches this (the same scale kb.answer marks answering sentences on).
TOPIC_MIN_SCORE = 0.35
WORD_OVERLAP_WEIGHT = 0.2
_WORD = re.compile(r"[a-z0-9]+")


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
