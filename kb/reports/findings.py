"""Findings: single sentences or bullets that say what is strong or what must improve.

A finding is cut from a passage's stance-marked sentence spans, so every quoted word is a
slice of an ingested document and carries a citation back to its passage. Ofsted's own
letters and reports are the primary source; council minutes, reports and slides that relay
Ofsted's findings are marked as such and linked to the visit they discuss.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from kb.reports.links import Links
from kb.search.records import Document, Hit, Sentence
from kb.search.standalone import bare, quote_span
from kb.vocab.cues import mentions_theme
from kb.vocab.kinds import DOC_TYPE_LABELS, Stance
from kb.vocab.themes import THEME_BY_ID

STRENGTH: str = Stance.STRENGTH
AREA_FOR_IMPROVEMENT: str = Stance.AREA_FOR_IMPROVEMENT
FINDING_STANCES: tuple[str, ...] = (AREA_FOR_IMPROVEMENT, STRENGTH)

SOURCE_OFSTED = "ofsted"
SOURCE_COUNCIL_REPORT = "council report of Ofsted findings"
SOURCE_COUNCIL = "council"
SOURCE_KINDS: tuple[str, ...] = (SOURCE_OFSTED, SOURCE_COUNCIL_REPORT, SOURCE_COUNCIL)
OFSTED_DOC_TYPES = frozenset({"ofsted_letter", "ofsted_report"})

# Units ingest marks as never quoted: headings, and lead-ins (their items are quoted). A
# "reference" unit leans on the one before and is quoted with it (kb.standalone).
UNQUOTED = frozenset({"heading", "lead_in"})
MIN_WORDS = 3  # shorter units are list labels ("Family time:"), not findings
# Minutes can only discuss a visit that has happened, and they discuss it within months.
MAX_DISCUSSION_DAYS = 730

_WORD = re.compile(r"[A-Za-z0-9£%']+")


# --- visits ------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitRef:
    """One Ofsted inspection or visit to one council, as documents describe it."""

    council: str | None
    visit_type: str | None
    visit_number: int | None = None
    visit_start: str | None = None
    visit_end: str | None = None

    @property
    def key(self) -> str:
        """Stable id: the same visit read from different documents gets the same key."""
        when = self.visit_start or (f"#{self.visit_number}" if self.visit_number else "?")
        return f"{self.council or '?'}|{self.visit_type or 'visit'}|{when}"

    @property
    def label(self) -> str:
        """'4th monitoring visit, 13 to 14 July 2022'."""
        kind = self.visit_type or "Ofsted visit"
        if self.visit_number:
            kind = f"{ordinal(self.visit_number)} {kind}"
        when = date_range_text(self.visit_start, self.visit_end)
        text = f"{kind}, {when}" if when else kind
        return text[0].upper() + text[1:]

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "council": self.council,
            "visit_type": self.visit_type,
            "visit_number": self.visit_number,
            "visit_start": self.visit_start,
            "visit_end": self.visit_end,
        }


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def parse_date(iso: str | None) -> dt.date | None:
    if not iso:
        return None
    try:
        return dt.date.fromisoformat(iso[:10])
    except ValueError:
        return None


def display_date(iso: str | None) -> str:
    day = parse_date(iso)
    return f"{day.day} {day:%B %Y}" if day else (iso or "undated")


def date_range_text(start: str | None, end: str | None) -> str:
    if not start:
        return ""
    first, last = parse_date(start), parse_date(end)
    if not first or not last or first == last:
        return display_date(start)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} to {display_date(end)}"
    if first.year == last.year:
        return f"{first.day} {first:%B} to {display_date(end)}"
    return f"{display_date(start)} to {display_date(end)}"


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


def visit_of(document: Document) -> VisitRef | None:
    """The visit a document states, from its own metadata; None when it states none."""
    if not (document.visit_type or document.visit_start):
        if document.doc_type in OFSTED_DOC_TYPES:
            # An Ofsted document is always about a visit, even when its type was not read.
            return VisitRef(document.council, None, None, document.date, None)
        return None
    return VisitRef(
        document.council,
        document.visit_type,
        document.visit_number,
        document.visit_start,
        document.visit_end,
    )


def same_visit(told: VisitRef, ofsted: VisitRef, told_on: str | None) -> bool:
    """Whether a council document's visit facts name the visit an Ofsted document reports.

    Matches on the visit's start date (inside the Ofsted visit's dates, or the same month
    when the council wrote only the month), or on type and ordinal number. Either way the
    council document must postdate the visit's start, since minutes discuss past visits.
    """
    if told.council != ofsted.council:
        return False
    if not _could_discuss(told_on, ofsted.visit_start):
        return False
    if told.visit_start and ofsted.visit_start:
        return _dates_overlap(told, ofsted)
    return bool(
        told.visit_type
        and told.visit_type == ofsted.visit_type
        and told.visit_number
        and told.visit_number == ofsted.visit_number
    )


def _could_discuss(told_on: str | None, visit_start: str | None) -> bool:
    said, began = parse_date(told_on), parse_date(visit_start)
    if not said or not began:
        return True
    return 0 <= (said - began).days <= MAX_DISCUSSION_DAYS


def _dates_overlap(told: VisitRef, ofsted: VisitRef) -> bool:
    start = parse_date(told.visit_start)
    first = parse_date(ofsted.visit_start)
    last = parse_date(ofsted.visit_end) or first
    if not start or not first or not last:
        return told.visit_start == ofsted.visit_start
    if first <= start <= last:
        return True
    # A council document that gives only "March 2022" is read as the 1st of the month.
    same_month = (start.year, start.month) == (first.year, first.month) and start.day == 1
    return same_month and told.visit_type in (None, ofsted.visit_type)


class VisitIndex:
    """The visits Ofsted documents report, for linking council documents to them."""

    def __init__(self, documents: Iterable[Document]) -> None:
        self.documents = list(documents)
        self.ofsted: list[VisitRef] = []
        for document in self.documents:
            visit = visit_of(document)
            if document.doc_type in OFSTED_DOC_TYPES and visit and visit not in self.ofsted:
                self.ofsted.append(visit)

    def link(self, document: Document) -> VisitRef | None:
        """The visit a document is about: Ofsted's own record of it when one matches."""
        told = visit_of(document)
        if told is None or document.doc_type in OFSTED_DOC_TYPES:
            return told
        said_on = document.effective_date
        for visit in self.ofsted:
            if same_visit(told, visit, said_on):
                return visit
        return self._latest_of_kind(told, said_on) or told

    def _latest_of_kind(self, told: VisitRef, told_on: str | None) -> VisitRef | None:
        """A council document that names only the kind of visit ("the Ofsted focused
        visit") is about the latest such visit before it was written."""
        if told.visit_start or told.visit_number or not told.visit_type or not told_on:
            return None
        earlier = [
            v
            for v in self.ofsted
            if v.council == told.council
            and v.visit_type == told.visit_type
            and v.visit_start
            and _could_discuss(told_on, v.visit_start)
        ]
        return max(earlier, key=lambda v: v.visit_start or "", default=None)


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
            parts.append(display_date(self.date))
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
    day = parse_date(finding.citation.date or finding.when)
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


