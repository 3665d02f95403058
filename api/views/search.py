"""The search page's view model: an answer (or, without a question, the documents), the
facets and chips beside it, and its JSON twin."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request

from api.present import Roots, document_dict
from api.urls import SITE, shared
from api.views.answers import EMPTY_HINT, answer_data, applied_notes, council_groups, empty_message
from api.views.cards import document_view
from api.views.facets import facet_groups, filter_chips, filter_terms, url_items
from kb.search.answer import NOTHING_ANSWERS, Answer
from kb.search.filters import Filters
from kb.search.records import Document
from kb.settings import Settings
from kb.vocab.themes import THEME_BY_ID


@dataclass
class SearchPage:
    asked: str | None
    answer: Answer | None
    documents: list[Document]
    facets: dict[str, dict[str, int]]
    filters: Filters
    roots: Roots = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"filters": self.filters.as_dict(), "facets": self.facets}
        if self.answer is not None and self.asked is not None:
            data.update(answer_data(self.answer, self.asked, self.roots))
        else:
            data["documents"] = [document_dict(d, self.roots) for d in self.documents]
        return data


def search_context(page: SearchPage, request: Request, settings: Settings) -> dict[str, Any]:
    items = url_items(request)
    path = request.url.path.removesuffix(".json")
    context: dict[str, Any] = {
        "q": page.asked or "",
        "max_query_chars": settings.max_query_chars,
        "facet_groups": facet_groups(page.facets, page.filters, path, items),
        "chips": filter_chips(page.filters, path, items),
        "hidden": [(k, v) for k, v in items if k not in ("q", "prev")],
        "documents": [document_view(d) for d in page.documents],
        "filter_terms": filter_terms(page.filters),
        "theme_notes": [THEME_BY_ID[t] for t in page.filters.themes if t in THEME_BY_ID],
    }
    if page.answer is not None and page.asked is not None:
        answer = page.answer
        link = shared(request)
        asked = [("q", answer.question), *context["hidden"]]
        context.update(
            exports=SITE.exports("/api/ask/export", asked),
            permalink=link.absolute(str(request.url.path) + "?" + request.url.query),
            permalink_local=link.local,
            answer=answer,
            resolved=answer.question,
            groups=council_groups(answer),
            notes=applied_notes(answer, page.asked),
            empty=empty_message(answer.search) if not answer.citations else "",
            nothing=NOTHING_ANSWERS if answer.citations and not answer.search.found else "",
            empty_hint=EMPTY_HINT if not answer.search.filters.is_empty() else "",
        )
    return context
