"""A council's inspection timeline and the judgements table laid out for export."""

from __future__ import annotations

from kb.dates import display_day
from kb.reports.export.cited import (
    STANCE_HEADINGS,
    document_item,
    finding_quote,
    finding_row,
    theme_labels,
)
from kb.reports.export.layout import (
    Block,
    Bullets,
    Heading,
    Link,
    Paragraph,
    Report,
    Table,
    generated_line,
    slug,
)
from kb.reports.findings import (
    AREA_FOR_IMPROVEMENT,
    STRENGTH,
)
from kb.reports.judgements import Judgements, grade_label
from kb.reports.links import Links
from kb.reports.timeline import Timeline, TimelineVisit
from kb.vocab.judgement_areas import judgement_label


def visit_blocks(visit: TimelineVisit, links: Links) -> list[Block]:
    blocks: list[Block] = [Heading(visit.visit.label, 1)]
    facts = [f"Known from {visit.known_from}."]
    if visit.published:
        facts.append(f"Ofsted's document is dated {display_day(visit.published)}.")
    if visit.recurring:
        facts.append(f"Recurring areas for improvement: {theme_labels(visit.recurring)}.")
    blocks.append(Paragraph(" ".join(facts)))
    if visit.grades:
        grades: list[list[str | Link]] = [
            [judgement_label(a), grade_label(g)] for a, g in visit.grades.items()
        ]
        blocks.append(Table(["Judgement", "Grade"], list(grades)))
    for stance, found in (
        (AREA_FOR_IMPROVEMENT, visit.areas_for_improvement),
        (STRENGTH, visit.strengths),
    ):
        blocks.append(Heading(f"Headline {STANCE_HEADINGS[stance].lower()}", 2))
        blocks.extend(finding_quote(f, links) for f in found)
        if not found:
            blocks.append(Paragraph("None found."))
    documents = [*visit.ofsted_documents, *visit.discussed_in]
    if documents:
        blocks.append(Heading("Documents", 2))
        blocks.append(Bullets([document_item(d, links) for d in documents]))
    return blocks


def timeline_report(timeline: Timeline, links: Links) -> Report:
    report = Report(f"Inspection timeline: {timeline.council}", slug("timeline", timeline.council))
    report.blocks.append(generated_line(links))
    summary: list[list[str | Link]] = [
        [
            v.visit.label,
            display_day(v.published) if v.published else "—",
            grade_label(v.grades.get("overall_effectiveness", "")) or "—",
            str(len(v.discussed_in)),
        ]
        for v in timeline.visits
    ]
    header = ["Visit", "Ofsted document dated", "Overall effectiveness", "Council documents"]
    report.blocks.append(Table(header, summary))
    if timeline.recurring:
        report.blocks.append(Heading("Recurring areas for improvement", 1))
        report.blocks.append(
            Table(
                ["Theme", "Visits"],
                [[r.label, "; ".join(r.visits)] for r in timeline.recurring],
            )
        )
    for visit in timeline.visits:
        report.blocks.extend(visit_blocks(visit, links))
    if timeline.unplaced:
        report.blocks.append(Heading("Council documents about a visit they do not date", 1))
        report.blocks.append(Bullets([document_item(d, links) for d in timeline.unplaced]))
    report.csv_rows = [finding_row(f, links) for f in timeline.findings]
    return report


def judgements_report(judgements: Judgements, links: Links) -> Report:
    report = Report("Ofsted judgements", slug("judgements", *judgements.councils))
    report.blocks.append(generated_line(links))
    labels = [judgement_label(a) for a in judgements.areas]
    rows: list[list[str | Link]] = []
    for row in judgements.rows:
        cells: list[str | Link] = [
            row.council,
            Link(row.visit.label, links.document(row.document.id)),
            row.published or "",
        ]
        cells.extend(
            (grade_label(row.grades.get(a, "")) or "—")
            + (f" (combined: {row.combined[a].lower()})" if a in row.combined else "")
            for a in judgements.areas
        )
        rows.append(cells)
    report.blocks.append(Table(["Council", "Inspection", "Published", *labels], rows))
    if not judgements.rows:
        report.blocks.append(Paragraph("No graded inspection reports for these councils."))
    report.csv_header = ("council", "inspection", "published", "link", *judgements.areas)
    report.csv_rows = [
        [
            r.council,
            r.visit.label,
            r.published or "",
            links.document(r.document.id),
            *(r.grades.get(a, "") for a in judgements.areas),
        ]
        for r in judgements.rows
    ]
    return report
