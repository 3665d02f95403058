"""CSV, Markdown and Word exports of comparisons, grids, timelines, judgements and answers."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from api.urls import Urls
from kb.reports.compare import compare
from kb.reports.export.answer import answer_report
from kb.reports.export.comparison import comparison_report, grid_report
from kb.reports.export.history import judgements_report, timeline_report
from kb.reports.export.layout import FINDING_COLUMNS, Quote
from kb.reports.export.render import filename, render
from kb.reports.export.text import to_csv, to_markdown
from kb.reports.grid import grid
from kb.reports.judgements import judgements
from kb.reports.timeline import timeline
from kb.search.knowledge import KnowledgeBase
from tests.utils.factories import AFI, CL, STR
from tests.utils.factories import write_findings as add_doc

BASE = "http://kb.example"
LINKS = Urls(BASE)


@pytest.fixture
def kb(fake_kb: KnowledgeBase) -> KnowledgeBase:
    add_doc(
        fake_kb,
        "/g/letter.pdf",
        [
            (
                "Findings",
                [CL],
                [
                    ("Pathway plans were of poor quality, with “weak” | targets.", AFI),
                    ("=Personal advisers know care leavers well.", STR),
                ],
            )
        ],
        council="Gateshead",
        visit_type="focused visit",
        visit_start="2018-03-20",
    )
    add_doc(
        fake_kb,
        "/m/report.pdf",
        [("Care leavers", [CL], [("Pathway plans varied in quality.", AFI)])],
        council="Middlesbrough",
        doc_type="ofsted_report",
        date="2020-01-24",
        visit_type="standard inspection",
        visit_start="2019-11-04",
        visit_end="2019-11-15",
        grades={"overall_effectiveness": "inadequate", "care_leavers": "inadequate"},
    )
    return fake_kb


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_comparison_csv_has_one_row_per_finding(kb: KnowledgeBase) -> None:
    comparison = compare(kb, ["Gateshead", "Middlesbrough"], theme=CL)
    rows = rows_of(to_csv(comparison_report(comparison, LINKS)))
    assert len(rows) == len(comparison.findings) == 3
    assert list(rows[0]) == list(FINDING_COLUMNS)
    poor = next(r for r in rows if r["quote"].startswith("Pathway plans were"))
    assert poor["council"] == "Gateshead" and poor["stance"] == "Area for improvement"
    assert poor["link"].startswith(f"{BASE}/passages/") and poor["page"] == "1"
    assert poor["visit"] == "Focused visit, 20 March 2018"
    assert poor["source_kind"] == "ofsted"
    # A quote that opens like a formula is written as text.
    assert any(r["quote"].startswith("'=Personal") for r in rows)


def test_comparison_markdown_quotes_with_citations_and_links(kb: KnowledgeBase) -> None:
    report = comparison_report(compare(kb, ["Gateshead", "Middlesbrough"], theme=CL), LINKS)
    text = to_markdown(report)
    assert text.startswith("# Comparison: Care leavers: pathway planning and support")
    assert "## Gateshead" in text and "### Areas for improvement (1)" in text
    assert "> “Pathway plans varied in quality.”" in text
    assert f"([source passage]({BASE}/passages/" in text
    assert "| Gateshead | 1 | 1 | 1 |" in text
    assert filename(report, "md") == (
        "compare-gateshead-middlesbrough-care_leavers_pathway_planning.md"
    )


def test_grid_timeline_and_judgements_render_in_every_format(kb: KnowledgeBase) -> None:
    reports = [
        grid_report(grid(kb, ["Gateshead", "Middlesbrough"]), LINKS),
        timeline_report(timeline(kb, "Middlesbrough"), LINKS),
        judgements_report(judgements(kb), LINKS),
    ]
    for report in reports:
        for fmt in ("csv", "md", "docx"):
            assert render(report, fmt)
    grid_md = to_markdown(reports[0])
    assert "[1 strengths, 1 to improve](http://kb.example/compare?councils=Gateshead" in grid_md
    assert len(rows_of(to_csv(reports[0]))) == 3
    assert "Inadequate" in to_markdown(reports[1])
    judged = rows_of(to_csv(reports[2]))
    assert judged == [
        {
            "council": "Middlesbrough",
            "inspection": "Standard inspection, 4 to 15 November 2019",
            "published": "2020-01-24",
            "link": judged[0]["link"],
            "overall_effectiveness": "inadequate",
            "care_leavers": "inadequate",
        }
    ]
    with pytest.raises(ValueError, match="format"):
        render(reports[0], "pdf")


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def test_docx_has_headings_tables_quotes_and_links(kb: KnowledgeBase) -> None:
    data = render(
        comparison_report(compare(kb, ["Gateshead", "Middlesbrough"], theme=CL), LINKS), "docx"
    )
    document = docx.Document(io.BytesIO(data))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Quote"} <= styles
    assert document.tables and document.tables[0].rows[0].cells[0].text == "Council"
    links = [r.target_ref for r in document.part.rels.values() if r.is_external]
    assert any(link.startswith(f"{BASE}/passages/") for link in links)
    assert "“Pathway plans varied in quality.”" in _docx_text(data)


def test_answer_exports_one_row_per_citation(kb: KnowledgeBase) -> None:
    answer = kb.ask("pathway plans quality")
    report = answer_report(answer, LINKS)
    rows = rows_of(to_csv(report))
    assert len(rows) == len(answer.citations) > 0
    assert rows[0]["n"] == "1" and rows[0]["link"].startswith(f"{BASE}/passages/")
    assert "## Sources" in to_markdown(report)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_docx_opens_in_libreoffice(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "timeline.docx"
    path.write_bytes(render(timeline_report(timeline(kb, "Middlesbrough"), LINKS), "docx"))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "timeline.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")


# --- the default corpus (done-when checks) -------------------------------------------------


def _soffice_pdf(docx_path: Path, out: Path) -> Path:
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{out}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(docx_path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out / f"{docx_path.stem}.pdf"


@pytest.mark.model
def test_corpus_comparison_csv_has_one_row_per_finding(corpus_kb: KnowledgeBase) -> None:
    comparison = compare(corpus_kb, ["Gateshead", "Middlesbrough"], theme=CL)
    rows = rows_of(to_csv(comparison_report(comparison, LINKS)))
    assert len(rows) == len(comparison.findings) > 20
    assert {r["council"] for r in rows} == {"Gateshead", "Middlesbrough"}
    assert all(r["quote"] and r["link"].startswith(f"{BASE}/passages/") for r in rows)
    assert {r["stance"] for r in rows} == {"Strength", "Area for improvement"}


@pytest.mark.model
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_corpus_docx_exports_open_in_libreoffice(corpus_kb: KnowledgeBase, tmp_path: Path) -> None:
    reports = {
        "compare": comparison_report(
            compare(corpus_kb, ["Gateshead", "Middlesbrough"], theme=CL), LINKS
        ),
        "timeline": timeline_report(timeline(corpus_kb, "Middlesbrough"), LINKS),
    }
    for name, report in reports.items():
        path = tmp_path / f"{name}.docx"
        path.write_bytes(render(report, "docx"))
        pdf = _soffice_pdf(path, tmp_path)
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


@pytest.mark.model
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_corpus_word_export_of_one_theme_for_two_councils_fits_four_pages(
    corpus_kb: KnowledgeBase, tmp_path: Path
) -> None:
    comparison = compare(corpus_kb, ["Gateshead", "Middlesbrough"], theme=CL)
    path = tmp_path / "short.docx"
    path.write_bytes(render(comparison_report(comparison, LINKS), "docx"))
    assert len(PdfReader(_soffice_pdf(path, tmp_path)).pages) <= 4
    # The full list stays available: every finding, each once.
    full = comparison_report(comparison, LINKS, full=True)
    quotes = [b for b in full.blocks if isinstance(b, Quote)]
    assert len(quotes) == len(comparison.findings)
