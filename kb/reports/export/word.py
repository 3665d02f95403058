"""The Word (.docx) rendering of a report, with real hyperlinks."""

from __future__ import annotations

import io
import re
from typing import Any

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from kb.reports.export.layout import (
    Bullets,
    Heading,
    Link,
    Paragraph,
    Quote,
    Report,
    Table,
    rebuild,
)


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


def _xml_safe(value: Any) -> Any:
    """The same report tree with every string stripped of characters XML cannot hold."""
    return rebuild(value, lambda v: _NOT_XML.sub("", v) if isinstance(v, str) else v)


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
