"""Search on real SQLite and Chroma (fake embedder): "since" cuts older documents, "the
latest" keeps the newest, and a question nothing answers says so."""

from __future__ import annotations

from kb.search.answer import NOTHING_ANSWERS
from kb.search.filters import Filters
from kb.search.knowledge import KnowledgeBase
from tests.utils.factories import write_texts as write


def _three_years(kb: KnowledgeBase) -> None:
    for year in (2016, 2019, 2023):
        write(
            kb,
            f"/x/{year}.pdf",
            [f"Pathway plans for care leavers were reviewed in {year} and found weak."],
            sha=str(year),
            date=f"{year}-05-01",
        )


def test_since_in_the_question_never_returns_older_documents(fake_kb: KnowledgeBase) -> None:
    _three_years(fake_kb)
    result = fake_kb.search("How have pathway plans for care leavers changed since 2019?")
    assert {h.date for h in result.hits} == {"2019-05-01", "2023-05-01"}
    assert result.applied["dates"]["since"] == "2019-01-01"
    assert result.filters.since == "2019-01-01"


def test_a_range_in_the_question_narrows_the_callers_range(fake_kb: KnowledgeBase) -> None:
    _three_years(fake_kb)
    result = fake_kb.search("pathway plans before 2020", Filters(since="2017-01-01"))
    assert {h.date for h in result.hits} == {"2019-05-01"}


def test_the_latest_inspection_keeps_only_the_newest_document(fake_kb: KnowledgeBase) -> None:
    _three_years(fake_kb)
    result = fake_kb.search("what did the latest inspection say about pathway plans?")
    assert result.hits and {h.date for h in result.hits} == {"2023-05-01"}
    assert "newest_first" in result.applied


def test_nothing_answers_a_question_on_another_topic(fake_kb: KnowledgeBase) -> None:
    _three_years(fake_kb)
    write(fake_kb, "/x/b.pdf", ["Social workers have manageable caseloads."], sha="b")
    off_topic = fake_kb.search("When are bins collected from the street?")
    assert off_topic.hits and off_topic.found is False
    assert off_topic.to_dict()["found"] is False
    answer = fake_kb.ask("When are bins collected from the street?")
    assert answer.text.startswith(NOTHING_ANSWERS) and not answer.quotes
    assert answer.citations  # the closest passages are still shown, as not an answer
    on_topic = fake_kb.search("pathway plans for care leavers")
    assert on_topic.found is True and on_topic.to_dict()["found"] is True
