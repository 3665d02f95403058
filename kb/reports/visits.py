"""Ofsted inspections and visits as documents describe them, and which visit a council
document discusses: Ofsted's own record of it when the corpus holds one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kb.dates import day_of, display_day_range
from kb.search.records import DocMeta, Document
from kb.vocab.kinds import OFSTED_DOC_TYPES

# Minutes can only discuss a visit that has happened, and they discuss it within months.
MAX_DISCUSSION_DAYS = 730


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
        when = display_day_range(self.visit_start, self.visit_end)
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


def visit_of(document: DocMeta) -> VisitRef | None:
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
    said, began = day_of(told_on), day_of(visit_start)
    if not said or not began:
        return True
    return 0 <= (said - began).days <= MAX_DISCUSSION_DAYS


def _dates_overlap(told: VisitRef, ofsted: VisitRef) -> bool:
    start = day_of(told.visit_start)
    first = day_of(ofsted.visit_start)
    last = day_of(ofsted.visit_end) or first
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

    def link(self, document: DocMeta) -> VisitRef | None:
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
