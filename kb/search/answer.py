"""Cited answers built only from retrieved text: every quoted word is a slice of a passage,
and every citation is a retrieved hit, so no citation can be invented."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kb.search.records import Hit
from kb.search.retrieval import SearchResult
from kb.search.standalone import ALONE, kind_of, quote_span


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
            "glossary": self.search.glossary,
            "found": self.search.found,
            "councils_without_documents": self.search.empty_councils,
        }


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


def quote_of(hit: Hit) -> tuple[int, int] | None:
    """The marked sentence most like the question that can stand alone, trimmed of bullet
    marks: the words the answer quotes. A lead-in gives way to the items it introduces, a
    sentence leaning on the one before is quoted with it, and headings and letter
    furniture are passed over (kb.standalone)."""
    if not hit.marked:
        return None
    spans = [(s.start, s.end) for s in hit.sentences]
    index_of = {start: i for i, (start, _) in enumerate(spans)}
    ranked = sorted(
        hit.marked, key=lambda span: -hit.sentence_scores.get(index_of.get(span[0], -1), 0.0)
    )
    for start, end in ranked:
        index = index_of.get(start)
        if index is None:
            found = (start, end) if kind_of(hit.text[start:end], hit.heading) == ALONE else None
        else:
            found = quote_span(hit.text, spans, index, hit.heading)
        if found:
            start, end = found
            while start < end and hit.text[start] in "-•· \n":
                start += 1
            if end > start:
                return start, end
    return None


NO_PASSAGE = "No passage in the knowledge base answers this."
NOTHING_ANSWERS = "Nothing in the documents answers this question."
NOT_AN_ANSWER = "The closest passages found are listed below; they are not an answer."


def no_documents(councils: list[str]) -> str:
    """What an empty answer says when the councils asked about hold no documents at all."""
    names = " and ".join(filter(None, [", ".join(councils[:-1]), councils[-1]]))
    verb = "has" if len(councils) == 1 else "have"
    return f"{names} {verb} no documents in the knowledge base yet."


def build_answer(result: SearchResult, quotes: int = 6) -> Answer:
    """Quotes from the best-ranked passages, in rank order, each with its citation number;
    none when nothing found answers the question (the closest passages stay as citations)."""
    quoted: list[dict[str, Any]] = []
    if not result.found:
        text = f"{NOTHING_ANSWERS} {NOT_AN_ANSWER}" if result.hits else NO_PASSAGE
        return Answer(result.query, text, result.hits, group_citations(result.hits), result)
    for n, hit in enumerate(result.hits, 1):
        span = quote_of(hit)
        if span and len(quoted) < quotes:
            text = hit.text[span[0] : span[1]].strip()
            quoted.append(
                {"n": n, "passage_id": hit.id, "start": span[0], "end": span[1], "text": text}
            )
    lines = [f"“{q['text']}” [{q['n']}]" for q in quoted]
    text = "\n".join(lines) if lines else NO_PASSAGE
    return Answer(result.query, text, result.hits, group_citations(result.hits), result, quoted)
