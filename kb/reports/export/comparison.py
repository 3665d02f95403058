"""A comparison and the theme grid laid out for export."""

from __future__ import annotations

from kb.reports.compare import Comparison, CouncilFindings
from kb.reports.export.cited import (
    STANCE_HEADINGS,
    document_item,
    finding_quote,
    finding_row,
    period_text,
    stance_blocks,
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
    FINDING_STANCES,
)
from kb.reports.grid import Grid
from kb.reports.links import Links
from kb.vocab.themes import THEMES


def glance_blocks(column: CouncilFindings, links: Links, full_list: Link) -> list[Block]:
    """A handful of findings per stance, latest visit first, and where the rest are."""
    blocks: list[Block] = []
    for stance in FINDING_STANCES:
        shown, folds = column.glance(stance), column.folds(stance)
        total = len(shown) + sum(len(f.findings) for f in folds)
        blocks.append(Heading(f"{STANCE_HEADINGS[stance]} ({total})", 2))
        if not shown:
            blocks.append(Paragraph("None found."))
        blocks.extend(finding_quote(f, links, short=True) for f in shown)
        if folds:
            rest = total - len(shown)
            blocks.append(Paragraph(f"{rest} more, by visit, in the full list", full_list))
    return blocks


def column_blocks(column: CouncilFindings, links: Links, full_list: Link | None) -> list[Block]:
    """A council's column: at a glance with a link to the full list, or (no link) in full."""
    blocks: list[Block] = [Heading(column.council, 1), Paragraph(column.message)]
    if column.findings and full_list:
        blocks.extend(glance_blocks(column, links, full_list))
    elif column.findings:
        blocks.extend(stance_blocks(column.findings, links, 2))
    if column.documents and not full_list:
        blocks.append(Heading("Documents searched", 2))
        blocks.append(Bullets([document_item(d, links) for d in column.documents]))
    return blocks


def comparison_report(comparison: Comparison, links: Links, full: bool = False) -> Report:
    """The comparison for a committee report: a handful of findings per council and stance
    with a link to the full list, or with `full` every finding and document searched."""
    report = Report(
        f"Comparison: {comparison.subject}",
        slug("compare", *comparison.councils, comparison.theme, comparison.q),
    )
    full_list = None if full else Link("open", comparison.page(links))
    report.blocks.append(generated_line(links))
    report.blocks.append(
        Paragraph(
            f"Councils: {', '.join(comparison.councils)}. Period: "
            f"{period_text(comparison.since, comparison.until)}. Sources: {comparison.source}."
        )
    )
    summary = Table(
        ["Council", "Areas for improvement", "Strengths", "Documents searched"],
        [
            [
                c.council,
                str(len(c.areas_for_improvement)),
                str(len(c.strengths)),
                str(len(c.documents)),
            ]
            for c in comparison.columns
        ],
    )
    report.blocks.append(summary)
    for column in comparison.columns:
        report.blocks.extend(column_blocks(column, links, full_list))
    report.csv_rows = [finding_row(f, links) for f in comparison.findings]
    return report


def grid_report(grid: Grid, links: Links) -> Report:
    report = Report("Findings by theme", slug("grid", *grid.councils, grid.since, grid.until))
    report.blocks.append(generated_line(links))
    report.blocks.append(
        Paragraph(
            f"Strengths and areas for improvement found per theme, "
            f"{period_text(grid.since, grid.until)}. Sources: {grid.source}. Each count "
            "links to the findings it counts."
        )
    )
    rows: list[list[str | Link]] = []
    for theme in THEMES:
        row: list[str | Link] = [theme.label]
        for council in grid.councils:
            cell = grid.cell(council, theme.id)
            text = f"{cell.strengths} strengths, {cell.areas_for_improvement} to improve"
            url = grid.drill_down(council, theme.id, links)
            row.append(Link(text, url) if cell.total else text)
        rows.append(row)
    report.blocks.append(Table(["Theme", *grid.councils], rows))
    documents = ", ".join(f"{c}: {n}" for c, n in grid.documents.items())
    report.blocks.append(Paragraph(f"Documents in the period: {documents}."))
    report.csv_rows = [finding_row(f, links) for f in grid.findings]
    return report
