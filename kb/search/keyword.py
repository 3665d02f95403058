"""Keyword ranking: the bm25 top n of an OR of phrases, scoring as few passages as it can.

FTS5 computes bm25 for every passage that matches before it can sort, and a question's
common words ("children", "planning") match half the corpus. A phrase's share of a passage's
bm25 is at most idf * (k1 + 1), and a common phrase's idf is small; so passages that match
only common phrases score at most the sum of those bounds. Scoring just the passages that
match a rare phrase gives the exact top n whenever its n-th score beats that bound; otherwise
the full query runs. The ranking is the same either way, only the work differs.
"""

from __future__ import annotations

import math

from kb.search.filters import Filters
from kb.search.store import Store

# FTS5's bm25 constants (fixed in its source) and its floor for a phrase in most passages.
K1 = 1.2
IDF_FLOOR = 1e-6
# A phrase in more than this share of passages counts as common: scored only where a rarer
# phrase also matches, when that is provably enough.
RARE_SHARE = 0.1


def idf(total: int, matching: int) -> float:
    """FTS5's inverse document frequency of a phrase."""
    # `matching` can exceed `total` when a write lands between the two counts.
    ratio = (total - matching + 0.5) / (matching + 0.5)
    return math.log(ratio) if ratio > 1 else IDF_FLOOR


def best_matches(
    store: Store, phrases: list[str], filters: Filters, n: int
) -> list[tuple[str, float]]:
    """(passage id, bm25 score) of the n best passages matching any phrase, best first."""
    match = " OR ".join(phrases)
    if len(phrases) > 1:
        total = store.indexed_count()
        counts = {phrase: store.match_count(phrase) for phrase in phrases}
        rare = [p for p in phrases if counts[p] <= total * RARE_SHARE]
        common = [p for p in phrases if p not in rare]
        if rare and common:
            bound = sum(idf(total, counts[p]) for p in common) * (K1 + 1)
            found = store.keyword_search(match, filters, n, within=" OR ".join(rare))
            if len(found) == n and found[-1][1] > bound:
                return found
    return store.keyword_search(match, filters, n)
