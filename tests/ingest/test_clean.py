"""Cleaning: each artefact on short snippets modelled on the seeds and the Ofsted PDFs, then real
files, where no word of content may be lost."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from ingest.clean import clean_pages
from ingest.extract import extract
from ingest.types import Page

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
DORSET_REPORT = (
    SHARED / "ofsted-reports/2532283_dorset/children's services inspection - 09 may 2025.pdf"
)


def clean(text: str) -> str:
    return clean_pages([Page(1, text)])[0].text


def clean_many(*texts: str) -> list[str]:
    pages = [Page(number, text) for number, text in enumerate(texts, start=1)]
    return [page.text for page in clean_pages(pages)]


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


# ----------------------------------------------------------------------------- page furniture


def test_page_number_lines_go() -> None:
    text = "Positives\n\n28\n\n- 3 -\n\nPage 4\n\nPage 5 of 20\n\nThe Board met."
    assert clean(text) == "Positives\n\nThe Board met."


def test_page_stamps_and_their_stubs_go() -> None:
    text = (
        "- Stronger and wider partnerships in the MACH ₽age\n"
        "- The legacy of poor practice means a monthly panel was introduced.\n"
        "- e 31\n"
        "Next Steps"
    )
    assert clean(text) == (
        "- Stronger and wider partnerships in the MACH\n"
        "- The legacy of poor practice means a monthly panel was introduced.\n\n"
        "Next Steps"
    )


def test_page_footer_glued_to_a_line_goes_but_a_page_reference_stays() -> None:
    assert clean("- Access to £40 grant to purchase groceries Page 18") == (
        "- Access to £40 grant to purchase groceries"
    )
    assert clean("The figures are set out on Page 18") == "The figures are set out on Page 18"


def test_blank_page_note_goes() -> None:
    assert clean(
        "Louise Hollick Her Majesty's Inspector This page is intentionally left blank"
    ) == ("Louise Hollick Her Majesty's Inspector")


def test_running_headers_and_footers_go_by_frequency() -> None:
    body = [
        "Children receive help at the earliest point.",
        "Strategy meetings are well attended by partner agencies.",
        "Care leavers are helped to understand their plans.",
        "Leaders know their services well.",
    ]
    pages = [
        f"Inspection of Anyshire local authority children’s services\n"
        f"17 to 21 March 2025 {number}\n{sentence}\nCouncil Report {number} of 4"
        for number, sentence in enumerate(body, start=1)
    ]
    assert clean_many(*pages) == body


def test_lines_repeated_in_the_body_are_not_headers() -> None:
    agreed = "The Panel agreed to note the report."  # a sentence, even at a page edge
    pages = []
    for number, place in enumerate([0, 9, 4], start=1):
        lines = [f"Paragraph {number}.{i} of the minutes goes on." for i in range(10)]
        lines[5] = "Recommendations"  # a repeated heading mid-page
        lines.insert(place, agreed)
        pages.append("\n".join(lines))
    cleaned = clean_many(*pages)
    assert all(agreed in page and "Recommendations" in page for page in cleaned)


def test_two_page_files_keep_repeated_lines() -> None:
    assert clean_many("Dear Sue\n\nFirst page.", "Dear Sue\n\nSecond page.") == [
        "Dear Sue\n\nFirst page.",
        "Dear Sue\n\nSecond page.",
    ]


def test_letterhead_goes_but_recipient_address_stays() -> None:
    text = (
        "31 January 2022\nAmanda Amesbury\nDirector of Children’s Services\n1 Times Square\n"
        "Warrington\nWA1 2NT\nDear Amanda\n"
        "There has been a very high rate of infection and a recognition of the impact of\n"
        "Ofsted\nPiccadilly Gate\nStore Street\nManchester\nM1 2WD\nT 0300 123 1231\n"
        "Textphone 0161 618 8524\nenquiries@ofsted.gov.uk\nwww.gov.uk/ofsted"
    )
    cleaned = clean(text)
    assert "1 Times Square\nWarrington\nWA1 2NT" in cleaned
    assert "impact of" in cleaned
    for gone in ("Piccadilly", "M1 2WD", "0300", "Textphone", "enquiries@", "www.gov.uk"):
        assert gone not in cleaned


def test_labelled_letterhead_at_the_end_of_a_report_goes() -> None:
    text = (
        "To receive regular email alerts about new publications please visit our website.\n"
        "Piccadilly Gate\nStore St\nManchester\nM1 2WD\nT: 0300 123 4234\n"
        "Textphone: 0161 618 8524\nE: enquiries@ofsted.gov.uk\nW: www.ofsted.gov.uk\n"
        "© Crown copyright 2014"
    )
    assert clean(text) == (
        "To receive regular email alerts about new publications please visit our website.\n\n"
        "© Crown copyright 2014"
    )


def test_one_line_letterhead_from_a_web_page_goes() -> None:
    text = (
        "Recent access to a housing support grant\n\n"
        "Ofsted Piccadilly Gate Store Street Manchester M1 2WD\n\n"
        "T 0300 123 1231 Textphone 0161 618 8524 enquiries@ofsted.gov.uk www.gov.uk/ofsted\n\n"
        "17 August 2022"
    )
    assert clean(text) == "Recent access to a housing support grant\n\n17 August 2022"


def test_contact_details_in_a_sentence_stay() -> None:
    text = "Please contact Joanne Dixon, 01642 729713, joanne_dixon@middlesbrough.gov.uk"
    assert clean(text) == text


# ----------------------------------------------------------------------------- URLs


def test_broken_url_fragments_go() -> None:
    text = (
        "- any 'Staying Put' arrangements.\n\n"
        "Middlesbrougageildzenmatter.co.uk\n\n"
        "rough Middlesbroug Redgedrenmatter.co.uk\n\n"
        "https:// www.\n\n"
        "Local Offer for Care Leavers"
    )
    assert clean(text) == "- any 'Staying Put' arrangements.\n\nLocal Offer for Care Leavers"


def test_sentences_with_urls_and_whole_urls_stay() -> None:
    sentence = "The report is available at https://www.gateshead.gov.uk/article/123 for members."
    assert clean(sentence) == sentence
    assert clean("www.middlesbrough.gov.uk/children") == "www.middlesbrough.gov.uk/children"


# ----------------------------------------------------------------------------- characters


def test_soft_hyphens_go_and_rejoin_words() -> None:
    assert clean("safe\u00adguarding and deci\u00ad\nsion-making") == (
        "safeguarding and decision-making"
    )


def test_entities_tags_and_emphasis_become_text() -> None:
    text = "<u>MEMBERSHIP</u>\n\nThe Chair&nbsp;thanked officers &amp; **Corporate Parenting**"
    assert clean(text) == "MEMBERSHIP\n\nThe Chair thanked officers & Corporate Parenting"


def test_pdfium_hyphen_marks_become_hyphens() -> None:
    assert clean("better-informed decision\ufffemaking") == "better-informed decision-making"


def test_runs_of_spaces_and_blank_lines_collapse() -> None:
    text = "The  Panel\u00a0\u00a0 was   advised.\n\n\n\n\nIt agreed.\r\n\r\n\r\nIt ended."
    assert clean(text) == "The Panel was advised.\n\nIt agreed.\n\nIt ended."


# ----------------------------------------------------------------------------- bullets


@pytest.mark.parametrize(
    "glyph",
    ["·\u00a0\u00a0\u00a0\u00a0 ", "◼ ", "• ", "▪ ", "\uf0b7 ", "\uf06e ", "\uf0a7 ", "− ", "- "],
)
def test_bullet_glyphs_become_hyphen_items(glyph: str) -> None:
    text = f"The issues identified included:-\n{glyph}Regular contact was maintained."
    assert clean(text) == "The issues identified included:-\n- Regular contact was maintained."


def test_o_is_a_sub_bullet_only_in_a_list() -> None:
    text = "The Pathway Plan should include:\no health needs\no education plans"
    assert clean(text) == "The Pathway Plan should include:\n- health needs\n- education plans"
    assert clean("o\u00a0\u00a0\u00a0Support with removal costs") == "- Support with removal costs"


def test_dash_that_wraps_a_sentence_is_not_a_bullet() -> None:
    text = (
        "Two agencies have not yet submitted their section 11 reports to the board this year\n"
        "– Adult Services and the prison. The Board has challenged these bodies."
    )
    assert clean(text) == (
        "Two agencies have not yet submitted their section 11 reports to the board this year "
        "– Adult Services and the prison. The Board has challenged these bodies."
    )


def test_dash_items_after_a_lead_in_are_bullets() -> None:
    text = (
        "The proportion of children entitled to free school meals:\n"
        "– in primary schools is 16% (the national average is 17%)\n"
        "– in secondary schools is 12% (the national average is 15%)."
    )
    assert clean(text).splitlines()[1:] == [
        "- in primary schools is 16% (the national average is 17%)",
        "- in secondary schools is 12% (the national average is 15%).",
    ]


def test_lone_bullet_glyph_goes() -> None:
    assert clean("Last item.\n\uf0a7 \nNext paragraph.") == "Last item.\n\nNext paragraph."


# ----------------------------------------------------------------------------- unwrapping

WRAPPED_LETTER = """Headline findings
The local authority continues to provide an effective and well-coordinated multi-
agency response at the front door for children and young people. When children are
at risk of harm, their needs are recognised in a timely way. Her Majesty’s Inspectors were
Lorna Schlechte and Lisa Walsh.
What needs to improve in this area of social work practice?
◼ Capturing the voice of the child in case records, so that their wishes and feelings
are clearly expressed and inform future planning.
◼ The recording of decision-making at child protection conferences.
3. Background
12. Children referred to the front door receive a timely and effective response from
the duty team."""


def test_hard_wrapped_lines_become_paragraphs_and_items() -> None:
    assert clean(WRAPPED_LETTER).split("\n\n") == [
        "Headline findings",
        "The local authority continues to provide an effective and well-coordinated "
        "multi-agency response at the front door for children and young people. When children "
        "are at risk of harm, their needs are recognised in a timely way. Her Majesty’s "
        "Inspectors were Lorna Schlechte and Lisa Walsh.",
        "What needs to improve in this area of social work practice?",
        "- Capturing the voice of the child in case records, so that their wishes and feelings "
        "are clearly expressed and inform future planning.\n"
        "- The recording of decision-making at child protection conferences.",
        "3. Background",
        "12. Children referred to the front door receive a timely and effective response from "
        "the duty team.",
    ]


def test_headings_in_capitals_and_title_case_keep_their_own_lines() -> None:
    text = (
        "The Panel noted the update and thanked officers for the information they had provided\n"
        "AREAS FOR IMPROVEMENT\n"
        "Transition planning for some children had not been as effective as it should.\n"
        "Next Steps\n"
        "An action plan was being developed."
    )
    assert clean(text).split("\n\n") == [
        "The Panel noted the update and thanked officers for the information they had provided",
        "AREAS FOR IMPROVEMENT",
        "Transition planning for some children had not been as effective as it should.",
        "Next Steps",
        "An action plan was being developed.",
    ]


def test_pages_keep_their_numbers_and_count() -> None:
    pages = [Page(3, "Page 3\nText on page three."), Page(4, "4"), Page(5, "More text.")]
    cleaned = clean_pages(pages)
    assert [(page.number, page.text) for page in cleaned] == [
        (3, "Text on page three."),
        (4, ""),
        (5, "More text."),
    ]


# ----------------------------------------------------------------------------- real files

_SEED_ARTEFACT_LINE = [
    re.compile(r"^\W*\d{1,3}\W*$"),  # page number
    re.compile(r"^\W*(?:Page|₽age|e)\s*\d+\W*$"),  # page stamp or its stub
    re.compile(r"^\S*\.co\.uk$|^\w+ \S+\.co\.uk$|^\w+ \w+ \S+\.co\.uk$"),  # slide footer debris
    re.compile(r"M1 2WD$|^T 0300"),  # Ofsted letterhead
]
_SEED_ARTEFACT_TEXT = re.compile(
    r"₽age\b|\s+Page \d+$|This page is intentionally left blank|<u>|</u>|\*\*"
)


def _content_lines(raw: str) -> list[str]:
    """The seed's lines less those the test itself recognises as artefacts."""
    kept = []
    for line in raw.splitlines():
        line = _SEED_ARTEFACT_TEXT.sub("", line.strip("\u00a0 \t·-"))
        if line.strip() and not any(p.search(line.strip()) for p in _SEED_ARTEFACT_LINE):
            kept.append(line)
    return kept


