"""Response schemas of the reports: council comparison, theme grid, inspection timeline and
judgements."""

from __future__ import annotations

from pydantic import BaseModel


class VisitOut(BaseModel):
    key: str
    label: str
    council: str | None
    visit_type: str | None
    visit_number: int | None
    visit_start: str | None
    visit_end: str | None


class CitationOut(BaseModel):
    passage_id: str
    document_id: str
    title: str
    doc_type: str
    doc_type_label: str
    date: str | None
    page: int | None
    council: str | None
    heading: str
    url: str
    document_url: str
    text: str


class EchoOut(BaseModel):
    """Another statement of the same point: a council report restating a letter, a
    summary restating the body, or the same point at another visit."""

    text: str
    source_kind: str
    visit: VisitOut | None
    citation: CitationOut
    url: str
    when: str | None


class FindingOut(BaseModel):
    id: str
    when: str | None
    text: str
    stance: str
    themes: list[str]
    theme_labels: list[str]
    council: str | None
    source_kind: str
    visit: VisitOut | None
    citation: CitationOut
    url: str
    start: int
    end: int
    recurrence: int
    recurs_at: list[str]
    said_in: str
    also_in: list[EchoOut]


class VisitFoldOut(BaseModel):
    key: str
    label: str
    count: int
    findings: list[FindingOut]


class DocumentRefOut(BaseModel):
    id: str
    title: str
    doc_type: str
    doc_type_label: str
    date: str | None
    council: str | None
    url: str


class CouncilFindingsOut(BaseModel):
    council: str
    status: str
    message: str
    documents_searched: list[DocumentRefOut]
    counts: dict[str, int]
    visits: int
    rate: str
    glance: dict[str, list[FindingOut]]
    folded: dict[str, list[VisitFoldOut]]
    strengths: list[FindingOut]
    areas_for_improvement: list[FindingOut]


class CompareOut(BaseModel):
    councils: list[str]
    theme: str | None
    theme_label: str | None
    q: str | None
    since: str | None
    until: str | None
    source: str
    subject: str
    columns: list[CouncilFindingsOut]


class GridCellOut(BaseModel):
    council: str
    theme: str
    strengths: int
    areas_for_improvement: int
    per: str
    base: int
    strengths_per: float
    areas_for_improvement_per: float
    shade: int
    url: str


class ThemeRefOut(BaseModel):
    id: str
    label: str


class GridRowOut(BaseModel):
    theme: str
    label: str
    cells: list[GridCellOut]


class GridOut(BaseModel):
    councils: list[str]
    since: str | None
    until: str | None
    source: str
    documents: dict[str, int]
    themes: list[ThemeRefOut]
    rows: list[GridRowOut]


class TimelineVisitOut(BaseModel):
    visit: VisitOut
    label: str
    published: str | None
    known_from: str
    grades: dict[str, str]
    grade_labels: dict[str, str]
    ofsted_documents: list[DocumentRefOut]
    discussed_in: list[DocumentRefOut]
    strengths: list[FindingOut]
    areas_for_improvement: list[FindingOut]
    improvement_themes: list[str]
    recurring: list[str]
    counts: dict[str, int]


class RecurringOut(BaseModel):
    theme: str
    label: str
    visits: list[str]
    keys: list[str]


class TimelineOut(BaseModel):
    council: str
    documents: int
    visits: list[TimelineVisitOut]
    recurring: list[RecurringOut]
    unplaced: list[DocumentRefOut]


class JudgementRowOut(BaseModel):
    council: str
    visit: VisitOut
    label: str
    published: str | None
    document: DocumentRefOut
    grades: dict[str, str]
    combined: dict[str, str]


class JudgementsOut(BaseModel):
    councils: list[str]
    areas: list[ThemeRefOut]
    rows: list[JudgementRowOut]
