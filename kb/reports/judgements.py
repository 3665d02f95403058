"""The judgements table: grades per judgement area, per council, per graded inspection."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kb.reports.document_refs import DocumentRef, document_ref
from kb.reports.links import Links
from kb.reports.selection import all_councils, resolve_councils
from kb.reports.visits import VisitIndex, VisitRef
from kb.search.filters import Filters
from kb.search.knowledge import KnowledgeBase
from kb.search.records import Document
from kb.vocab.judgement_areas import (
    area_order,
    areas,
    judgement_label,
    spread_combined,
)
from kb.vocab.kinds import OFSTED_DOC_TYPES


def ordered_grades(grades: dict[str, str]) -> dict[str, str]:
    """Grades in Ofsted's order of judgement areas; areas of older frameworks after."""
    order = list(areas().labels)
    return dict(sorted(grades.items(), key=lambda g: order.index(g[0]) if g[0] in order else 99))


def grade_label(grade: str) -> str:
    return grade[:1].upper() + grade[1:] if grade else grade


@dataclass
class JudgementRow:
    council: str
    visit: VisitRef
    published: str | None
    document: DocumentRef
    grades: dict[str, str]
    # Areas graded by a judgement that covers several (area -> that judgement's label).
    combined: dict[str, str] = field(default_factory=dict)

    def to_dict(self, links: Links) -> dict[str, Any]:
        return {
            "council": self.council,
            "visit": self.visit.to_dict(),
            "label": self.visit.label,
            "published": self.published,
            "document": self.document.to_dict(links),
            "grades": self.grades,
            "combined": self.combined,
        }


@dataclass
class Judgements:
    councils: list[str]
    areas: list[str]
    rows: list[JudgementRow]

    def to_dict(self, links: Links) -> dict[str, Any]:
        return {
            "councils": self.councils,
            "areas": [{"id": a, "label": judgement_label(a)} for a in self.areas],
            "rows": [r.to_dict(links) for r in self.rows],
        }


def judgement_areas(rows: Iterable[JudgementRow]) -> list[str]:
    order = area_order()
    for row in rows:
        order.extend(a for a in row.grades if a not in order)
    used = {a for row in rows for a in row.grades}
    return [a for a in order if a in used]


def judgement_rows(documents: Iterable[Document]) -> list[JudgementRow]:
    rows = []
    for document in documents:
        if document.doc_type not in OFSTED_DOC_TYPES or not document.grades:
            continue
        visit = VisitIndex([document]).link(document)
        grades, combined = spread_combined(document.grades)
        rows.append(
            JudgementRow(
                document.council or "Unknown council",
                visit or VisitRef(document.council, None),
                document.date,
                document_ref(document),
                ordered_grades(grades),
                combined,
            )
        )
    return rows


def judgements(kb: KnowledgeBase, councils: Sequence[str] = ()) -> Judgements:
    """Grades per judgement area, per council, per graded inspection, oldest first."""
    names = resolve_councils(councils) or all_councils(kb)
    rows: list[JudgementRow] = []
    for name in names:
        found = judgement_rows(kb.documents(Filters(councils=(name,))))
        rows.extend(sorted(found, key=lambda r: r.visit.visit_start or r.published or ""))
    return Judgements(names, judgement_areas(rows), rows)
