"""Keyword ranking that scores only rare-phrase passages must rank exactly as the full query."""

from __future__ import annotations

import math
import random

import pytest

from kb.search.filters import Filters
from kb.search.keyword import IDF_FLOOR, best_matches, idf
from kb.search.knowledge import KnowledgeBase
from tests.utils.factories import write_texts as write

COMMON = ["children", "planning", "care", "services", "social"]
RARE = [f"rare{i}" for i in range(12)]


@pytest.fixture
def kb(fake_kb: KnowledgeBase) -> KnowledgeBase:
    """400 passages: common words in most of them, rare words in a few, lengths varied."""
    rng = random.Random(7)
    for f in range(8):
        texts = []
        for i in range(50):
            words = [w for w in COMMON if rng.random() < 0.6]
            words += [w for w in RARE if rng.random() < 0.06]
            words += [f"filler{rng.randrange(400)}" for _ in range(rng.randrange(3, 40))]
            rng.shuffle(words)
            texts.append(f"Passage {f}-{i}: " + " ".join(words))
        write(
            fake_kb,
            f"file{f}.txt",
            texts,
            sha=str(f),
            council=("Gateshead", "Middlesbrough")[f % 2],
        )
    return fake_kb


def test_the_pruned_ranking_is_the_full_ranking(kb: KnowledgeBase) -> None:
    rng = random.Random(11)
    calls: list[str | None] = []
    search = kb.store.keyword_search

    def spy(match: str, filters: Filters, n: int, within: str | None = None):  # type: ignore[no-untyped-def]
        calls.append(within)
        return search(match, filters, n, within)

    kb.store.keyword_search = spy  # type: ignore[method-assign]
    pruned_and_kept = 0
    for _ in range(150):
        words = rng.sample(COMMON, rng.randint(1, 3)) + rng.sample(RARE, rng.randint(0, 3))
        phrases = [f'"{w}"' for w in words]
        filters = Filters(councils=("Gateshead",)) if rng.random() < 0.3 else Filters()
        n = rng.choice([5, 10, 20])
        calls.clear()
        got = best_matches(kb.store, phrases, filters, n)
        expected = search(" OR ".join(phrases), filters, n)
        assert [pid for pid, _ in got] == [pid for pid, _ in expected], words
        assert [s for _, s in got] == pytest.approx([s for _, s in expected]), words
        pruned_and_kept += calls == [calls[0]] and calls[0] is not None
    # the shortcut is really taken, not always abandoned for the full query
    assert pruned_and_kept >= 20


def test_a_single_phrase_or_only_common_phrases_run_the_plain_query(kb: KnowledgeBase) -> None:
    expected = kb.store.keyword_search('"children" OR "care"', Filters(), 10)
    assert best_matches(kb.store, ['"children"', '"care"'], Filters(), 10) == expected
    assert best_matches(kb.store, ['"rare3"'], Filters(), 10) == kb.store.keyword_search(
        '"rare3"', Filters(), 10
    )


def test_idf_follows_fts5_and_survives_counts_taken_mid_write() -> None:
    assert idf(1000, 10) == pytest.approx(math.log(990.5 / 10.5))
    assert idf(1000, 600) == IDF_FLOOR  # in most passages: FTS5's floor
    assert idf(1000, 1200) == IDF_FLOOR  # a write landed between the counts


def test_remembered_counts_follow_every_write(fake_kb: KnowledgeBase) -> None:
    """Match counts are remembered between questions, but a write by this connection, by
    another thread's or by another process's store on the same file is seen at once."""
    from kb.search.store import Store

    write(fake_kb, "a.txt", ["pathway plans are thorough", "supervision is regular"], sha="a")
    store = fake_kb.store
    assert (store.match_count('"pathway"'), store.indexed_count()) == (1, 2)
    write(fake_kb, "b.txt", ["pathway plans vary in quality"], sha="b")  # this connection
    assert (store.match_count('"pathway"'), store.indexed_count()) == (2, 3)
    other = Store(store.path)  # another process's store on the same file
    other.remove_source(next(f.source for f in other.files() if f.source.endswith("b.txt")))
    assert (store.match_count('"pathway"'), store.indexed_count()) == (1, 2)