@dataclass
class FindingSource:
    """A passage with its document's metadata: what findings are cut from."""

    passage_id: str
    document_id: str
    text: str
    heading: str
    page: int | None
    ordinal: int
    themes: list[str]
    sentences: list[Sentence]
    title: str
    doc_type: str
    council: str | None
    date: str | None
    when: str | None = None
    stance: str = "neutral"  # the passage's overall stance
    visit: VisitRef | None = field(default=None)


def source_from_hit(hit: Hit, visits: VisitIndex | None = None) -> FindingSource:
    """A passage with its document's metadata as a finding source."""
    document = Document(id=hit.document_id, part=0, text="", **asdict(hit.meta()))
    return FindingSource(
        passage_id=hit.id,
        document_id=hit.document_id,
        text=hit.text,
        heading=hit.heading,
        page=hit.page,
        ordinal=hit.ordinal,
        themes=list(hit.themes),
        sentences=list(hit.sentences),
        title=hit.title,
        doc_type=hit.doc_type,
        council=hit.council,
        date=hit.date,
        when=hit.effective_date,
        stance=hit.stance,
        visit=visits.link(document) if visits else visit_of(document),
    )


def clean_sentence(raw: str) -> str:
    """The sentence as it reads: no bullet mark or list number, one space between words."""
    return bare(raw)


