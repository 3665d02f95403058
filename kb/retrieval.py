"""Hybrid retrieval: dense (Chroma) and keyword (FTS5 bm25) fused by reciprocal rank."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kb.filters import Filters
from kb.query import ParsedQuery, keyword_match, parse_query
from kb.records import Hit, Sentence
from kb.store import Store, passage_from_row
from kb.vectors import VectorIndex

RRF_K = 60  # the constant from Cormack et al.; damps the weight of top ranks
CANDIDATES = 60  # per retriever, before fusion
YEAR_BOOST = 0.25  # share of a first-rank RRF score added when the document's year is named

MODES = ("hybrid", "dense", "keyword")


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    filters: Filters
    applied: dict[str, Any] = field(default_factory=dict)  # what the question itself added
    expansions: dict[str, list[str]] = field(default_factory=dict)
    mode: str = "hybrid"

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "mode": self.mode,
            "filters": self.filters.as_dict(),
            "applied": self.applied,
            "expansions": self.expansions,
            "results": [h.to_dict() for h in self.hits],
        }


def resolve_filters(parsed: ParsedQuery, filters: Filters) -> tuple[Filters, dict[str, Any]]:
    """Councils named in the question become a filter unless the caller chose councils."""
    applied: dict[str, Any] = {}
    if parsed.councils and not filters.councils:
        filters = filters.with_(councils=parsed.councils)
        applied["councils"] = list(parsed.councils)
    if parsed.years:
        applied["year_boost"] = list(parsed.years)
    return filters, applied


def rrf(rankings: list[list[str]], weights: list[float] | None = None) -> dict[str, float]:
    weights = weights or [1.0] * len(rankings)
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, pid in enumerate(ranking, start=1):
            scores[pid] = scores.get(pid, 0.0) + weight / (RRF_K + rank)
    return scores


def _year_of(row: sqlite3.Row) -> set[int]:
    years = set()
    for key in ("date", "visit_start", "visit_end", "meeting_date"):
        value = row[key]
        if value and value[:4].isdigit():
            years.add(int(value[:4]))
    return years


def hit_from_row(row: sqlite3.Row, score: float) -> Hit:
    passage = passage_from_row(row)
    return Hit(
        id=passage.id,
        text=passage.text,
        score=round(score, 6),
        source=row["source"],
        title=row["title"],
        council=row["council"],
        doc_type=row["doc_type"],
        date=row["date"],
        visit_type=row["visit_type"],
        visit_number=row["visit_number"],
        visit_start=row["visit_start"],
        visit_end=row["visit_end"],
        committee=row["committee"],
        page=passage.page,
        heading=passage.heading,
        themes=passage.themes,
        stance=passage.stance,
        document_id=passage.document_id,
        sentences=passage.sentences,
    )


class Retriever:
    def __init__(
        self, store: Store, vectors: VectorIndex, embed: Callable[[list[str]], np.ndarray]
    ) -> None:
        self.store = store
        self.vectors = vectors
        self.embed = embed

    def dense(self, parsed: ParsedQuery, filters: Filters, n: int) -> list[str]:
        vector = self.embed([parsed.dense_text])[0]
        return [h.id for h in self.vectors.query(vector, n, filters)]

    def keyword(self, parsed: ParsedQuery, filters: Filters, n: int) -> list[str]:
        match = keyword_match(parsed)
        if match is None:
            return []
        return [pid for pid, _ in self.store.keyword_search(match, filters, n)]

    def search(
        self, query: str, filters: Filters = Filters(), k: int = 10, mode: str = "hybrid"
    ) -> SearchResult:
        parsed = parse_query(query)
        filters, applied = resolve_filters(parsed, filters)
        rankings: list[list[str]] = []
        if mode in ("hybrid", "dense"):
            rankings.append(self.dense(parsed, filters, CANDIDATES))
        if mode in ("hybrid", "keyword"):
            rankings.append(self.keyword(parsed, filters, CANDIDATES))
        scores = rrf(rankings)
        rows = self.store.hit_rows(list(scores))
        if parsed.years:
            bonus = YEAR_BOOST / (RRF_K + 1)
            for pid, row in rows.items():
                if _year_of(row) & set(parsed.years):
                    scores[pid] += bonus
        ranked = sorted((p for p in scores if p in rows), key=lambda p: -scores[p])[:k]
        hits = [hit_from_row(rows[p], scores[p]) for p in ranked]
        return SearchResult(query, hits, filters, applied, parsed.expansions, mode)


def sentence_spans(hit: Hit) -> list[Sentence]:
    return hit.sentences or [Sentence(0, len(hit.text))]
