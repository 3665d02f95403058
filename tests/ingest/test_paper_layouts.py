"""One test per council-paper layout the shared papers do not cover (synthetic fixtures in
tests/ingest/fixtures/papers.py), through the real extractors, store and keyword index."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from ingest.chunk import Chunker
from ingest.extract import extract
from ingest.items import tidy_items
from ingest.metadata import read_metadata, read_text_metadata
from ingest.pipeline import ingest_paths
from ingest.split import split_documents
from ingest.structure import lay_out
from ingest.types import Page
from kb.search import retrieval
from kb.search.figures import figure_vocab, holds_figure
from kb.search.filters import Filters
from kb.search.knowledge import KnowledgeBase
from kb.search.records import ReadMeta
from tests.ingest.fixtures import papers
from tests.ingest.fixtures.documents import make_pdf


def _meta(text: str) -> ReadMeta:
    (part,) = split_documents([Page(1, text)])
    return read_metadata(part)


def _headed(text: str) -> list[tuple[str, str]]:
    """(heading, text) of each passage, as ingest cuts them."""
    laid = lay_out(tidy_items([Page(1, text)]))
    spans = Chunker(200, fits=lambda _: True).spans(laid)
    return [(s.heading, laid.text[s.start : s.end]) for s in spans]


def _facts(meta: ReadMeta) -> tuple[object, ...]:
    return (meta.doc_type, meta.council, meta.committee, meta.date)


def test_moderngov_printed_minutes_pdf_are_dated_by_their_own_meeting(tmp_path: Path) -> None:
    lines = papers.MODERNGOV_PRINTED_MINUTES.split("\n")
    path = tmp_path / "minutes.pdf"
    path.write_bytes(make_pdf([lines[:14], lines[14:]]))
    pages = extract(path).pages
    meta = read_metadata(split_documents(pages)[0])
    # Not 29 October 2024, the meeting whose minutes it approves.
    assert _facts(meta) == ("minutes", "Surrey", "Corporate Parenting Panel", "2024-12-10")


def test_decisions_are_passages_of_their_own_under_their_item() -> None:
    passages = _headed(papers.MODERNGOV_PRINTED_MINUTES)
    decisions = [(h, t) for h, t in passages if h.endswith("Decision")]
    assert [h for h, _ in decisions] == [
        "24. Minutes > Decision",
        "25. Sufficiency of placements > Decision",
    ]
    assert (
        decisions[1][1].startswith("RESOLVED that:") and "(2) a further update" in decisions[1][1]
    )
    # the discussion before the resolution is a passage of its own, under the item's heading
    assert ("25. Sufficiency of placements", passages[-3][1]) == passages[-3]
    assert "1,234 children" in passages[-3][1]


def test_summons_and_agenda_frontsheet() -> None:
    meta = _meta(papers.SUMMONS_FRONTSHEET)
    assert _facts(meta) == ("agenda", "Kent", "Council", "2024-12-12")


def test_cabinet_report_headed_with_its_meeting_docx(tmp_path: Path) -> None:
    document = docx.Document()
    for paragraph in papers.CABINET_REPORT.split("\n\n"):
        document.add_paragraph(paragraph.strip())
    path = tmp_path / "cabinet report.docx"
    document.save(str(path))
    meta = read_metadata(split_documents(extract(path).pages)[0])
    assert _facts(meta) == ("report", "Hampshire", "Cabinet", "2025-01-30")
    assert meta.title == "Fostering recruitment and retention"


def test_record_of_decisions_with_its_publication_date() -> None:
    meta = _meta(papers.RECORD_OF_DECISIONS)
    assert _facts(meta) == ("decision", "Leeds", "Cabinet", "2023-03-14")
    assert meta.published == "2023-03-16"
    decisions = [t for h, t in _headed(papers.RECORD_OF_DECISIONS) if h.endswith("Decision")]
    assert decisions == [
        "Decision: RESOLVED that the capital programme for two new children's homes be approved."
    ]


def test_call_in_report_goes_to_the_scrutiny_committee() -> None:
    meta = _meta(papers.CALL_IN_REPORT)
    # The Cabinet meeting whose decision is called in is not the meeting it goes to.
    assert _facts(meta) == (
        "report",
        "Leeds",
        "Children's Services Scrutiny Committee",
        "2023-04-04",
    )


def test_cmis_meeting_page_html(tmp_path: Path) -> None:
    path = tmp_path / "meeting.html"
    path.write_text(papers.CMIS_MEETING_PAGE, encoding="utf-8")
    meta = read_metadata(split_documents(extract(path).pages)[0])
    committee = (
        "Children, Young People and Family Support Scrutiny and Policy Development Committee"
    )
    assert _facts(meta) == ("minutes", "Sheffield", committee, "2023-02-08")


def test_council_questions_and_answers_are_full_council_minutes() -> None:
    meta = read_text_metadata(papers.QUESTIONS_AND_ANSWERS)
    assert _facts(meta) == ("minutes", "Bristol", "Council", "2024-07-09")


def _ingested(fake_kb: KnowledgeBase, tmp_path: Path) -> KnowledgeBase:
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "cpp minutes.txt").write_text(papers.MODERNGOV_PRINTED_MINUTES, encoding="utf-8")
    (folder / "questions.txt").write_text(papers.QUESTIONS_AND_ANSWERS, encoding="utf-8")
    assert all(o.status == "added" for o in ingest_paths(fake_kb, [folder]))
    return fake_kb


def test_figures_as_printed_are_found_by_keyword(fake_kb: KnowledgeBase, tmp_path: Path) -> None:
    kb = _ingested(fake_kb, tmp_path)
    for figure in ("1,234", "£40,000", "35%", "£5,000"):
        hits = kb.search(f"{figure}", mode="keyword").hits
        assert hits and figure in hits[0].text, figure
    # "40,000" is the phrase 40 000, not any passage holding a 40 or a 000
    assert all("40,000" in h.text for h in kb.search("£40,000", mode="keyword").hits)


def test_how_many_favours_a_passage_holding_a_figure(
    fake_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kb = _ingested(fake_kb, tmp_path)
    question = "how many children were waiting for an assessment?"
    lifted = {h.id: h.score for h in kb.search(question, k=20).hits}
    monkeypatch.setattr(retrieval, "figure_share", lambda question, text: 0.0)
    flat = {h.id: h.score for h in kb.search(question, k=20).hits}
    for hit in kb.search(question, k=20).hits:
        gained = round(lifted[hit.id] - flat[hit.id], 5)
        expected = figure_vocab().boost / (retrieval.RRF_K + 1) if holds_figure(hit.text) else 0
        assert gained == round(expected, 5), hit.text[:60]
    assert holds_figure("At the end of June 2024, 612 children were waiting")
    assert not holds_figure("too many care leavers were not in education on 3 May 2024")


def test_committee_is_a_filter_and_a_facet(fake_kb: KnowledgeBase, tmp_path: Path) -> None:
    kb = _ingested(fake_kb, tmp_path)
    # the filter takes the committee as officers type it
    hits = kb.search("placements", Filters(committees=("corporate parenting panel",))).hits
    assert hits and {h.committee for h in hits} == {"Corporate Parenting Panel"}
    per_committee = {d.committee: len(kb.passages_of(d.id)) for d in kb.documents() if d.committee}
    assert kb.facets(Filters())["committee"] == per_committee
    assert set(per_committee) == {"Corporate Parenting Panel", "Council"}
