"""Document metadata: dates, council, doc type, Ofsted visit facts, grades."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import pytest

from ingest.metadata import read_metadata, read_text_metadata
from ingest.metadata.doctype import classify
from ingest.split import split_documents
from ingest.types import DocumentPart, Page
from kb.dates import find_date_ranges, find_dates, parse_date, parse_date_range
from kb.search.records import ReadMeta

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
D = date


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17 August 2022", D(2022, 8, 17)),
        ("Date: Tuesday 27th September, 2022 Time: 10.30 am", D(2022, 9, 27)),
        ("report dated 17th of August 2022", D(2022, 8, 17)),
        ("August 17, 2022", D(2022, 8, 17)),
        ("published on 15.07.2021.", D(2021, 7, 15)),
        ("15/07/2021", D(2021, 7, 15)),
        ("2022-07-15", D(2022, 7, 15)),
        ("3 Sept. 2021", D(2021, 9, 3)),
        ("no date here, only July 2022", None),
        ("31 February 2022", None),
    ],
)
def test_parse_date(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 and 2 November 2022", (D(2022, 11, 1), D(2022, 11, 2))),
        ("carried out 1-2 November 2022.", (D(2022, 11, 1), D(2022, 11, 2))),
        ("13-14 July 2022", (D(2022, 7, 13), D(2022, 7, 14))),
        ("13–14 July 2022", (D(2022, 7, 13), D(2022, 7, 14))),
        ("13 to 14 July 2022", (D(2022, 7, 13), D(2022, 7, 14))),
        ("25 November 2019 to 6 December 2019", (D(2019, 11, 25), D(2019, 12, 6))),
        ("16 September 2014 – 8 October 2014", (D(2014, 9, 16), D(2014, 10, 8))),
        ("20 June to 1 July 2022", (D(2022, 6, 20), D(2022, 7, 1))),
        ("18 November – 10 December 2014", (D(2014, 11, 18), D(2014, 12, 10))),
        ("15.07.2021", (D(2021, 7, 15), D(2021, 7, 15))),
        ("12/09/2016 to 06/10/2016", (D(2016, 9, 12), D(2016, 10, 6))),
        ("29 and 30 March 2022", (D(2022, 3, 29), D(2022, 3, 30))),
        ("29 and 30 September, and 1 October 2020", (D(2020, 9, 29), D(2020, 10, 1))),
        ("15, 16 and 21 July 2025", (D(2025, 7, 15), D(2025, 7, 21))),
        ("between 3 and 5 November 2020", (D(2020, 11, 3), D(2020, 11, 5))),
        ("28 December to 3 January 2020", (D(2019, 12, 28), D(2020, 1, 3))),
        (
            "30 September to 11 October 2024 and 13 to 16 January 2025",
            (D(2024, 9, 30), D(2024, 10, 11)),
        ),
        ("on 20 March 2018.", (D(2018, 3, 20), D(2018, 3, 20))),
        ("no dates at all", None),
    ],
)
def test_parse_date_range(text: str, expected: tuple[date, date] | None) -> None:
    assert parse_date_range(text) == expected


def test_yearless_range_takes_default_year() -> None:
    assert parse_date_range("Two days on site 13th/14th July") is None
    assert parse_date_range("Two days on site 13th/14th July", 2022) == (
        D(2022, 7, 13),
        D(2022, 7, 14),
    )


def test_find_dates_and_ranges_report_positions() -> None:
    text = "Held on 26 July 2022; the visit was on 13 and 14 July 2022."
    found = find_dates(text)
    assert [f.value for f in found] == [D(2022, 7, 26), D(2022, 7, 14)]
    assert text[found[0].start : found[0].end] == "26 July 2022"
    ranges = find_date_ranges(text)
    assert [(r.first, r.last) for r in ranges] == [
        (D(2022, 7, 26), D(2022, 7, 26)),
        (D(2022, 7, 13), D(2022, 7, 14)),
    ]


# --- seeds against passage_metadata.jsonl ----------------------------------------------------

_DOC_FIELDS = (
    "council",
    "doc_type",
    "date",
    "visit_type",
    "visit_number",
    "visit_start",
    "visit_end",
)


def _words(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.lower().split())


def _expectations() -> list[dict[str, object]]:
    path = SHARED / "eval" / "passage_metadata.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is not here")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _part_holding(doc: str, quote: str) -> DocumentPart:
    text = (SHARED / "seeds" / doc).read_text(encoding="utf-8")
    parts = split_documents([Page(1, text)])
    holding = [p for p in parts if _words(quote) in _words("\n".join(x.text for x in p.pages))]
    assert len(holding) == 1, f"quote found in {len(holding)} parts: {quote!r}"
    return holding[0]


def test_seed_documents_carry_the_expected_metadata() -> None:
    failures: list[str] = []
    for item in _expectations():
        meta = read_metadata(_part_holding(str(item["doc"]), str(item["quote"])))
        expect = item["expect"]
        assert isinstance(expect, dict)
        for name in _DOC_FIELDS:
            if name in expect and getattr(meta, name) != expect[name]:
                failures.append(
                    f"{item['doc']} {name}: {getattr(meta, name)!r} != {expect[name]!r}"
                )
    assert failures == []


def _seed_meta(name: str) -> ReadMeta:
    path = SHARED / "seeds" / name
    if not path.exists():
        pytest.skip(f"{path} is not here")
    (part,) = split_documents([Page(1, path.read_text(encoding="utf-8"))])
    return read_metadata(part)


def test_minutes_reporting_a_monitoring_visit() -> None:
    meta = _seed_meta("000_1c2d862c8c7cb7f7.txt")
    assert (meta.doc_type, meta.council) == ("minutes", "Middlesbrough")
    assert (meta.visit_type, meta.visit_number) == ("monitoring visit", 6)
    assert (meta.visit_start, meta.visit_end) == ("2022-11-01", "2022-11-02")
    assert meta.title.startswith("Minutes: ")


def test_council_report_on_a_focused_visit() -> None:
    meta = _seed_meta("003_757fb8544fac9f49.txt")
    assert (meta.doc_type, meta.council, meta.visit_type) == (
        "report",
        "Gateshead",
        "focused visit",
    )
    assert (meta.visit_start, meta.visit_end) == ("2018-03-20", "2018-03-21")
    assert meta.title == "Ofsted Focussed Visit - Care Leavers"


def test_publication_date_is_not_a_visit_date() -> None:
    meta = _seed_meta("004_5767d3ec12700f9b.txt")
    assert (meta.doc_type, meta.visit_type) == ("minutes", "focused visit")
    assert meta.visit_start is None


# --- texts written for these tests (no seed wording) -----------------------------------------


def test_unseen_minutes_with_a_committee_and_a_visit() -> None:
    text = (
        "SUNDERLAND CITY COUNCIL\n\nCHILDREN, EDUCATION AND SKILLS SCRUTINY COMMITTEE\n\n"
        "A meeting of the Children, Education and Skills Scrutiny Committee was held on "
        "Thursday 9 March 2023 at 5.30pm.\n\nPRESENT: Councillor Ahmed (Chair).\n\n"
        "OFSTED MONITORING VISIT\n\nThe Director reported that Ofsted had carried out its "
        "3rd monitoring visit on 7 and 8 February 2023, looking at the front door.\n\n"
        "RESOLVED that the report be noted.\n"
    )
    meta = read_text_metadata(text)
    assert meta.doc_type == "minutes"
    assert meta.council == "Sunderland"
    assert meta.committee == "Children, Education and Skills Scrutiny Committee"
    assert (meta.meeting_date, meta.date) == ("2023-03-09", "2023-03-09")
    assert (meta.visit_type, meta.visit_number) == ("monitoring visit", 3)
    assert (meta.visit_start, meta.visit_end) == ("2023-02-07", "2023-02-08")
    assert meta.title == (
        "Minutes: Children, Education and Skills Scrutiny Committee, 9 March 2023"
    )


def test_unseen_report_header() -> None:
    text = (
        "Agenda Item 6\n\nREPORT TO: Cabinet\n\nDate: 14 June 2023\n\n"
        "Subject: Ofsted Focused Visit to Children's Services\n\n"
        "Report of: Director of Children's Services\n\n"
        "1. Purpose of the report\n\nTo inform Cabinet of the outcome of the focused visit "
        "undertaken by Ofsted on 25 and 26 April 2023. Contact: jo.bloggs@wigan.gov.uk\n\n"
        "2. Recommendations\n\nIt is recommended that Cabinet notes the letter.\n"
    )
    meta = read_text_metadata(text)
    assert (meta.doc_type, meta.council, meta.date) == ("report", "Wigan", "2023-06-14")
    assert meta.title == "Ofsted Focused Visit to Children's Services"
    assert (meta.visit_type, meta.visit_start) == ("focused visit", "2023-04-25")


def test_unnamed_inspection_type_comes_from_its_length() -> None:
    text = (
        "Agenda Item 5\n\nREPORT TO: Children's Scrutiny Panel\n\nDate: 3 February 2020\n\n"
        "Subject: Outcome of the Ofsted inspection\n\n1. Purpose of the report\n\nOfsted "
        "carried out a full inspection of Hartlepool's children's services under the ILACS "
        "framework from 25 November to 6 December 2019. The report was published on 24 "
        "January 2020.\n\n2. Recommendations\n\nIt is recommended that the Panel notes it.\n"
    )
    meta = read_text_metadata(text)
    assert (meta.doc_type, meta.council, meta.date) == ("report", "Hartlepool", "2020-02-03")
    assert (meta.visit_type, meta.visit_start, meta.visit_end) == (
        "standard inspection",
        "2019-11-25",
        "2019-12-06",
    )
    one_week = text.replace("25 November to 6 December 2019", "2 to 6 December 2019")
    assert read_text_metadata(one_week).visit_type == "short inspection"


def test_unseen_slides() -> None:
    text = "\n".join(
        [
            "Children's Services Improvement",
            "Ofsted Focused Visit March 2024",
            "Headlines",
            "- Two days on site 5th/6th March",
            "- Front door decision-making",
            "- Strengths",
            "- Timely strategy meetings",
            "- Stable workforce",
            "- Areas to develop",
            "- Quality of plans",
            "- Supervision",
            "Next steps",
        ]
    )
    meta = read_text_metadata(text)
    assert meta.doc_type == "presentation"
    assert (meta.visit_type, meta.visit_start, meta.visit_end) == (
        "focused visit",
        "2024-03-05",
        "2024-03-06",
    )


def test_agenda_front_sheet() -> None:
    text = (
        "CORPORATE PARENTING BOARD\n\nDate: Monday 4th December, 2023 Time: 2.00 pm "
        "Venue: Council Chamber\n\nAGENDA\n\n1. Apologies for Absence\n\n"
        "2. Declarations of Interest\n\n3. Ofsted focused visit - verbal update\n"
    )
    meta = read_text_metadata(text)
    assert (meta.doc_type, meta.meeting_date) == ("agenda", "2023-12-04")
    assert meta.committee == "Corporate Parenting Board"


def test_classify_ofsted_openings() -> None:
    letter = "Dear Ms Smith\nThis letter summarises the findings of the focused visit to X."
    report = (
        "Inspection of Barnsley local authority children’s services\n"
        "Inspection dates: 11 to 15 September 2023\nLead inspector: A B"
    )
    assert classify(letter) == "ofsted_letter"
    assert classify(report) == "ofsted_report"


# --- real Ofsted letters and reports ----------------------------------------------------------


def _pdf_meta(relative: str) -> ReadMeta:
    pypdfium2 = pytest.importorskip("pypdfium2")
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} is not here")
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        pages = [
            Page(i + 1, pdf[i].get_textpage().get_text_range().replace("\ufffe", "-"))
            for i in range(len(pdf))
        ]
    finally:
        pdf.close()
    (part,) = split_documents(pages)
    return read_metadata(part)


def _file_date(relative: str) -> str | None:
    m = re.search(r"- (\d{1,2} \w+ \d{4})\.pdf$", relative)
    found = parse_date(m.group(1)) if m else None
    return found.isoformat() if found else None


@pytest.mark.parametrize(
    ("relative", "council", "start", "end", "inspectors"),
    [
        (
            "ofsted-letters/2532283_dorset/children's services focused visit - 22 june 2023.pdf",
            "Dorset",
            "2023-05-17",
            "2023-05-18",
            ["Tracey Ledder", "Joy Howick"],
        ),
        (
            "ofsted-letters/80443_bury/children's services focused visit - 13 november 2020.pdf",
            "Bury",
            "2020-09-29",
            "2020-10-01",
            None,
        ),
        (
            "ofsted-letters/80477_kingston upon hull/"
            "children's services focused visit - 28 august 2025.pdf",
            "Kingston upon Hull",
            "2025-07-15",
            "2025-07-21",
            ["Christine Kennet", "Sally Sinclair"],
        ),
        (
            "ofsted-letters/2637539_north northamptonshire/"
            "children's services focused visit - 31 october 2024.pdf",
            "North Northamptonshire",
            "2024-10-01",
            "2024-10-02",
            ["Jenny-ellen Scotland", "Russel Breyer"],
        ),
        (
            "ofsted-letters/80523_middlesbrough/"
            "children's services focused visit - 21 may 2019.pdf",
            "Middlesbrough",
            "2019-04-25",
            "2019-04-26",
            ["Matt Reed", "Rachel Holden"],
        ),
    ],
)
def test_real_focused_visit_letters(
    relative: str, council: str, start: str, end: str, inspectors: list[str] | None
) -> None:
    meta = _pdf_meta(relative)
    assert (meta.doc_type, meta.visit_type, meta.council) == (
        "ofsted_letter",
        "focused visit",
        council,
    )
    assert meta.date == _file_date(relative)
    assert (meta.visit_start, meta.visit_end) == (start, end)
    if inspectors:
        assert meta.inspectors == inspectors
    assert meta.title.startswith("Ofsted focused visit letter, ")


def test_letter_dated_before_its_visit_has_a_mistyped_year() -> None:
    # The letter prints "21 January 2019" for a visit on 18 and 19 December 2019.
    meta = _pdf_meta(
        "ofsted-letters/80464_dudley/children's services focused visit - 21 january 2020.pdf"
    )
    assert (meta.visit_start, meta.date) == ("2019-12-18", "2020-01-21")


def _gold(relative: str) -> dict[str, str]:
    index = SHARED / "ofsted-reports" / "index.csv"
    if not index.exists():
        pytest.skip(f"{index} is not here")
    with index.open(newline="", encoding="utf-8") as fh:
        rows = {row["path"]: row for row in csv.DictReader(fh)}
    return rows[relative.removeprefix("ofsted-reports/")]


def _gold_iso(raw: str) -> str:
    day, month, year = raw.split("/")
    return f"{year}-{month}-{day}"


@pytest.mark.parametrize(
    "relative",
    [
        "ofsted-reports/80523_middlesbrough/children's services inspection - 24 january 2020.pdf",
        "ofsted-reports/2532283_dorset/children's services inspection - 09 may 2025.pdf",
        "ofsted-reports/80469_gateshead/children's services inspection - 11 june 2019.pdf",
        "ofsted-reports/2637539_north northamptonshire/"
        "children's services inspection - 07 july 2026.pdf",
        "ofsted-reports/80458_darlington/children's services inspection - 24 march 2026.pdf",
    ],
)
def test_real_ilacs_reports_match_the_gold(relative: str) -> None:
    gold = _gold(relative)
    meta = _pdf_meta(relative)
    assert meta.doc_type == "ofsted_report"
    assert meta.date is None  # ILACS reports print no publication date
    assert meta.visit_type == f"{gold['inspection_framework']} inspection"
    assert meta.visit_start == _gold_iso(gold["inspection_start_date"])
    assert meta.visit_end == _gold_iso(gold["inspection_end_date"])
    assert meta.inspectors[:1] == [gold["inspector_name"]]
    for column, key in (
        ("overall_effectiveness_grade", "overall_effectiveness"),
        ("impact_of_leaders_grade", "impact_of_leaders"),
        ("help_and_protection_grade", "help_and_protection"),
        ("in_care_grade", "in_care"),
        ("care_leavers_grade", "care_leavers"),
    ):
        if gold[column] in ("outstanding", "good", "requires improvement", "inadequate"):
            assert meta.grades.get(key) == gold[column], key


def test_real_sif_report() -> None:
    meta = _pdf_meta(
        "ofsted-reports/80419_isle of wight/children's services inspection - 19 november 2014.pdf"
    )
    assert (meta.doc_type, meta.visit_type, meta.council) == (
        "ofsted_report",
        "SIF inspection",
        "Isle of Wight",
    )
    assert (meta.visit_start, meta.visit_end, meta.date) == (
        "2014-09-16",
        "2014-10-08",
        "2014-11-19",
    )
    assert meta.grades == {
        "overall_effectiveness": "requires improvement",
        "help_and_protection": "requires improvement",
        "in_care": "requires improvement",
        "adoption_performance": "requires improvement",
        "care_leavers": "requires improvement",
        "leadership_management_governance": "requires improvement",
        "lscb": "requires improvement",
    }
