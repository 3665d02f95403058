"""Every address the app writes: passages, documents and their files, comparisons, timelines
and export links. Routes, templates (the `urls` global) and exports all ask a `Urls`, and kb's
report builders take one as their `Links` (kb.reports.links), so each path is spelt once.

Links in exports and permalinks start with KB_PUBLIC_URL when it is set, so a report pasted
into committee papers opens for its readers. Without it they point at the address this server
listens on (the socket's, never the request's Host header, which the client chooses) and are
labelled "local link".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from api.views.marks import mark_param
from kb.reports.links import CompareQuery
from kb.settings import Settings

if TYPE_CHECKING:  # the CLI writes links too, without loading the web framework
    from fastapi import Request

EXPORT_FORMATS = {"docx": "Word", "csv": "CSV", "md": "Markdown"}

Span = tuple[int, int]
Query = Mapping[str, Any] | Sequence[tuple[str, str]]


@dataclass(frozen=True)
class Urls:
    base: str = ""  # '' for paths on this site, else scheme://host[:port][/prefix]
    local: bool = False  # the base is this machine's own address: only it can open the links

    def absolute(self, path: str) -> str:
        return self.base + path

    def passage(self, passage_id: str, marks: Sequence[Span] = ()) -> str:
        """A citation's stable address: the passage in its document, `marks` highlighted."""
        query = f"?{urlencode({'mark': mark_param(list(marks))})}" if marks else ""
        return self.absolute(f"/passages/{passage_id}{query}")

    def document(self, document_id: str) -> str:
        return self.absolute(f"/documents/{document_id}")

    def in_document(self, document_id: str, passage_id: str, mark: str | None = None) -> str:
        """Where a passage's address leads: its document, scrolled to it, `mark` as given."""
        params = {"passage": passage_id, **({"mark": mark} if mark else {})}
        return self.absolute(f"/documents/{document_id}?{urlencode(params)}#p-{passage_id}")

    def document_file(self, document_id: str, source: str, page: int | None = None) -> str:
        """The original file; a PDF opens at the cited page."""
        url = self.absolute(f"/documents/{document_id}/file")
        if page and source.lower().endswith(".pdf"):
            url += f"#page={page}"
        return url

    def compare(self, query: CompareQuery) -> str:
        """The comparison page (a grid cell, an export's "full list", a theme link)."""
        params: dict[str, str] = {"councils": ",".join(query.councils)}
        optional = {"theme": query.theme, "q": query.q, "since": query.since}
        optional.update(until=query.until, source=query.source if query.source != "all" else None)
        params.update({k: v for k, v in optional.items() if v})
        return self.absolute("/compare?" + urlencode(params))

    def compare_on(self, councils: Sequence[str], theme: str) -> str:
        """The comparison of the councils on one theme (the pages' theme links)."""
        return self.compare(CompareQuery(tuple(councils), theme))

    def timeline(self, council: str) -> str:
        return self.absolute("/timeline?" + urlencode({"council": council}))

    def saved(self, saved_id: int | None = None) -> str:
        """An officer's saved search, or the list of them."""
        return self.absolute("/saved" if saved_id is None else f"/saved/{saved_id}")

    def document_action(self, document_id: str, action: str) -> str:
        """Where a document's forms post: 'metadata' (a correction) or 'remove'."""
        return self.absolute(f"/documents/{document_id}/{action}")

    def saved_action(self, saved_id: int, action: str) -> str:
        """Where a saved search's forms post: 'seen' or 'delete'."""
        return self.absolute(f"/saved/{saved_id}/{action}")

    def saved_feed(self, saved_id: int) -> str:
        """The Atom feed of what is new on a saved search."""
        return self.absolute(f"/saved/{saved_id}/feed.atom")

    def with_items(self, path: str, items: Sequence[tuple[str, str]]) -> str:
        """`path` with exactly these query items, or bare (a facet or filter chip toggled)."""
        query = urlencode(list(items))
        return self.absolute(f"{path}?{query}" if query else path)

    def search(self, query: Query) -> str:
        """The search page (a permalink) for the query's non-empty values."""
        return self.with_query("/search", query)

    def with_query(self, path: str, query: Query) -> str:
        """`path` with the query's non-empty values (a JSON twin, a shared basket)."""
        items = list(query.items()) if isinstance(query, Mapping) else list(query)
        return self.absolute(f"{path}?{urlencode([(k, v) for k, v in items if v])}")

    def exports(self, path: str, query: Query) -> list[dict[str, str]]:
        """Word, CSV and Markdown links to an export route with the given query."""
        items = list(query.items()) if isinstance(query, Mapping) else list(query)
        kept = [(k, v) for k, v in items if v]
        return [
            {"label": label, "url": self.with_query(path, [*kept, ("format", fmt)])}
            for fmt, label in EXPORT_FORMATS.items()
        ]


SITE = Urls()  # links within the site, as pages and JSON write them


def shared(request: Request) -> Urls:
    """Links that leave the app (exports, permalinks): KB_PUBLIC_URL, else this server."""
    settings: Settings = request.app.state.settings
    if settings.public_url:
        return Urls(settings.public_url, False)
    host, port = request.scope.get("server") or ("127.0.0.1", 8000)
    host = f"[{host}]" if ":" in host else host  # an IPv6 literal
    return Urls(f"http://{host}:{port}", True)
