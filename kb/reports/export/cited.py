"""Findings and cited passages as an export shows them: quotes with their citation and
link, CSV rows, and the documents searched."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kb.dates import display_day
from kb.reports.document_refs import DocumentRef
from kb.reports.export.layout import (
    Block,
    Heading,
    Link,
    Paragraph,
    Quote,
)
from kb.reports.findings import (
    AREA_FOR_IMPROVEMENT,
    FINDING_STANCES,
    STRENGTH,
    Finding,
    by_stance,
    said_in,
)
from kb.reports.links import Links
from kb.search.records import Hit
from kb.vocab.kinds import DOC_TYPE_LABELS, OFSTED_DOC_TYPES, STANCE_LABELS
from kb.vocab.themes import THEME_BY_ID

STANCE_HEADINGS = {
    AREA_FOR_IMPROVEMENT: "Areas for improvement",
    STRENGTH: "Strengths",
}
SOURCE_LABELS = {
    "ofsted": "Ofsted",
    "council report of Ofsted findings": "Council report of Ofsted findings",
    "council": "Council document",
}


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
        when = display_day(cited.date) if cited.date else "undated"
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


def period_text(since: str | None, until: str | None) -> str:
    if since and until:
        return f"{display_day(since)} to {display_day(until)}"
    if since:
        return f"from {display_day(since)}"
    if until:
        return f"up to {display_day(until)}"
    return "all dates"


def document_item(document: DocumentRef, links: Links) -> Paragraph:
    kind = DOC_TYPE_LABELS.get(document.doc_type, document.doc_type)
    when = display_day(document.date) if document.date else "undated"
    link = Link("open", links.document(document.id))
    return Paragraph(f"{document.title} ({kind}, {when})", link)


def hit_quote_text(hit: Hit, quoted: dict[str, str]) -> str:
    """The sentence the answer quoted from this passage, else its marked sentences."""
    if hit.id in quoted:
        return quoted[hit.id]
    marked = [" ".join(hit.text[s:e].split()) for s, e in hit.marked]
    return " … ".join(marked) or " ".join(hit.text.split())


def hit_row(n: int, hit: Hit, quote: str, link: str) -> list[str]:
    """One cited passage as a CSV row under ("n", *FINDING_COLUMNS), `link` leading to it."""
    return [
        str(n),
        hit.council or "",
        hit.visit_type or "",
        "ofsted" if hit.doc_type in OFSTED_DOC_TYPES else "council",
        hit.title,
        DOC_TYPE_LABELS.get(hit.doc_type, hit.doc_type),
        hit.date or "",
        str(hit.page or ""),
        STANCE_LABELS.get(hit.stance, hit.stance),
        theme_labels(hit.themes),
        quote,
        link,
    ]
