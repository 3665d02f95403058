"""Where a report links to. kb builds no URLs: the app that shows reports passes an object
with these methods (api/urls.py), and every link in a payload or an export comes from it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

Span = tuple[int, int]


@dataclass(frozen=True)
class CompareQuery:
    """What a comparison is asked for: councils, a theme or topic, a period and a source."""

    councils: tuple[str, ...]
    theme: str | None = None
    since: str | None = None
    until: str | None = None
    source: str = "all"
    q: str | None = None


class Links(Protocol):
    @property
    def base(self) -> str:
        """What every link begins with: '' for paths on the site itself, else the address
        (scheme://host[:port][/prefix]) that a pasted report's readers open."""
        ...

    def passage(self, passage_id: str, marks: Sequence[Span] = ()) -> str:
        """A passage in its document, the spans `marks` of its text highlighted."""
        ...

    def document(self, document_id: str) -> str:
        """A document in the viewer."""
        ...

    def compare(self, query: CompareQuery) -> str:
        """The comparison page that answers the query."""
        ...
