"""Extraction from real and generated files: page numbers, formats and every failure reason."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from ingest.extract import SUPPORTED_SUFFIXES, extract
from ingest.extract.pdf import pdfium_pages, pypdf_pages
from ingest.types import ExtractionError
from tests.ingest.fixtures.documents import encrypt_pdf, make_docx, make_pdf

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
WARRINGTON_LETTER = (
    SHARED
    / "ofsted-letters/80575_warrington/children's services focused visit - 31 january 2022.pdf"
)


def _reason(path: Path) -> str:
    with pytest.raises(ExtractionError) as caught:
        extract(path)
    assert caught.value.path == str(path)
    return caught.value.reason


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# ----------------------------------------------------------------------------- PDF


def test_real_ofsted_letter_keeps_page_numbers_and_text() -> None:
    if not WARRINGTON_LETTER.exists():
        pytest.skip("shared Ofsted letters are not available")
    result = extract(WARRINGTON_LETTER)
    expected_pages = len(pdfium.PdfDocument(WARRINGTON_LETTER))
    assert result.format == "pdf"
    assert [page.number for page in result.pages] == list(range(1, expected_pages + 1))
    assert expected_pages > 1
    first = result.pages[0].text
    assert "Focused visit to Warrington children’s services" in first
    # pdfium's U+FFFE at a hyphenated line join comes back as the hyphen it stands for
    assert "multi-agency" in first
    full = "".join(page.text for page in result.pages)
    assert "\ufffe" not in full and "\x02" not in full and "\r" not in full
    # the printed page number heads page 2 of an Ofsted letter: it is on the right page
    assert result.pages[1].text.lstrip().startswith("2")


def test_generated_multi_page_pdf(tmp_path: Path) -> None:
    pages = [
        ["Minutes of the Corporate Parenting Board", "held on 3 May 2023"],
        ["Item 4: Ofsted focused visit"],
        ["The Board noted the letter."],
    ]
    path = _write(tmp_path / "minutes.PDF", make_pdf(pages))  # suffix case does not matter
    result = extract(path)
    assert [page.number for page in result.pages] == [1, 2, 3]
    assert result.pages[0].text == "Minutes of the Corporate Parenting Board\nheld on 3 May 2023"
    assert "Ofsted focused visit" in result.pages[1].text
    assert result.pages[2].text == "The Board noted the letter."


def test_pypdf_fallback_reads_the_same_pages(tmp_path: Path) -> None:
    path = _write(tmp_path / "two.pdf", make_pdf([["Care leavers report"], ["Second page"]]))
    fallback = pypdf_pages(path)
    primary = pdfium_pages(path)
    assert [page.number for page in fallback] == [page.number for page in primary] == [1, 2]
    assert "Care leavers report" in fallback[0].text
    assert "Second page" in fallback[1].text


def test_encrypted_pdf_needs_a_password(tmp_path: Path) -> None:
    data = encrypt_pdf(make_pdf([["Confidential"]]), user_password="secret")
    assert _reason(_write(tmp_path / "locked.pdf", data)) == "encrypted PDF: needs a password"


def test_pdf_with_only_an_owner_password_is_readable(tmp_path: Path) -> None:
    data = encrypt_pdf(make_pdf([["Open to read"]]), user_password="")
    assert extract(_write(tmp_path / "owner.pdf", data)).pages[0].text == "Open to read"


def test_binary_file_named_pdf(tmp_path: Path) -> None:
    path = _write(tmp_path / "garbage.pdf", bytes(range(256)) * 8)
    assert _reason(path).startswith("not a PDF: ")


def test_html_error_page_named_pdf(tmp_path: Path) -> None:
    page = b"<!DOCTYPE html>\n<html><body><h1>Report not found</h1></body></html>"
    assert _reason(_write(tmp_path / "report.pdf", page)) == "not a PDF: it is an HTML page"


def test_empty_file(tmp_path: Path) -> None:
    for suffix in (".pdf", ".txt", ".html", ".docx"):
        assert _reason(_write(tmp_path / f"empty{suffix}", b"")) == "empty file (0 bytes)"


def test_truncated_pdf(tmp_path: Path) -> None:
    data = make_pdf([["A full page of text that will be cut off"]] * 3)
    reason = _reason(_write(tmp_path / "cut.pdf", data[: len(data) // 2]))
    assert reason.startswith("truncated PDF")


def test_corrupt_pdf_with_intact_end(tmp_path: Path) -> None:
    data = b"%PDF-1.4\n" + b"\x00garbage\xff" * 200 + b"\n%%EOF\n"
    assert _reason(_write(tmp_path / "corrupt.pdf", data)).startswith("corrupt PDF")


def test_image_only_pdf(tmp_path: Path) -> None:
    path = _write(tmp_path / "scan.pdf", make_pdf([[], []], image_only=True))
    assert _reason(path) == "no text could be extracted (scanned or image-only?)"


# ----------------------------------------------------------------------------- text


def test_windows_1252_text(tmp_path: Path) -> None:
    text = "Children’s Services – the Council’s plan for “care leavers” costs £200.\r\nCafé\r\n"
    path = _write(tmp_path / "minutes.txt", text.encode("cp1252"))
    result = extract(path)
    assert result.format == "text"
    assert result.pages[0].text == text.replace("\r\n", "\n")


def test_utf8_with_bom_and_markdown(tmp_path: Path) -> None:
    path = _write(tmp_path / "notes.md", "# Children’s Services\n".encode("utf-8-sig"))
    assert extract(path).pages[0].text == "# Children’s Services\n"


def test_binary_file_named_txt(tmp_path: Path) -> None:
    path = _write(tmp_path / "blob.txt", b"\x00\x01\x02\xff" * 100)
    assert _reason(path).startswith("not a text file")


def test_whitespace_only_text_is_not_silently_empty(tmp_path: Path) -> None:
    path = _write(tmp_path / "blank.txt", b"  \n\n\t\n")
    assert _reason(path) == "no text could be extracted (scanned or image-only?)"


def test_unsupported_type(tmp_path: Path) -> None:
    reason = _reason(_write(tmp_path / "slides.pptx", b"PK\x03\x04"))
    assert reason.startswith("unsupported file type '.pptx'")
    assert {".txt", ".md", ".html", ".htm", ".pdf", ".docx"} == SUPPORTED_SUFFIXES


# ----------------------------------------------------------------------------- HTML

PANEL_PAGE = """<!DOCTYPE html>
<html><head><title>Panel</title><style>p { color: red }</style>
<script>document.write("tracking")</script></head>
<body>
<header>Council website banner</header>
<nav><ul><li>Home</li><li>Your council</li></ul></nav>
<main>
  <h1>Children's Scrutiny Panel</h1>
  <p>The Panel met on
     3 May 2023.&nbsp;It agreed:</p>
  <ul><li>to note the <b>Ofsted</b> letter;</li><li><p>to ask for an update</p></li></ul>
  <h2>Attendance</h2>
  <table><tr><th>Name</th><th>Role</th></tr><tr><td>J Smith</td><td>Chair</td></tr></table>
  <p>Town Hall<br>Middlesbrough</p>
  <!-- an editor's comment -->
  <noscript>Please enable JavaScript</noscript>
