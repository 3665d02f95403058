"""The facade's reads of the record: documents, passages with their metadata, facets and
file state, each a record from the store (never a row), each filter spelled as stored."""

from __future__ import annotations

from collections.abc import Sequence

from kb.errors import NotFound
from kb.search.filters import FACET_OWN_FILTERS, Filters
from kb.search.records import Document, Hit, Passage
from kb.search.store import FileRecord, Store


class Reading:
    """Read methods of KnowledgeBase, which owns `store`."""

    store: Store

    def known_committees(self, filters: Filters) -> Filters:
        """Committee filters spelled as the documents spell them ("cabinet" -> "Cabinet");
        a name no document carries stays as given, so the response shows what failed."""
        if not filters.committees:
            return filters
        stored = {_folded(c): c for c in self.store.committees()}
        return filters.with_(
            committees=tuple(stored.get(_folded(c), c) for c in filters.committees)
        )

    def documents(self, filters: Filters = Filters()) -> list[Document]:
        return self.store.documents(self.known_committees(filters))

    def document(self, document_id: str) -> Document | None:
        return self.store.document(document_id)

    def require_document(self, document_id: str) -> Document:
        """The document, or NotFound naming the id."""
        document = self.store.document(document_id)
        if document is None:
            raise NotFound(f"no document {document_id!r}")
        return document

    def documents_of_source(self, source: str) -> list[Document]:
        return self.store.documents_of_source(source)

    def file_with_sha(self, sha256: str) -> FileRecord | None:
        """A file already indexed with these bytes, under whatever name."""
        return self.store.file_with_sha(sha256)

    def stats(self) -> dict[str, int]:
        return self.store.stats()

    def hits(self, ids: Sequence[str]) -> dict[str, Hit]:
        """The passages with these ids, each with its document's metadata, by id."""
        return self.store.hits(ids)

    def hit(self, passage_id: str) -> Hit:
        """One passage with its document's metadata, or NotFound naming the id."""
        found = self.store.hits([passage_id]).get(passage_id)
        if found is None:
            raise NotFound(f"no passage {passage_id!r}")
        return found

    def hits_where(self, filters: Filters) -> list[Hit]:
        """Every passage under the filters, newest document first, in reading order."""
        return self.store.filtered_hits(filters)

    def councils_without_documents(self, councils: Sequence[str]) -> list[str]:
        """The councils named that hold no document: real councils, honestly empty."""
        if not councils:
            return []
        held = self.store.councils_with_documents(councils)
        return [c for c in councils if c not in held]

    def passages_of(self, document_id: str) -> list[Passage]:
        return self.store.passages_of(document_id)

    def facets(self, filters: Filters) -> dict[str, dict[str, int]]:
        """Counts per facet value, each facet counted under the other facets' filters."""
        filters = self.known_committees(filters)
        return {
            name: self.store.facet_counts(name, filters.with_(**clear))
            for name, clear in FACET_OWN_FILTERS.items()
        }


def _folded(name: str) -> str:
    return " ".join(name.lower().replace("&", " and ").replace("’", "'").split())
