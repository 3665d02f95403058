"""Exports for scrutiny reports: CSV, Markdown and Word (.docx).

Every result (a cited answer, a comparison, the theme grid, a timeline, the judgements table)
is first laid out once as a `Report` (headings, paragraphs, tables, quotes with citations,
and CSV rows), and each format renders that layout, so the three always say the same thing.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from kb.reports.compare import Comparison, CouncilFindings, DocumentRef, Grid
from kb.reports.findings import (
    AREA_FOR_IMPROVEMENT,
    FINDING_STANCES,
    STRENGTH,
    Finding,
    by_stance,
    display_date,
    said_in,
)
from kb.reports.links import Links
from kb.reports.timeline import Judgements, Timeline, TimelineVisit, grade_label, judgement_label
from kb.search.answer import Answer
from kb.search.records import Hit
from kb.vocab.kinds import DOC_TYPE_LABELS, STANCE_LABELS
from kb.vocab.themes import THEME_BY_ID, THEMES

FORMATS: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

FINDING_COLUMNS: tuple[str, ...] = (
    "council",
    "visit",
    "source_kind",
    "document",
    "doc_type",
    "date",
    "page",
    "stance",
    "themes",
    "quote",
    "link",
)

STANCE_HEADINGS = {
    AREA_FOR_IMPROVEMENT: "Areas for improvement",
    STRENGTH: "Strengths",
}
SOURCE_LABELS = {
    "ofsted": "Ofsted",
    "council report of Ofsted findings": "Council report of Ofsted findings",
    "council": "Council document",
}


# --- the layout every format renders -----------------------------------------------------


@dataclass
class Link:
    text: str
    url: str


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Paragraph:
    text: str
    link: Link | None = None  # a link written after the text


@dataclass
class Bullets:
    items: list[Paragraph]


@dataclass
class Quote:
    text: str
    citation: str
    link: Link


@dataclass
class Table:
    header: list[str]
    rows: list[list[str | Link]]


Block = Heading | Paragraph | Bullets | Quote | Table


@dataclass
class Report:
    title: str
    filename: str  # without extension
    blocks: list[Block] = field(default_factory=list)
    csv_header: Sequence[str] = FINDING_COLUMNS
    csv_rows: list[list[str]] = field(default_factory=list)


def slug(*parts: str | None) -> str:
    text = "-".join(p for p in parts if p)
    return re.sub(r"[^a-z0-9_]+", "-", text.lower()).strip("-")[:120] or "export"


def generated_line(links: Links) -> Paragraph:
    where = f" at {links.base.rstrip('/')}" if links.base else ""
    return Paragraph(
        f"Generated {display_date(dt.date.today().isoformat())} from the council children's "
        f"services knowledge base{where}. Each quotation links to its passage in the source."
    )


# --- findings as quotes and rows ---------------------------------------------------------


def theme_labels(themes: Iterable[str]) -> str:
    return "; ".join(THEME_BY_ID[t].label if t in THEME_BY_ID else t for t in themes)


def lower_first(text: str) -> str:
    """'Focused visit' -> 'focused visit', but 'SIF inspection' stays."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def finding_citation(finding: Finding, short: bool = False) -> str:
    """Source kind, document, visit, where else it was said and whether it recurs. Short
    (under a council's heading): the document's type, date and page, not its council and
    title again."""
    parts = [SOURCE_LABELS.get(finding.source_kind, finding.source_kind)]
    if short:
        cited = finding.citation
        when = display_date(cited.date) if cited.date else "undated"
        parts.append(
            f"{cited.doc_type_label}, {when}" + (f", p. {cited.page}" if cited.page else "")
        )
    else:
        parts.append(finding.citation.text)
    if finding.visit:
        parts.append(f"on the {lower_first(finding.visit.label)}")
    if finding.echoes:
        parts.append(f"said in {said_in(finding)}")
    if finding.recurrence > 1:
        parts.append(f"recurring: found at {finding.recurrence} visits")
    return " · ".join(parts)


def finding_quote(finding: Finding, links: Links, short: bool = False) -> Quote:
    link = Link("source passage", finding.link(links))
    return Quote(finding.text, finding_citation(finding, short), link)


def finding_row(finding: Finding, links: Links) -> list[str]:
    return [
        finding.council or "",
        finding.visit.label if finding.visit else "",
        finding.source_kind,
        finding.citation.title,
        finding.citation.doc_type_label,
        finding.citation.date or "",
        str(finding.citation.page or ""),
        STANCE_LABELS.get(finding.stance, finding.stance),
        theme_labels(finding.themes),
        finding.text,
        finding.link(links),
    ]


def stance_blocks(findings: Sequence[Finding], links: Links, level: int) -> list[Block]:
    blocks: list[Block] = []
    groups = by_stance(findings)
    for stance in FINDING_STANCES:
        blocks.append(Heading(f"{STANCE_HEADINGS[stance]} ({len(groups[stance])})", level))
        if not groups[stance]:
            blocks.append(Paragraph("None found."))
        blocks.extend(finding_quote(f, links) for f in groups[stance])
    return blocks


