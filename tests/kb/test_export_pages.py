"""The Word export of one theme for two councils fits on four pages, as LibreOffice lays it
out; the full list (`full=True`) holds every finding."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from kb.compare import compare
from kb.export import comparison_report, render
from kb.knowledge import KnowledgeBase

pytestmark = pytest.mark.model

MAX_PAGES = 4


def pdf_pages(docx: bytes, folder: Path) -> int:
    soffice = shutil.which("soffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed: scripts/install --dev adds it")
    source = folder / "export.docx"
    source.write_bytes(docx)
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return len(PdfReader(folder / "export.pdf").pages)


def test_one_theme_for_two_councils_fits_four_pages(
    corpus_kb: KnowledgeBase, tmp_path: Path
) -> None:
    result = compare(corpus_kb, ["Gateshead", "Middlesbrough"], "care_leavers_pathway_planning")
    short = render(comparison_report(result, "http://kb.example"), "docx")
    assert pdf_pages(short, tmp_path) <= MAX_PAGES
    full = comparison_report(result, "http://kb.example", full=True)
    quotes = [b for b in full.blocks if type(b).__name__ == "Quote"]
    assert len(quotes) == len(result.findings)  # the full list holds every finding
