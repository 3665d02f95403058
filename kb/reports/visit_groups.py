"""A council's documents grouped by the visit they report or discuss, in date order: Ofsted's
own documents first, so council documents find the visits they discuss."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kb.reports.visits import VisitIndex, VisitRef, same_visit
from kb.search.records import Document
from kb.vocab.kinds import OFSTED_DOC_TYPES


@dataclass
class VisitGroup:
    """A visit and the documents about it, before findings are read."""

    visit: VisitRef
    ofsted: list[Document] = field(default_factory=list)
    council: list[Document] = field(default_factory=list)

    @property
    def documents(self) -> list[Document]:
        return [*self.ofsted, *self.council]


@dataclass
class Grouped:
    visits: list[VisitGroup]
    unplaced: list[Document]  # council documents about a visit they neither date nor number


def group_visits(documents: Sequence[Document]) -> Grouped:
    """Documents grouped by the visit they report or discuss, in date order."""
    index = VisitIndex(documents)
    groups: dict[str, VisitGroup] = {}
    unplaced: list[Document] = []
    for document in _oldest_first(documents):
        visit = index.link(document)
        if visit is None:
            continue
        if document.doc_type in OFSTED_DOC_TYPES:
            groups.setdefault(visit.key, VisitGroup(visit)).ofsted.append(document)
            continue
        group = groups.get(visit.key) or _told_before(groups, visit, document)
        if group is None and not (visit.visit_start or visit.visit_number):
            unplaced.append(document)  # "the Ofsted focused visit", with no date to place it
            continue
        if group is None:
            group = groups.setdefault(visit.key, VisitGroup(visit))
        group.council.append(document)
    return Grouped(sorted(groups.values(), key=_visit_order), unplaced)


def _told_before(
    groups: dict[str, VisitGroup], visit: VisitRef, document: Document
) -> VisitGroup | None:
    """A visit known only from council documents, told again by a later one (the minutes
    may give the dates and the agenda only 'the third monitoring visit')."""
    for group in groups.values():
        said_on = document.effective_date
        if not group.ofsted and same_visit(visit, group.visit, said_on):
            return group
        if not group.ofsted and same_visit(group.visit, visit, said_on):
            return group
    return None


def _oldest_first(documents: Iterable[Document]) -> list[Document]:
    # Ofsted documents first, so council documents find the visits they discuss.
    return sorted(
        documents,
        key=lambda d: (d.doc_type not in OFSTED_DOC_TYPES, d.effective_date or "9999", d.id),
    )


def _visit_order(group: VisitGroup) -> tuple[str, str]:
    published = min((d.date for d in group.ofsted if d.date), default=None)
    return (group.visit.visit_start or published or "9999", published or "")
