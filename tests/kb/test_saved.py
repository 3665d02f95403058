"""Saved searches: the passages that arrived since the officer last looked."""

from __future__ import annotations

import pytest

from kb.search.filters import Filters
from kb.search.knowledge import KnowledgeBase
from tests.utils.factories import write_texts as write


def _new(kb: KnowledgeBase, saved_id: int) -> list[str]:
    saved = kb.saved.get(saved_id)
    assert saved is not None
    return [h.text for h in kb.saved.new_passages(saved)]


def test_new_passages_match_the_search_and_its_filters_and_are_new_once(
    fake_kb: KnowledgeBase,
) -> None:
    write(fake_kb, "/x/old.pdf", ["Pathway plans for care leavers are poor."])
    saved = fake_kb.saved.save(
        " Pathway  plans ", "pathway plans", Filters(councils=("Gateshead",))
    )
    assert saved.name == "Pathway plans" and saved.filters.councils == ("Gateshead",)
    assert _new(fake_kb, saved.id) == []  # what was there before it was saved is not new

    texts = ["Pathway plans are now timely.", "Caseloads are high."]
    write(fake_kb, "/x/new.pdf", texts)
    write(fake_kb, "/x/else.pdf", ["Pathway plans are late."], council="Middlesbrough")
    assert _new(fake_kb, saved.id) == ["Pathway plans are now timely."]

    fake_kb.saved.mark_seen(saved.id)
    assert _new(fake_kb, saved.id) == []
    write(fake_kb, "/x/new.pdf", [*texts, "Pathway plans are reviewed monthly."], sha="b")
    assert _new(fake_kb, saved.id) == ["Pathway plans are reviewed monthly."]  # the rest kept

    filters_only = fake_kb.saved.save("Middlesbrough", "", Filters(councils=("Middlesbrough",)))
    write(fake_kb, "/x/else2.pdf", ["Caseloads fell."], council="Middlesbrough")
    assert _new(fake_kb, filters_only.id) == ["Caseloads fell."]
    assert fake_kb.saved.delete(filters_only.id) and fake_kb.saved.get(filters_only.id) is None


def test_a_saved_search_needs_a_name(fake_kb: KnowledgeBase) -> None:
    with pytest.raises(ValueError, match=r"^name: "):
        fake_kb.saved.save("  ", "pathway plans", Filters())
