"""Cited answers built only from retrieved text: every quoted word is a slice of a passage,
and every citation is a retrieved hit, so no citation can be invented."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kb.query import STOPWORDS
from kb.records import Hit
from kb.retrieval import SearchResult, sentence_spans

MARK_MIN_SIMILARITY = 0.35  # below this a sentence is not said to answer the question
MARK_MARGIN = 0.08  # sentences this close to a passage's best are marked too
_WORD = re.compile(r"[a-z0-9]+")


@dataclass
class AnswerGroup:
    council: str
    document_id: str
    title: str
    doc_type: str
    date: str | None
    citations: list[int]  # 1-based numbers into Answer.citations


@dataclass
class Answer:
    question: str
    text: str  # quoted sentences, each followed by its [n]
    citations: list[Hit]
    groups: list[AnswerGroup]
    search: SearchResult
    quotes: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.text,
            "quotes": self.quotes,
            "citations": [dict(h.to_dict(), n=i) for i, h in enumerate(self.citations, 1)],
            "groups": [g.__dict__ for g in self.groups],
            "filters": self.search.filters.as_dict(),
            "applied": self.search.applied,
            "expansions": self.search.expansions,
        }


def _overlap(question_words: set[str], sentence: str) -> float:
    words = set(_WORD.findall(sentence.lower())) - STOPWORDS
    return len(words & question_words) / max(1, len(question_words))


def mark_sentences(
    question: str, hits: list[Hit], embed: Callable[[list[str]], np.ndarray]
) -> list[float]:
    """Mark in each hit the sentences that best answer the question; returns each hit's best
    sentence score so the answer can quote the strongest first."""
    spans = [sentence_spans(h) for h in hits]
    texts = [h.text[s.start : s.end] for h, ss in zip(hits, spans, strict=True) for s in ss]
    if not texts:
        return []
    vectors = embed([question, *texts])
    similarity = vectors[1:] @ vectors[0]
    qwords = set(_WORD.findall(question.lower())) - STOPWORDS
    best: list[float] = []
    cursor = 0
    for hit, ss in zip(hits, spans, strict=True):
        scores = [
            float(similarity[cursor + i]) + 0.2 * _overlap(qwords, hit.text[s.start : s.end])
            for i, s in enumerate(ss)
        ]
        cursor += len(ss)
        top = max(scores)
        hit.marked = [
            (s.start, s.end)
            for s, score in zip(ss, scores, strict=True)
            if score >= max(MARK_MIN_SIMILARITY, top - MARK_MARGIN) or score == top
        ]
        best.append(top)
    return best


def group_citations(hits: list[Hit]) -> list[AnswerGroup]:
    groups: dict[str, AnswerGroup] = {}
    for n, hit in enumerate(hits, 1):
        group = groups.get(hit.document_id)
        if group is None:
            group = AnswerGroup(
                hit.council or "Unknown council",
                hit.document_id,
                hit.title,
                hit.doc_type,
                hit.date,
                [],
            )
            groups[hit.document_id] = group
        group.citations.append(n)
    # Councils together, newest documents first within a council.
    return sorted(groups.values(), key=lambda g: (g.council, -_date_key(g.date)))


def _date_key(date: str | None) -> int:
    return int(date.replace("-", "")[:8]) if date and date[:4].isdigit() else 0


def build_answer(
    result: SearchResult, embed: Callable[[list[str]], np.ndarray], quotes: int = 6
) -> Answer:
    hits = result.hits
    best = mark_sentences(result.query, hits, embed)
    order = sorted(range(len(hits)), key=lambda i: -best[i])[:quotes]
    quoted: list[dict[str, Any]] = []
    lines: list[str] = []
    for i in sorted(order):
        hit = hits[i]
        start, end = hit.marked[0]
        sentence = hit.text[start:end].strip().lstrip("-• ").strip()
        quoted.append(
            {"n": i + 1, "passage_id": hit.id, "start": start, "end": end, "text": sentence}
        )
        lines.append(f"“{sentence}” [{i + 1}]")
    text = "\n".join(lines) if lines else "No passage in the knowledge base answers this."
    return Answer(result.query, text, hits, group_citations(hits), result, quoted)
