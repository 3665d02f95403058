"""Splitting a file's pages into the documents it holds."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from ingest.metadata import read_metadata
from ingest.split import split_documents
from ingest.types import DocumentPart, Page

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEEDS = SHARED / "seeds"
PACK = "001_d38f9cf2e3d5ec77.txt"


def _seed(name: str) -> str:
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"{path} is not here")
    return path.read_text(encoding="utf-8")


def _pdf_pages(relative: str) -> list[Page]:
    pypdfium2 = pytest.importorskip("pypdfium2")
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} is not here")
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return [
            Page(i + 1, pdf[i].get_textpage().get_text_range().replace("\r\n", "\n"))
            for i in range(len(pdf))
        ]
    finally:
        pdf.close()


def _text(part: DocumentPart) -> str:
    return "\n".join(p.text for p in part.pages)


def test_agenda_pack_yields_its_five_documents() -> None:
    parts = split_documents([Page(1, _seed(PACK))])
    metas = [read_metadata(p) for p in parts]
    assert [m.doc_type for m in metas] == [
        "agenda",
        "minutes",
        "report",
        "ofsted_letter",
        "presentation",
    ]
    assert [m.date for m in metas[:4]] == ["2022-09-27", "2022-07-26", "2022-09-19", "2022-08-17"]
    assert [p.index for p in parts] == [0, 1, 2, 3, 4]
    # Each document starts where the pack's furniture says it does.
    assert "A meeting of the Children" in _text(parts[1])[:300]
    assert _text(parts[2]).lstrip().startswith("Agenda Item 4")
    assert "Piccadilly Gate" in _text(parts[3])[:100]
    assert "Yours sincerely" in _text(parts[3])
    assert _text(parts[4]).lstrip().startswith("Middlesbrough Children's Services")


def test_agenda_pack_splits_the_same_after_the_ingest_cleaner() -> None:
    # The pipeline cleans pages before splitting; the cleaner drops letterheads and
    # "intentionally left blank" notes, so the other signals must carry the split.
    clean = pytest.importorskip("ingest.clean")
    parts = split_documents(clean.clean_pages([Page(1, _seed(PACK))]))
    assert [read_metadata(p).doc_type for p in parts] == [
        "agenda",
        "minutes",
        "report",
        "ofsted_letter",
        "presentation",
    ]


def test_parts_keep_page_numbers_and_lose_no_text() -> None:
    lines = _seed(PACK).split("\n")
    pages = [Page(n // 50 + 1, "\n".join(lines[n : n + 50])) for n in range(0, len(lines), 50)]
    parts = split_documents(pages)
    assert len(parts) == 5
    numbers = [[p.number for p in part.pages] for part in parts]
    # Pages only ever go forward, and a page cut by a boundary appears in both parts.
    flat = [n for group in numbers for n in group]
    assert flat == sorted(flat)
    assert any(a[-1] == b[0] for a, b in pairwise(numbers))
    for page in pages:
        pieces = "".join(p.text for part in parts for p in part.pages if p.number == page.number)
        assert pieces.split() == page.text.split()


@pytest.mark.parametrize(
    "name",
    [
        "000_1c2d862c8c7cb7f7.txt",
        "002_c08d7ac487b4a53d.txt",
        "003_757fb8544fac9f49.txt",
        "004_5767d3ec12700f9b.txt",
    ],
)
def test_single_document_files_are_one_part(name: str) -> None:
    text = _seed(name)
    parts = split_documents([Page(1, text)])
    assert len(parts) == 1
    assert parts[0].pages == [Page(1, text)]


@pytest.mark.parametrize(
    "relative",
    [
        "ofsted-letters/80523_middlesbrough/children's services focused visit - 21 may 2019.pdf",
        "ofsted-letters/2637539_north northamptonshire/"
        "children's services focused visit - 31 october 2024.pdf",
        "ofsted-reports/80523_middlesbrough/children's services inspection - 24 january 2020.pdf",
        "ofsted-reports/80419_isle of wight/children's services inspection - 19 november 2014.pdf",
    ],
)
def test_ofsted_pdfs_are_always_one_part(relative: str) -> None:
    pages = _pdf_pages(relative)
    parts = split_documents(pages)
    assert len(parts) == 1
    assert [p.number for p in parts[0].pages] == [p.number for p in pages]


def test_council_report_then_ofsted_letter_then_slides() -> None:
    report = _seed("003_757fb8544fac9f49.txt")
    letter = _pdf_pages(
        "ofsted-letters/80469_gateshead/children's services focused visit - 27 october 2021.pdf"
    )
    slides = _seed(PACK).split("This page is intentionally left blank")[1]
    pages = [Page(1, report), *[Page(p.number + 1, p.text) for p in letter], Page(9, slides)]
    metas = [read_metadata(p) for p in split_documents(pages)]
    assert [m.doc_type for m in metas] == ["report", "ofsted_letter", "presentation"]
    assert [m.council for m in metas] == ["Gateshead", "Gateshead", "Middlesbrough"]


def test_council_report_then_ofsted_report() -> None:
    report = _seed("003_757fb8544fac9f49.txt")
    inspection = _pdf_pages(
        "ofsted-reports/80523_middlesbrough/children's services inspection - 24 january 2020.pdf"
    )
    pages = [Page(1, report), *[Page(p.number + 1, p.text) for p in inspection]]
    parts = split_documents(pages)
    metas = [read_metadata(p) for p in parts]
    assert [m.doc_type for m in metas] == ["report", "ofsted_report"]
    assert metas[1].visit_start == "2019-11-25"


def test_minutes_of_several_meetings_split_at_each_heading() -> None:
    first = (
        "CORPORATE PARENTING BOARD\n\n"
        "A meeting of the Corporate Parenting Board was held on 3 March 2021.\n\n"
        "PRESENT: Councillor Smith (Chair).\n\n" + "The Board noted the report. " * 20 + "\n"
    )
    second = (
        "CORPORATE PARENTING BOARD\n\n"
        "A meeting of the Corporate Parenting Board was held on 7 April 2021.\n\n"
        "PRESENT: Councillor Jones (Chair).\n\n" + "AGREED that the update be noted. " * 20
    )
    parts = split_documents([Page(1, first + "\n" + second)])
    metas = [read_metadata(p) for p in parts]
    assert [m.meeting_date for m in metas] == ["2021-03-03", "2021-04-07"]
    assert {m.committee for m in metas} == {"Corporate Parenting Board"}


def test_a_sentence_about_an_earlier_meeting_is_no_boundary() -> None:
    text = (
        "CORPORATE PARENTING BOARD\n\n"
        "A meeting of the Corporate Parenting Board was held on 3 March 2021.\n\n"
        + "The Board noted the report. " * 20
        + "\n\nThe last meeting of the Board was held on 3 February 2021 and discussed housing. "
        + "More discussion followed. " * 30
    )
    assert len(split_documents([Page(1, text)])) == 1


def test_web_page_minutes_of_several_items_stay_one_document() -> None:
    item = (
        "Agenda item\n\n{title}\n\nMinutes:\n\nThe Panel considered the update. "
        + "Members asked about caseloads and staffing. " * 8
        + "\n\nAGREED that the information be noted.\n\n"
    )
    text = "".join(item.format(title=t) for t in ("Apologies", "Ofsted update", "Work plan"))
    assert len(split_documents([Page(1, text)])) == 1


def test_no_pages_no_parts() -> None:
    assert split_documents([]) == []