@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.name)
def test_cleaning_a_seed_loses_no_sentence(seed: Path) -> None:
    raw = seed.read_text(encoding="utf-8")
    cleaned = clean(raw)
    cleaned_words = " ".join(words(cleaned))
    for line in _content_lines(raw):
        assert " ".join(words(line)) in cleaned_words, line
    # and nothing is invented: every cleaned word was in the raw text
    assert not Counter(words(cleaned)) - Counter(words(raw))


def test_seed_artefacts_are_gone() -> None:
    if not SEEDS:
        pytest.skip("shared seeds are not available")
    raw = "\n".join(seed.read_text(encoding="utf-8") for seed in SEEDS)
    assert "₽age" in raw and "matter.co.uk" in raw and "\u00a0" in raw  # the test means something
    cleaned = "\n".join(clean(seed.read_text(encoding="utf-8")) for seed in SEEDS)
    for artefact in ("₽age", "matter.co.uk", "\u00a0", "·", "\n\n\n", "  ", "Piccadilly Gate"):
        assert artefact not in cleaned, artefact
    assert not re.search(r"^(?:\d{1,3}|Page \d+|e \d+)$", cleaned, re.MULTILINE)


def test_cleaning_is_stable_when_repeated() -> None:
    if not SEEDS:
        pytest.skip("shared seeds are not available")
    once = clean(SEEDS[1].read_text(encoding="utf-8"))
    assert clean(once) == once


def test_real_ofsted_report_loses_running_headers_not_text() -> None:
    if not DORSET_REPORT.exists():
        pytest.skip("shared Ofsted reports are not available")
    raw = extract(DORSET_REPORT).pages
    cleaned = clean_pages(raw)
    header = "Inspection of Dorset local authority children’s services"
    assert "Inspection of Dorset local authority" in cleaned[0].text  # the title stays
    assert all(header not in page.text for page in cleaned[1:])
    assert all(not re.search(r"^\d+ to \d+ March 2025 \d+$", p.text, re.M) for p in cleaned)
    lost = Counter(words("\n".join(p.text for p in raw))) - Counter(
        words("\n".join(p.text for p in cleaned))
    )
    # only header words, page numbers and the letterhead may go
    allowed = (
        set(words(header))
        | {"to", "march", "2025", "17", "21"}
        | set(
            words(
                "Piccadilly Gate Store Street Manchester M1 2WD T 0300 123 1231 Textphone 0161 "
                "618 8524 E enquiries ofsted gov uk W www"
            )
        )
    )
    assert {word for word in lost if not word.isdigit()} <= allowed