# --- builders ----------------------------------------------------------------------------


def period_text(since: str | None, until: str | None) -> str:
    if since and until:
        return f"{display_date(since)} to {display_date(until)}"
    if since:
        return f"from {display_date(since)}"
    if until:
        return f"up to {display_date(until)}"
    return "all dates"


def document_item(document: DocumentRef, links: Links) -> Paragraph:
    kind = DOC_TYPE_LABELS.get(document.doc_type, document.doc_type)
    when = display_date(document.date) if document.date else "undated"
    link = Link("open", links.document(document.id))
    return Paragraph(f"{document.title} ({kind}, {when})", link)


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


def visit_blocks(visit: TimelineVisit, links: Links) -> list[Block]:
    blocks: list[Block] = [Heading(visit.visit.label, 1)]
    facts = [f"Known from {visit.known_from}."]
    if visit.published:
        facts.append(f"Ofsted's document is dated {display_date(visit.published)}.")
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
            display_date(v.published) if v.published else "—",
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


def hit_quote_text(hit: Hit, quoted: dict[str, str]) -> str:
    """The sentence the answer quoted from this passage, else its marked sentences."""
    if hit.id in quoted:
        return quoted[hit.id]
    marked = [" ".join(hit.text[s:e].split()) for s, e in hit.marked]
    return " … ".join(marked) or " ".join(hit.text.split())


def answer_report(answer: Answer, links: Links) -> Report:
    report = Report(f"Answer: {answer.question}", slug("answer", answer.question[:60]))
    report.blocks.append(generated_line(links))
    quoted = {q["passage_id"]: q["text"] for q in answer.quotes}
    report.blocks.append(Heading("Answer", 1))
    report.blocks.extend(Paragraph(line) for line in answer.text.splitlines() if line.strip())
    report.blocks.append(Heading("Sources", 1))
    for n, hit in enumerate(answer.citations, 1):
        link = Link("source passage", links.passage(hit.id))
        report.blocks.append(Quote(hit_quote_text(hit, quoted), f"[{n}] {hit.citation}", link))
    report.csv_header = ("n", *FINDING_COLUMNS)
    report.csv_rows = [
        hit_row(n, hit, hit_quote_text(hit, quoted), links.passage(hit.id))
        for n, hit in enumerate(answer.citations, 1)
    ]
    return report


def hit_row(n: int, hit: Hit, quote: str, link: str) -> list[str]:
    """One cited passage as a CSV row under ("n", *FINDING_COLUMNS), `link` leading to it."""
    return [
        str(n),
        hit.council or "",
        hit.visit_type or "",
        "ofsted" if hit.doc_type in ("ofsted_letter", "ofsted_report") else "council",
        hit.title,
        DOC_TYPE_LABELS.get(hit.doc_type, hit.doc_type),
        hit.date or "",
        str(hit.page or ""),
        STANCE_LABELS.get(hit.stance, hit.stance),
        theme_labels(hit.themes),
        quote,
        link,
    ]


# --- renderers ---------------------------------------------------------------------------


def _safe_cell(value: str) -> str:
    # A cell opening with = + - @ runs as a formula in spreadsheets; document text is not
    # ours to run, so such cells are marked as text.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def to_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(report.csv_header)
    writer.writerows([_safe_cell(v) for v in row] for row in report.csv_rows)
    return out.getvalue()


# Markdown syntax in document text is escaped, so a document's "![img](http://...)" or
# "[text](url)" is shown as written, never as a live image or a disguised link. ('_' inside
# a word, as in KB_PUBLIC_URL, is no emphasis in CommonMark, so it is left alone.)
_MD_SYNTAX = re.compile(r"([\\`*\[\]!~#>])")


def _md_text(text: str) -> str:
    flat = " ".join(text.split()).replace("<", "&lt;")
    return _MD_SYNTAX.sub(r"\\\1", flat)


def _md_cell(value: str | Link) -> str:
    if isinstance(value, Link):
        return f"[{_md_cell(value.text)}]({value.url})"
    return _md_text(value).replace("|", "\\|") or " "


def _md_paragraph(p: Paragraph) -> str:
    return _md_text(p.text) + (f" ([{p.link.text}]({p.link.url}))" if p.link else "")


