"""Records -> response dictionaries, shared by the JSON API and the HTML pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from api.urls import SITE
from kb.search.records import Document, Hit, Passage
from kb.search.sources import shown_source

Roots = Sequence[str]  # KnowledgeBase.roots(): sources are shown relative to them


def hit_dict(hit: Hit, n: int | None = None, roots: Roots = ()) -> dict[str, Any]:
    data = hit.to_dict()
    data["source"] = shown_source(hit.source, roots)
    data["url"] = SITE.passage(hit.id)
    data["n"] = n
    return data


def document_dict(document: Document, roots: Roots = ()) -> dict[str, Any]:
    data = document.to_dict()
    data["source"] = shown_source(document.source, roots)
    data.pop("text")
    data.pop("page_offsets")
    data["url"] = SITE.document(document.id)
    return data


def passage_dict(passage: Passage) -> dict[str, Any]:
    return {
        "id": passage.id,
        "ordinal": passage.ordinal,
        "text": passage.text,
        "heading": passage.heading,
        "page": passage.page,
        "page_end": passage.page_end,
        "start": passage.start,
        "end": passage.end,
        "themes": passage.themes,
        "stance": passage.stance,
    }


def document_detail(
    document: Document, passages: list[Passage], roots: Roots = ()
) -> dict[str, Any]:
    data = document_dict(document, roots)
    data["text"] = document.text
    data["page_offsets"] = [list(p) for p in document.page_offsets]
    data["passages"] = [passage_dict(p) for p in passages]
    return data
