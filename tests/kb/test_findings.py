"""Findings cut from stance-marked sentences: text, themes, source kind and visit links.

`add_doc` is the builder the comparison, timeline, export and API tests share: it writes one
document with stance-marked sentences into a real (fake-embedder) knowledge base."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from api.urls import SITE
from kb.reports.findings import (
    SOURCE_COUNCIL,
    SOURCE_COUNCIL_REPORT,
    SOURCE_OFSTED,
    dedupe,
    newest_first,
)
from kb.reports.passage_findings import (
    FindingSource,
    clean_sentence,
    findings_of,
    is_finding_text,
    sentence_themes,
    source_from_hit,
)
from kb.reports.selection import Period
from kb.reports.visits import VisitIndex, VisitRef
from kb.search.filters import Filters
from kb.search.knowledge import KnowledgeBase
from kb.search.records import DocMeta, Document, Sentence
from kb.vocab.cues import mentions_theme
from tests.utils.factories import AFI, CL, FIN, NEU, STR, make_passage
from tests.utils.factories import write_findings as add_doc


def all_findings(kb: KnowledgeBase) -> list:
    visits = VisitIndex(kb.documents())
    return [
        f for hit in kb.hits_where(Filters()) for f in findings_of(source_from_hit(hit, visits))
    ]


def test_clean_sentence_drops_bullets_numbers_and_line_breaks() -> None:
    assert (
        clean_sentence("·   Pathway plans\n  varied in quality.")
        == "Pathway plans varied in quality."
    )
    assert clean_sentence("12. Ofsted found gaps.") == "Ofsted found gaps."
    assert clean_sentence("◼ (a) the quality of plans") == "the quality of plans"


def test_sentence_themes_narrow_to_the_themes_its_words_name() -> None:
    assert sentence_themes("Pathway plans varied in quality.", [CL, FIN]) == [CL]
    assert sentence_themes("Young people needed more financial support.", [CL, FIN]) == [FIN]
    # Words naming neither theme: the sentence keeps its passage's themes.
    assert sentence_themes("Most plans needed sharper targets.", [CL, FIN]) == [CL, FIN]
    assert sentence_themes("Care leavers lacked financial support.", [CL, FIN]) == [CL, FIN]


def test_cues_follow_taxonomy_conventions() -> None:
    assert mentions_theme("Staff wrote step-down plans.", "early_help")  # space = hyphen
    assert mentions_theme("The personal advisers’ work.", CL)  # plural, curly apostrophe
    assert mentions_theme("Children with SEND were seen.", "send_and_disability")
    assert not mentions_theme("Staff send letters on time.", "send_and_disability")


def test_findings_are_non_neutral_sentences_with_citations(fake_kb: KnowledgeBase) -> None:
    add_doc(
        fake_kb,
        "/x/letter.pdf",
        [
            (
                "What needs to improve",
                [CL, FIN],
                [
                    ("Pathway plans were of poor quality.", AFI),
                    ("Inspectors met staff.", NEU),
                    ("Care leavers are well supported by personal advisers.", STR),
                    ("Plans.", AFI),  # a label, not a finding
                ],
            )
        ],
        visit_type="focused visit",
        visit_start="2018-03-20",
    )
    found = all_findings(fake_kb)
    assert [(f.text, f.stance) for f in found] == [
        ("Pathway plans were of poor quality.", AFI),
        ("Care leavers are well supported by personal advisers.", STR),
    ]
    first = found[0]
    assert first.themes == [CL] and first.source_kind == SOURCE_OFSTED
    assert (
        first.link(SITE) == f"/passages/{first.citation.passage_id}?mark={first.start}-{first.end}"
    )
    assert first.citation.page == 1 and first.citation.date == "2018-05-09"
    assert first.visit == VisitRef("Gateshead", "focused visit", None, "2018-03-20", None)
    passage = fake_kb.passages_of(first.citation.document_id)[0]
    assert "Pathway plans were of poor quality." in passage.text[first.start : first.end]


def _letter(kb: KnowledgeBase, **meta: Any) -> Document:
    return add_doc(
        kb,
        "/x/mv.pdf",
        [("Findings", [CL], [("Pathway plans varied in quality.", AFI)])],
        council="Middlesbrough",
        date="2022-12-05",
        visit_type="monitoring visit",
        visit_number=6,
        visit_start="2022-11-01",
        visit_end="2022-11-02",
        **meta,
    )


def _minutes(kb: KnowledgeBase, name: str, date: str, **meta: Any) -> Document:
    return add_doc(
        kb,
        f"/x/{name}.txt",
        [("Ofsted", [CL], [(f"Pathway plans in {name} varied in quality.", AFI)])],
        council="Middlesbrough",
        doc_type="minutes",
        date=date,
        **meta,
    )


def test_council_documents_link_to_the_visit_they_discuss(fake_kb: KnowledgeBase) -> None:
    letter = _letter(fake_kb)
    by_date = _minutes(
        fake_kb, "a", "2022-12-13", visit_type="monitoring visit", visit_start="2022-11-02"
    )
    by_number = _minutes(fake_kb, "b", "2023-01-10", visit_type="monitoring visit", visit_number=6)
    by_month = _minutes(
        fake_kb, "c", "2023-01-10", visit_type="monitoring visit", visit_start="2022-11-01"
    )
    by_kind = _minutes(fake_kb, "d", "2023-02-01", visit_type="monitoring visit")
    too_early = _minutes(fake_kb, "e", "2022-06-01", visit_type="monitoring visit", visit_number=6)
    other = _minutes(
        fake_kb, "f", "2022-06-01", visit_type="monitoring visit", visit_start="2022-03-29"
    )
    plain = _minutes(fake_kb, "g", "2022-06-01")
    index = VisitIndex(fake_kb.documents())
    ofsted_visit = index.link(letter)
    assert ofsted_visit is not None and ofsted_visit.visit_number == 6
    for linked in (by_date, by_number, by_month, by_kind):
        assert index.link(linked) == ofsted_visit, linked.source
    assert index.link(too_early) != ofsted_visit
    assert index.link(other) == VisitRef("Middlesbrough", "monitoring visit", None, "2022-03-29")
    assert index.link(plain) is None

    kinds = {f.citation.document_id: f.source_kind for f in all_findings(fake_kb)}
    assert kinds[letter.id] == SOURCE_OFSTED
    assert kinds[by_date.id] == SOURCE_COUNCIL_REPORT
    assert kinds[plain.id] == SOURCE_COUNCIL


def test_dedupe_keeps_ofsted_wording_and_orders_newest_first(fake_kb: KnowledgeBase) -> None:
    _letter(fake_kb)
    add_doc(
        fake_kb,
        "/x/pack.txt",
        [
            (
                "Letter",
                [CL],
                [("Pathway plans varied in quality.", AFI), ("Visits are regular.", STR)],
            )
        ],
        council="Middlesbrough",
        doc_type="agenda",
        date="2023-01-10",
    )
    kept = dedupe(all_findings(fake_kb))
    assert [(f.text, f.source_kind) for f in kept] == [
        ("Visits are regular.", SOURCE_COUNCIL),
        ("Pathway plans varied in quality.", SOURCE_OFSTED),
    ]
    assert newest_first(kept) == kept


def test_lead_ins_and_labels_are_not_findings() -> None:
    assert not is_finding_text("Plans need to:")
    assert not is_finding_text("Family time:-")
    assert not is_finding_text("Supervision.")
    assert is_finding_text("Contingency planning is weak.")


def test_period_places_undated_reports_by_their_visit() -> None:
    undated = DocMeta(source="r.pdf", title="R", doc_type="ofsted_report")
    visit = replace(undated, visit_start="2019-11-25", visit_end="2019-12-06")
    assert visit.effective_date == "2019-12-06"
    assert replace(visit, date="2020-01-24").effective_date == "2020-01-24"
    assert replace(undated, meeting_date="2019-03-04").effective_date == "2019-03-04"
    period = Period("2019-01-01", "2019-12-31")
    assert period.contains("2019-12-06") and not period.contains("2020-01-24")
    assert not period.contains(None) and Period().contains(None)


def test_undated_report_sorts_by_its_inspection_dates(fake_kb: KnowledgeBase) -> None:
    add_doc(
        fake_kb,
        "/x/letter.pdf",
        [("Findings", [CL], [("Pathway plans were weak in 2018.", AFI)])],
        date="2018-05-09",
    )
    add_doc(
        fake_kb,
        "/x/report.pdf",
        [("Findings", [CL], [("Pathway plans are now strong.", STR)])],
        doc_type="ofsted_report",
        date=None,
        visit_type="short inspection",
        visit_start="2024-12-02",
        visit_end="2024-12-06",
    )
    found = newest_first(all_findings(fake_kb))
    assert [(f.text, f.when) for f in found] == [
        ("Pathway plans are now strong.", "2024-12-06"),
        ("Pathway plans were weak in 2018.", "2018-05-09"),
    ]


def test_a_theme_read_by_meaning_alone_tags_the_sentence_but_does_not_list_it() -> None:
    text = "Pathway plans are detailed. Decisions are swift."
    sentences = [Sentence(0, 27, STR, [CL]), Sentence(28, 48, STR, [CL])]
    passage = make_passage(text, sentences, [CL], heading="")
    found = findings_of(FindingSource(passage, DocMeta(doc_type="ofsted_letter")))
    assert [(f.text, f.themes) for f in found] == [
        ("Pathway plans are detailed.", [CL]),
        ("Decisions are swift.", []),  # no word of the theme: not listed under it
    ]
