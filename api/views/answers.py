"""A cited answer for the search page: citations grouped by council and document, what the
search read from the question, and what to say when nothing is cited."""

from __future__ import annotations

from typing import Any

from api.present import Roots, hit_dict
from api.views.cards import citation_view
from api.views.display import council_colour, doc_type_label, nice_date
from api.views.facets import filter_terms
from kb.search.answer import Answer, no_documents
from kb.search.retrieval import SearchResult

EMPTY_HINT = (
    "Nothing from outside these filters is shown instead. Remove a filter, or name another "
    "council, to search more widely."
)


def council_groups(answer: Answer) -> list[dict[str, Any]]:
    """Answer groups (one per document, councils together) nested under their council."""
    cards = {n: citation_view(h, n) for n, h in enumerate(answer.citations, 1)}
    out: list[dict[str, Any]] = []
    for group in answer.groups:
        if not out or out[-1]["council"] != group.council:
            colour = council_colour(group.council)
            out.append({"council": group.council, "colour": colour, "documents": []})
        out[-1]["documents"].append(
            {
                "id": group.document_id,
                "title": group.title,
                "doc_type": doc_type_label(group.doc_type),
                "date": nice_date(group.date),
                "visit": cards[group.citations[0]]["visit"],
                "citations": [cards[n] for n in group.citations],
            }
        )
    return out


def empty_message(search: SearchResult) -> str:
    """What to say when nothing is cited: a council with no documents says so; with filters,
    say that they matched nothing rather than show anything unfiltered."""
    filters = search.filters
    if search.empty_councils:
        return no_documents(search.empty_councils)
    if filters.is_empty():
        return "No passage in the knowledge base answers this."
    return f"No passages match {', '.join(filter_terms(filters))}."


def applied_notes(answer: Answer, asked: str) -> list[dict[str, str]]:
    """What the search did beyond the words typed: follow-up reading, filters, expansions."""
    notes: list[dict[str, str]] = []
    if answer.question != asked:
        notes.append({"kind": "followup", "label": "Read as", "value": answer.question})
    applied = answer.search.applied
    for council in applied.get("councils", []):
        notes.append({"kind": "applied", "label": "Council named in question", "value": council})
    for year in applied.get("year_boost", []):
        notes.append({"kind": "applied", "label": "Favouring documents from", "value": str(year)})
    if dates := applied.get("dates"):
        notes.append({"kind": "applied", "label": "Dates from the question", "value": _span(dates)})
    if latest := applied.get("newest_first"):
        value = f"“{latest['said']}”: the newest document only"
        notes.append({"kind": "applied", "label": "Newest first", "value": value})
    meant = {t["term"]: t["means"] for t in answer.search.glossary if t["by"] == "meaning"}
    for term, alternatives in answer.search.expansions.items():
        if term in meant:
            value = f"{term} ({meant[term]})"
            notes.append({"kind": "expansion", "label": "Also searching", "value": value})
        elif alternatives:
            value = f"{term} → {', '.join(alternatives)}"
            notes.append({"kind": "expansion", "label": "Also searching", "value": value})
    return notes


def _span(dates: dict[str, str | None]) -> str:
    since, until = dates.get("since"), dates.get("until")
    if since and until:
        return f"{since} to {until}"
    return f"from {since}" if since else f"up to {until}"


def answer_data(answer: Answer, asked: str, roots: Roots) -> dict[str, Any]:
    """The JSON twin of an answer: what /api/ask returns, plus the question as typed."""
    data = answer.to_dict()
    data["citations"] = [hit_dict(h, n, roots) for n, h in enumerate(answer.citations, 1)]
    data["asked"] = asked
    return data