def _md_block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"{'#' * (block.level + 1)} {_md_text(block.text)}"
    if isinstance(block, Paragraph):
        return _md_paragraph(block)
    if isinstance(block, Bullets):
        return "\n".join(f"- {_md_paragraph(p)}" for p in block.items)
    if isinstance(block, Quote):
        return (
            f"> “{_md_text(block.text)}”\n>\n> — {_md_text(block.citation)} "
            f"([{block.link.text}]({block.link.url}))"
        )
    lines = [
        "| " + " | ".join(_md_cell(h) for h in block.header) + " |",
        "|" + "---|" * len(block.header),
    ]
    lines.extend("| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block.rows)
    return "\n".join(lines)


def to_markdown(report: Report) -> str:
    parts = [f"# {_md_text(report.title)}", *(_md_block(b) for b in report.blocks)]
    return "\n\n".join(parts) + "\n"


def _add_hyperlink(paragraph: DocxParagraph, text: str, url: str) -> None:
    """python-docx has no hyperlink call: a run inside a w:hyperlink pointing at an
    external relationship is what Word and LibreOffice read as a link."""
    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "0563C1")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(colour)
    props.append(underline)
    run.append(props)
    node = OxmlElement("w:t")
    node.text = text
    node.set(qn("xml:space"), "preserve")
    run.append(node)
    link.append(run)
    paragraph._p.append(link)


def _docx_paragraph(doc: DocxDocument, p: Paragraph, style: str | None = None) -> None:
    paragraph = doc.add_paragraph(p.text, style=style)
    if p.link:
        paragraph.add_run(" (")
        _add_hyperlink(paragraph, p.link.text, p.link.url)
        paragraph.add_run(")")


def _docx_table(doc: DocxDocument, table: Table) -> None:
    grid = doc.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            if isinstance(value, Link):
                _add_hyperlink(cell.paragraphs[0], value.text, value.url)
            else:
                cell.text = value


def _docx_quote(doc: DocxDocument, quote: Quote) -> None:
    # Quote and citation kept together and close, so a page holds more findings.
    said = doc.add_paragraph(f"“{quote.text}”", style="Quote")
    said.paragraph_format.space_before = Pt(6)
    said.paragraph_format.space_after = Pt(0)
    said.paragraph_format.keep_with_next = True
    source = doc.add_paragraph()
    source.paragraph_format.space_after = Pt(4)
    run = source.add_run(f"— {quote.citation} ")
    run.font.size = Pt(9)
    run.font.color.rgb = RGBColor(0x44, 0x44, 0x44)
    _add_hyperlink(source, quote.link.text, quote.link.url)


# Characters XML 1.0 cannot hold: python-docx raises on them, so a question with a stray
# control character would otherwise turn a Word export into a server error.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _rebuild(value: Any, change: Callable[[Any], Any]) -> Any:
    """The same report tree with `change` applied to every node, children first."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _rebuild(getattr(value, f.name), change)
            for f in dataclasses.fields(value)
            if f.init
        }
        value = dataclasses.replace(value, **changes)
    elif isinstance(value, list | tuple):
        value = type(value)(_rebuild(v, change) for v in value)
    elif isinstance(value, dict):
        value = {k: _rebuild(v, change) for k, v in value.items()}
    return change(value)


def _xml_safe(value: Any) -> Any:
    """The same report tree with every string stripped of characters XML cannot hold."""
    return _rebuild(value, lambda v: _NOT_XML.sub("", v) if isinstance(v, str) else v)


LOCAL_NOTE = (
    "Links marked “local link” open only on the computer running the knowledge base. To "
    "send working links to colleagues, the administrator sets KB_PUBLIC_URL to the address "
    "they use."
)


def local_links(report: Report) -> Report:
    """The report with every link labelled "local link" and a note saying why: without
    KB_PUBLIC_URL its links lead to this machine, which a reader elsewhere cannot open."""

    def label(value: Any) -> Any:
        if isinstance(value, Link) and "local link" not in value.text:
            shown = f"local link: {value.url}" if value.text == value.url else None
            return Link(shown or f"{value.text} (local link)", value.url)
        return value

    out: Report = _rebuild(report, label)
    out.blocks.insert(min(1, len(out.blocks)), Paragraph(LOCAL_NOTE))
    return out


def to_docx(report: Report) -> bytes:
    report = _xml_safe(report)
    doc = new_docx()
    doc.core_properties.title = report.title
    doc.add_heading(report.title, level=0)
    for block in report.blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=min(block.level, 9))
        elif isinstance(block, Paragraph):
            _docx_paragraph(doc, block)
        elif isinstance(block, Bullets):
            for item in block.items:
                _docx_paragraph(doc, item, style="List Bullet")
        elif isinstance(block, Quote):
            _docx_quote(doc, block)
        else:
            _docx_table(doc, block)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render(report: Report, fmt: str) -> bytes:
    """The report in one of FORMATS, as the bytes to send or save."""
    if fmt == "csv":  # with a byte-order mark: Excel on Windows reads UTF-8 only with one
        return to_csv(report).encode("utf-8-sig")
    if fmt == "md":
        return to_markdown(report).encode("utf-8")
    if fmt == "docx":
        return to_docx(report)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")


def filename(report: Report, fmt: str) -> str:
    return f"{report.filename}.{fmt}"
