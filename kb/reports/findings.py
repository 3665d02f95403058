"""Findings: single sentences or bullets that say what is strong or what must improve.

A finding is cut from a passage's stance-marked sentence spans, so every quoted word is a
slice of an ingested document and carries a citation back to its passage. Ofsted's own
letters and reports are the primary source; council minutes, reports and slides that relay
Ofsted's findings are marked as such and linked to the visit they discuss.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kb.dates import day_of, display_day
from kb.reports.links import Links
from kb.reports.visits import VisitRef
from kb.vocab.kinds import DOC_TYPE_LABELS, OFSTED_DOC_TYPES, Stance
from kb.vocab.themes import THEME_BY_ID

STRENGTH: str = Stance.STRENGTH
AREA_FOR_IMPROVEMENT: str = Stance.AREA_FOR_IMPROVEMENT
FINDING_STANCES: tuple[str, ...] = (AREA_FOR_IMPROVEMENT, STRENGTH)

SOURCE_OFSTED = "ofsted"
SOURCE_COUNCIL_REPORT = "council report of Ofsted findings"
SOURCE_COUNCIL = "council"
SOURCE_KINDS: tuple[str, ...] = (SOURCE_OFSTED, SOURCE_COUNCIL_REPORT, SOURCE_COUNCIL)

# The words of a finding: its length, and its wording when telling copies apart.
WORDS = re.compile(r"[A-Za-z0-9£%']+")


def source_kind(doc_type: str, visit: VisitRef | None) -> str:
    if doc_type in OFSTED_DOC_TYPES:
        return SOURCE_OFSTED
    return SOURCE_COUNCIL_REPORT if visit else SOURCE_COUNCIL


# --- citations and findings ----------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    passage_id: str
    document_id: str
    title: str
    doc_type: str
    date: str | None
    page: int | None
    council: str | None
    heading: str = ""

    @property
    def doc_type_label(self) -> str:
        return DOC_TYPE_LABELS.get(self.doc_type, self.doc_type)

    @property
    def text(self) -> str:
        parts = [self.council or "Unknown council", self.title, self.doc_type_label]
        if self.date:
            parts.append(display_day(self.date))
        if self.page:
            parts.append(f"p. {self.page}")
        return ", ".join(parts)

    def to_dict(self, links: Links) -> dict[str, Any]:
        return {
            "passage_id": self.passage_id,
            "document_id": self.document_id,
            "title": self.title,
            "doc_type": self.doc_type,
            "doc_type_label": self.doc_type_label,
            "date": self.date,
            "page": self.page,
            "council": self.council,
            "heading": self.heading,
            "url": links.passage(self.passage_id),
            "document_url": links.document(self.document_id),
            "text": self.text,
        }


@dataclass
class Finding:
    text: str  # the sentence as quoted: bullet marks and line breaks tidied away
    stance: str
    themes: list[str]
    council: str | None
    source_kind: str
    visit: VisitRef | None
    citation: Citation
    start: int  # the sentence's span in the passage text, for highlighting
    end: int
    when: str | None = None  # the document's effective date, for ordering and periods
    position: tuple[int, int] = (0, 0)  # (passage ordinal, start): order within its document
    # Whether the passage as a whole has this stance: a finding in a passage of its own kind
    # is part of what the passage says, not an aside in a passage about something else.
    in_kind: bool = False
    index: int = -1  # the sentence's index in its passage (its vector's row)
    # Other statements of the same point (kb.samepoint): a council report restating the
    # letter, a summary restating the body, or the same point found at another visit.
    echoes: list[Finding] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.citation.passage_id}:{self.start}"

    def link(self, links: Links) -> str:
        """The passage in its document with this sentence highlighted."""
        return links.passage(self.citation.passage_id, [(self.start, self.end)])

    @property
    def date(self) -> str | None:
        return self.citation.date

    @property
    def said_at(self) -> list[VisitRef]:
        """The distinct visits at which this point was made, newest first."""
        out: list[VisitRef] = []
        for f in (self, *self.echoes):
            if f.visit and all(v.key != f.visit.key for v in out):
                out.append(f.visit)
        return sorted(out, key=lambda v: v.visit_start or "", reverse=True)

    @property
    def recurrence(self) -> int:
        """At how many visits the point was made (1 when it was made once)."""
        return max(1, len(self.said_at))

    @property
    def theme_labels(self) -> list[str]:
        return [THEME_BY_ID[t].label if t in THEME_BY_ID else t for t in self.themes]

    def to_dict(self, links: Links) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "stance": self.stance,
            "themes": self.themes,
            "theme_labels": self.theme_labels,
            "council": self.council,
            "source_kind": self.source_kind,
            "visit": self.visit.to_dict() if self.visit else None,
            "citation": self.citation.to_dict(links),
            "url": self.link(links),
            "start": self.start,
            "end": self.end,
            "when": self.when,
            "recurrence": self.recurrence,
            "recurs_at": [v.label for v in self.said_at] if self.recurrence > 1 else [],
            "said_in": said_in(self),
            "also_in": [echo_dict(e, links) for e in self.echoes],
        }


def echo_dict(finding: Finding, links: Links) -> dict[str, Any]:
    return {
        "text": finding.text,
        "source_kind": finding.source_kind,
        "visit": finding.visit.to_dict() if finding.visit else None,
        "citation": finding.citation.to_dict(links),
        "url": finding.link(links),
        "when": finding.when,
    }


def statement_label(finding: Finding) -> str:
    """'the May 2018 Ofsted letter', "the council's report of June 2018"."""
    day = day_of(finding.citation.date or finding.when)
    month = f"{day:%B %Y}" if day else "undated"
    if finding.source_kind == SOURCE_OFSTED:
        kind = DOC_TYPE_LABELS.get(finding.citation.doc_type, "Ofsted document")
        return f"the {month} {kind}" if day else f"an undated {kind}"
    label = DOC_TYPE_LABELS.get(finding.citation.doc_type, "document").lower()
    label = label.removeprefix("council ")
    return f"the council's {label} of {month}" if day else f"an undated council {label}"


def said_in(finding: Finding) -> str:
    """Where the point was made: 'the May 2018 Ofsted letter and the council's report of
    June 2018'. Each document once, oldest first."""
    seen: dict[str, Finding] = {}
    for f in (finding, *finding.echoes):
        seen.setdefault(f.citation.document_id, f)
    ordered = sorted(seen.values(), key=lambda f: f.when or "")
    labels = list(dict.fromkeys(statement_label(f) for f in ordered))
    if len(labels) <= 1:
        return labels[0] if labels else ""
    return ", ".join(labels[:-1]) + " and " + labels[-1]


