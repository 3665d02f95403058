"""Hybrid retrieval: dense (Chroma) and keyword (FTS5 bm25) fused by reciprocal rank."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kb.search.answerable import answers
from kb.search.figures import figure_share, with_figures
from kb.search.filters import Filters
from kb.search.keyword import best_matches
from kb.search.query import ParsedQuery, keyword_phrases, parse_query, query_words
from kb.search.records import Hit, Sentence
from kb.search.store import Store
from kb.search.vectors import VectorIndex
from kb.vocab.glossary import GlossaryIndex

# Fusion constants, measured with `python -m benchmarks.retrieval` (see docs/retrieval.md):
# a small k lets the first ranks of each list count, and keywords weigh half of meaning.
_WORDS = re.compile(r"[a-z0-9]+")

RRF_K = 10
KEYWORD_WEIGHT = 0.5
CANDIDATES = 60  # passages per retriever, before fusion
SENTENCE_POOL = 200  # passages nearest by their own vector whose sentences are scored
# Shares of a first-rank score added when a document matches what the question names:
# its year, its month ("the November 2022 visit"), its kind of Ofsted visit.
YEAR_BOOST = 0.25
MONTH_BOOST = 1.0
VISIT_TYPE_BOOST = 0.25
# "What does Darlington need to improve?" asks about now: when a council is named and no
# date, newer documents are lifted, by RECENCY_BOOST halving every RECENCY_YEARS * ln 2.
RECENCY_BOOST = 0.75
RECENCY_YEARS = 5.0
# Words found in this many files are a publisher's back page or a standard footer, not a
# finding: their passages keep this share of their score, so they sink below any finding.
BOILERPLATE_FILES = 3
BOILERPLATE_SHARE = 0.2
# Glossary terms whose definition is this similar to the question are searched too.
GLOSSARY_FLOOR = 0.5
GLOSSARY_TERMS = 2
# "The latest inspection" picks the newest document among this many best candidates.
LATEST_POOL = 20
MARK_MIN_SIMILARITY = 0.35  # a sentence less similar than this does not answer the question
MARK_MARGIN = 0.08  # sentences this close to their passage's best are marked too

# hybrid: sentence-level meaning fused with keywords (the product); dense: one vector per
# passage (the conventional baseline); keyword: bm25 alone.


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    filters: Filters
    applied: dict[str, Any] = field(default_factory=dict)  # what the question itself added
    expansions: dict[str, list[str]] = field(default_factory=dict)
    mode: str = "hybrid"
    found: bool = True  # False: nothing retrieved answers the question (closest shown)
    glossary: list[dict[str, str]] = field(default_factory=list)  # glossary terms searched
    # Councils filtered on that hold no documents at all: the empty answer says so.
    empty_councils: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "mode": self.mode,
            "filters": self.filters.as_dict(),
            "applied": self.applied,
            "expansions": self.expansions,
            "glossary": self.glossary,
            "found": self.found,
            "councils_without_documents": self.empty_councils,
            "results": [h.to_dict() for h in self.hits],
        }


def resolve_filters(parsed: ParsedQuery, filters: Filters) -> tuple[Filters, dict[str, Any]]:
    """Councils named in the question become a filter unless the caller chose councils."""
    applied: dict[str, Any] = {}
    if parsed.councils and not filters.councils:
        filters = filters.with_(councils=parsed.councils)
        applied["councils"] = list(parsed.councils)
    time = parsed.time
    # A range in the question narrows the caller's: "since 2019" never returns older documents.
    since = max(filter(None, (filters.since, time.since)), default=None)
    until = min(filter(None, (filters.until, time.until)), default=None)
    if (since, until) != (filters.since, filters.until):
        filters = filters.with_(since=since, until=until)
        applied["dates"] = {"said": time.said, "since": since, "until": until}
    if time.latest is not None:
        applied["newest_first"] = {"said": time.said, "doc_types": list(time.latest)}
    if parsed.years:
        applied["year_boost"] = list(parsed.years)
    if parsed.months:
        applied["month_boost"] = list(parsed.months)
    if parsed.visit_types:
        applied["visit_type_boost"] = list(parsed.visit_types)
    if parsed.asks_about_now:
        applied["recency_boost"] = True
    return filters, applied


def rrf(rankings: list[list[str]], weights: list[float] | None = None) -> dict[str, float]:
    """Reciprocal rank fusion: each list adds weight / (k + rank) to the passages it ranks."""
    weights = weights or [1.0] * len(rankings)
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, pid in enumerate(ranking, start=1):
            scores[pid] = scores.get(pid, 0.0) + weight / (RRF_K + rank)
    return scores


def _dates_of(hit: Hit) -> list[str]:
    dates = (hit.date, hit.visit_start, hit.visit_end, hit.meeting_date)
    return [d for d in dates if d and d[:4].isdigit()]


def _years_between(older: str, newer: str) -> float:
    return (int(newer[:4]) - int(older[:4])) + (int(newer[5:7]) - int(older[5:7])) / 12


def boost(hit: Hit, parsed: ParsedQuery, newest: str | None = None) -> float:
    """What the question's dates and visit type add to a passage's fused score; `newest`
    is the latest date among the candidates, for the recency lift."""
    dates = _dates_of(hit)
    share = 0.0
    if parsed.asks_about_now and dates and newest:
        age = max(0.0, _years_between(max(dates), newest))
        share += RECENCY_BOOST * math.exp(-age / RECENCY_YEARS)
    if {int(d[:4]) for d in dates} & set(parsed.years):
        share += YEAR_BOOST
    if {d[:7] for d in dates} & set(parsed.months):
        share += MONTH_BOOST
    if hit.visit_type in parsed.visit_types:
        share += VISIT_TYPE_BOOST
    return share / (RRF_K + 1)


class Retriever:
    def __init__(
        self,
        store: Store,
        vectors: VectorIndex,
        embed: Callable[[list[str]], np.ndarray],
        model: str,
        glossary: Callable[[], GlossaryIndex] | None = None,
    ) -> None:
        self.store = store
        self.vectors = vectors
        self.embed = embed
        self.model = model  # whose sentence vectors the store holds
        self.glossary = glossary  # built on first use: its definitions are embedded once

    def dense(self, vector: np.ndarray, filters: Filters, n: int) -> list[str]:
        return [h.id for h in self.vectors.query(vector, n, filters)]

    def sentences(
        self, vector: np.ndarray, filters: Filters, n: int
    ) -> tuple[list[str], dict[str, dict[int, float]]]:
        """Passages ranked by their best sentence, and every sentence similarity seen: the
        passages nearest by their own vector, under the filters, with their sentences
        scored exactly. A passage whose sentence vectors are missing counts as one sentence."""
        hits = self.vectors.query(vector, SENTENCE_POOL, filters)
        stored = self.store.sentence_vectors([h.id for h in hits], self.model)
        seen: dict[str, dict[int, float]] = {}
        for hit in hits:
            rows = stored.get(hit.id)
            similarities = rows @ vector if rows is not None and len(rows) else [hit.similarity]
            seen[hit.id] = {i: float(s) for i, s in enumerate(similarities)}
        ranked = sorted(seen, key=lambda pid: -max(seen[pid].values()))
        return ranked[:n], seen

    def keyword(self, parsed: ParsedQuery, filters: Filters, n: int) -> list[str]:
        phrases = with_figures(keyword_phrases(parsed), parsed.text)
        return [pid for pid, _ in best_matches(self.store, phrases, filters, n)] if phrases else []

    def meant_terms(self, parsed: ParsedQuery, vector: np.ndarray) -> ParsedQuery:
        """The glossary terms nearest the question's meaning, searched by their words too.
        (Moving the question's vector towards their names was measured and lost.)"""
        if self.glossary is None:
            return parsed
        nearest = self.glossary().nearest(vector, GLOSSARY_FLOOR, GLOSSARY_TERMS)
        return parsed.with_meant([term for term, _ in nearest])

    def search(
        self, query: str, filters: Filters = Filters(), k: int = 10, mode: str = "hybrid"
    ) -> SearchResult:
        parsed = parse_query(query)
        filters, applied = resolve_filters(parsed, filters)
        rankings: list[list[str]] = []
        weights: list[float] = []
        similarities: dict[str, dict[int, float]] = {}
        if mode in ("hybrid", "dense"):
            vector = self.embed([parsed.dense_text])[0]
            if mode == "hybrid":
                parsed = self.meant_terms(parsed, vector)
            if mode == "dense":
                rankings.append(self.dense(vector, filters, CANDIDATES))
            else:
                ranked, similarities = self.sentences(vector, filters, CANDIDATES)
                rankings.append(ranked)
            weights.append(1.0)
        if mode in ("hybrid", "keyword"):
            rankings.append(self.keyword(parsed, filters, CANDIDATES))
            weights.append(KEYWORD_WEIGHT if mode == "hybrid" else 1.0)
        scores = rrf(rankings, weights)
        rows = self.store.hits(list(scores))
        newest = max((max(d) for d in map(_dates_of, rows.values()) if d), default=None)
        for pid, hit in rows.items():
            lift = figure_share(query, hit.text)  # "how many ...?": passages with a figure
            scores[pid] += boost(hit, parsed, newest) + lift / (RRF_K + 1)
        for pid in self.store.repeated(list(rows), BOILERPLATE_FILES):
            scores[pid] *= BOILERPLATE_SHARE
        ranked = sorted((p for p in scores if p in rows), key=lambda p: -scores[p])
        if parsed.time.latest is not None:
            ranked = newest_first(ranked, rows, parsed.time.latest)
        hits = [rows[p] for p in ranked[:k]]
        for hit in hits:
            hit.score = round(scores[hit.id], 6)
            hit.sentence_scores = similarities.get(hit.id, {})
            hit.marked = mark(hit, hit.sentence_scores, parsed)
        found = answers(parsed, hits) if mode == "hybrid" else bool(hits)
        return SearchResult(
            query, hits, filters, applied, parsed.expansions, mode, found, parsed.glossary
        )


def newest_first(ranked: list[str], rows: dict[str, Hit], kinds: tuple[str, ...]) -> list[str]:
    """ "The latest inspection": per council, only the passages of its newest document of the
    kinds named among the best candidates; everything, if none of them is of those kinds."""
    newest: dict[str | None, tuple[str, str]] = {}  # council -> (date, document id)
    for pid in ranked[:LATEST_POOL]:
        hit = rows[pid]
        dates = _dates_of(hit)
        if dates and (not kinds or hit.doc_type in kinds):
            candidate = (max(dates), hit.document_id)
            newest[hit.council] = max(newest.get(hit.council, candidate), candidate)
    chosen = {doc for _, doc in newest.values()}
    return [p for p in ranked if rows[p].document_id in chosen] if chosen else ranked


def sentence_spans(hit: Hit) -> list[Sentence]:
    return hit.sentences or [Sentence(0, len(hit.text))]


def mark(hit: Hit, similarities: dict[int, float], parsed: ParsedQuery) -> list[tuple[int, int]]:
    """The sentences that best answer the question: by meaning where the sentence search
    scored them, else by the question's words (a passage found by keywords alone)."""
    spans = sentence_spans(hit)
    if similarities:
        best = max(similarities.values())
        floor = max(MARK_MIN_SIMILARITY, best - MARK_MARGIN)
        chosen = [i for i, s in similarities.items() if s >= floor or s == best]
    else:
        words = query_words(parsed)
        overlap = [
            len(words & set(_WORDS.findall(hit.text[s.start : s.end].lower()))) for s in spans
        ]
        top = max(overlap, default=0)
        chosen = [overlap.index(top)] if top else []
    return [(spans[i].start, spans[i].end) for i in sorted(chosen) if i < len(spans)]
