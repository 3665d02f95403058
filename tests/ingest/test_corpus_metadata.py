"""Issue 4's done-when checks on the default corpus, ingested with the real model."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.passage_metadata import evaluate_passages
from kb.search.filters import Filters
from kb.search.knowledge import KnowledgeBase
from tests.conftest import SHARED, shared_or_skip

pytestmark = pytest.mark.model


def test_passage_metadata_accuracy_per_field(corpus_kb: KnowledgeBase) -> None:
    shared_or_skip("eval", "passage_metadata.jsonl")
    result = evaluate_passages(corpus_kb, SHARED)
    low = {name: round(s.accuracy, 3) for name, s in result.fields.items() if s.accuracy < 0.95}
    assert not low, (low, result.mismatches)


def test_agenda_pack_yields_its_five_documents(corpus_kb: KnowledgeBase) -> None:
    pack = next(
        d.source for d in corpus_kb.documents() if d.source.endswith("001_d38f9cf2e3d5ec77.txt")
    )
    docs = sorted((d for d in corpus_kb.documents() if d.source == pack), key=lambda d: d.part)
    assert [(d.doc_type, d.date) for d in docs] == [
        ("agenda", "2022-09-27"),
        ("minutes", "2022-07-26"),
        ("report", "2022-09-19"),
        ("ofsted_letter", "2022-08-17"),
        ("presentation", None),  # the slides bear no date of their own
    ]
    assert len(docs) == 5
    assert docs[-1].doc_type == "presentation" and docs[-1].visit_number == 4


def test_visit_type_and_council_filter_returns_only_such_passages(corpus_kb: KnowledgeBase) -> None:
    filters = Filters(councils=("Middlesbrough",), visit_types=("monitoring visit",))
    for mode in ("hybrid", "dense", "keyword"):
        hits = corpus_kb.search("care leavers and their plans", filters, k=30, mode=mode).hits
        assert hits
        assert {(h.council, h.visit_type) for h in hits} == {("Middlesbrough", "monitoring visit")}


def test_facet_counts_add_up(corpus_kb: KnowledgeBase) -> None:
    total = corpus_kb.store.stats()["passages"]
    facets = corpus_kb.facets(Filters())
    assert sum(facets["council"].values()) == total
    assert sum(facets["doc_type"].values()) == total
    assert sum(facets["stance"].values()) == total
    only = Filters(councils=("Middlesbrough",), visit_types=("monitoring visit",))
    narrowed = corpus_kb.facets(only)
    n = len(corpus_kb.hits_where(only))
    assert narrowed["visit_type"]["monitoring visit"] == n
    assert narrowed["council"]["Middlesbrough"] == n
    assert sum(narrowed["doc_type"].values()) == n


def test_letters_carry_their_visit(corpus_kb: KnowledgeBase) -> None:
    letters = corpus_kb.documents(Filters(doc_types=("ofsted_letter",)))
    assert len(letters) >= 8
    for letter in letters:
        assert letter.visit_type in ("focused visit", "monitoring visit"), letter.title
        assert letter.visit_start and letter.date, letter.title
        assert Path(letter.source).exists()