# --- ordering and de-duplication ---------------------------------------------------------


def _date_number(iso: str | None) -> int:
    day = day_of(iso)
    return day.toordinal() if day else 0


def newest_first(findings: Iterable[Finding]) -> list[Finding]:
    """Newest documents first; within a document, Ofsted before councils, then text order."""
    return sorted(
        findings,
        key=lambda f: (
            -_date_number(f.when),
            SOURCE_KINDS.index(f.source_kind),
            f.citation.document_id,
            f.position,
        ),
    )


def dedupe(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per council and wording, newest first: the same letter ingested twice (on
    its own and inside an agenda pack) says nothing new the second time. Ofsted's copy is
    the one kept, then the earliest, since that is where the words were first written."""
    preferred = sorted(
        findings,
        key=lambda f: (SOURCE_KINDS.index(f.source_kind), _date_number(f.when) or 10**9),
    )
    seen: set[tuple[str | None, str]] = set()
    out: list[Finding] = []
    for finding in preferred:
        key = (finding.council, " ".join(WORDS.findall(finding.text.lower())))
        if key in seen:
            continue
        seen.add(key)
        out.append(finding)
    return newest_first(out)


def by_stance(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    groups: dict[str, list[Finding]] = {stance: [] for stance in FINDING_STANCES}
    for finding in findings:
        groups[finding.stance].append(finding)
    return groups