</main>
<footer>Copyright council</footer>
</body></html>"""


def test_html_keeps_structure_and_drops_furniture(tmp_path: Path) -> None:
    path = _write(tmp_path / "panel.htm", PANEL_PAGE.encode())
    result = extract(path)
    assert result.format == "html"
    assert [page.number for page in result.pages] == [1]
    assert result.pages[0].text == (
        "Children's Scrutiny Panel\n\n"
        "The Panel met on 3 May 2023. It agreed:\n\n"
        "- to note the Ofsted letter;\n"
        "- to ask for an update\n\n"
        "Attendance\n\n"
        "Name | Role\n"
        "J Smith | Chair\n\n"
        "Town Hall\nMiddlesbrough"
    )


def test_deeply_nested_html_does_not_recurse(tmp_path: Path) -> None:
    depth = 50_000  # far beyond Python's recursion limit
    path = _write(
        tmp_path / "bomb.html", ("<div>" * depth + "deep text" + "</div>" * depth).encode()
    )
    assert extract(path).pages[0].text == "deep text"


# ----------------------------------------------------------------------------- DOCX


def test_docx_heading_list_and_table(tmp_path: Path) -> None:
    result = extract(make_docx(tmp_path / "report.docx"))
    assert result.format == "docx"
    assert result.pages[0].text == (
        "Report to Corporate Parenting Board\n\n"
        "The purpose of this report is to update members on care leavers.\n\n"
        "- Pathway plans are reviewed every six months\n"
        "- Personal advisers keep in touch\n"
        "- Agree the action plan\n\n"
        "Area | Grade | Date\n"
        "Care leavers | Good | 2023\n\n"
        "Recommendations\n\n"
        "Members are asked to note the report."
    )


def test_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    assert _reason(_write(tmp_path / "old.docx", b"\xd0\xcf\x11\xe0" + b"\x00" * 600)).startswith(
        "not a DOCX"
    )


def test_docx_zip_without_a_document(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    assert _reason(path).startswith("corrupt DOCX")