def findings_of(source: FindingSource, spans: Sequence[Sentence] | None = None) -> list[Finding]:
    """Each strength or area-for-improvement sentence of a passage as a finding.

    `spans` limits the sentences (a topic search keeps only those on its topic)."""
    chosen = source.sentences if spans is None else spans
    citation = Citation(
        source.passage_id,
        source.document_id,
        source.title,
        source.doc_type,
        source.date,
        source.page,
        source.council,
        source.heading,
    )
    kind = source_kind(source.doc_type, source.visit)
    offsets = [(s.start, s.end) for s in source.sentences]
    index_of = {start: i for i, (start, _) in enumerate(offsets)}
    out: list[Finding] = []
    for sentence in chosen:
        index = index_of.get(sentence.start, -1)
        # Ingest's headings and lead-ins are never findings (a lead-in's items are).
        if sentence.stance not in FINDING_STANCES or index < 0 or sentence.kind in UNQUOTED:
            continue
        # Headings, lead-ins, boilerplate and a leaning sentence with nothing to lean on
        # are not quoted; a leaning sentence is quoted with the one before.
        span = quote_span(source.text, offsets, index, source.heading, lead_in_items=0)
        if span is None:
            continue
        if out and span[0] < out[-1].end and out[-1].stance == sentence.stance:
            out[-1] = _extended(out[-1], source.text, span[1], source.themes)
            continue
        text = clean_sentence(source.text[span[0] : span[1]])
        if not is_finding_text(text):
            continue
        out.append(
            Finding(
                text=text,
                stance=sentence.stance,
                themes=own_themes(sentence, text, source.themes),
                council=source.council,
                source_kind=kind,
                visit=source.visit,
                # a finding is one sentence: cite the page it is on
                citation=replace(citation, page=sentence.page or citation.page),
                start=span[0],
                end=span[1],
                when=source.when,
                position=(source.ordinal, span[0]),
                in_kind=sentence.stance == source.stance,
                index=index,
            )
        )
    return out


def _extended(finding: Finding, text: str, end: int, themes: Sequence[str]) -> Finding:
    """A finding carried on by the next sentence, which leans on it: one quote of both."""
    quoted = clean_sentence(text[finding.start : end])
    return replace(finding, text=quoted, end=end, themes=sentence_themes(quoted, themes))


def is_finding_text(text: str) -> bool:
    """A list label ("Family time:") or a lead-in ("Plans need to:") says nothing alone."""
    return len(_WORD.findall(text)) >= MIN_WORDS and not text.rstrip("-– ").endswith(":")


# --- themes of one sentence ----------------------------------------------------------------


def own_themes(sentence: Sentence, text: str, passage_themes: Sequence[str]) -> list[str]:
    """The themes ingestion gave the sentence itself, within its passage's; for stores
    written before sentences were tagged, the passage's themes its words point to."""
    if sentence.themes is None:
        return sentence_themes(text, passage_themes)
    return [t for t in sentence.themes if t in passage_themes]


def sentence_themes(text: str, passage_themes: Sequence[str]) -> list[str]:
    """The passage's themes that this sentence's own words point to; all of them when its
    words point to none (a sentence inherits its passage's topic)."""
    narrowed = [t for t in passage_themes if t in THEME_BY_ID and mentions_theme(text, t)]
    return narrowed or list(passage_themes)


# --- ordering and de-duplication ---------------------------------------------------------


def _date_number(iso: str | None) -> int:
    day = parse_date(iso)
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
        key = (finding.council, " ".join(_WORD.findall(finding.text.lower())))
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
