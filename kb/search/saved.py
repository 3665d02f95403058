"""Saved searches: what is new on a topic an officer follows.

A saved search is a question (or none) and filters. Its new passages are those that arrived
after the officer last looked, fall under its filters and, when it has a question, have a
sentence that answers it as closely as the answer's own marked sentences must
(kb.retrieval.MARK_MIN_SIMILARITY): a week's papers are read in full, not just the few a
ranked search would show.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, fields

from kb.errors import KbError, NotFound
from kb.search.filters import Filters
from kb.search.query import parse_query
from kb.search.records import Hit
from kb.search.retrieval import MARK_MIN_SIMILARITY, Retriever, mark, resolve_filters
from kb.search.store import Store, utc_now

MAX_NAME = 120
CANDIDATES = 5000  # newest passages read per look; more than a week of any council's papers


class SavedSearchError(KbError, ValueError):
    """A saved search that cannot be kept as asked; the message names the parameter."""

    status = 422


@dataclass(frozen=True)
class SavedSearch:
    id: int
    name: str
    query: str
    filters: Filters
    created_at: str
    seen_at: str  # passages added after this are new


def filters_from_dict(data: dict[str, object]) -> Filters:
    """The inverse of Filters.as_dict (lists back to tuples)."""
    names = {f.name for f in fields(Filters)}
    return Filters(
        **{k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in names}  # type: ignore[arg-type]
    )


def _saved(row: sqlite3.Row) -> SavedSearch:
    return SavedSearch(
        row["id"],
        row["name"],
        row["query"],
        filters_from_dict(json.loads(row["filters"])),
        row["created_at"],
        row["seen_at"],
    )


class SavedSearches:
    def __init__(self, store: Store, retriever: Callable[[], Retriever]) -> None:
        self.store = store
        self._retriever = retriever  # loaded on first use: listing needs no model

    def save(self, name: str, query: str, filters: Filters) -> SavedSearch:
        """SavedSearchError names the parameter when the name is empty or too long."""
        name, query = " ".join(name.split()), " ".join(query.split())
        if not name:
            raise SavedSearchError("name: a saved search needs a name")
        if len(name) > MAX_NAME:
            raise SavedSearchError(f"name: {len(name)} characters; the limit is {MAX_NAME}")
        now = utc_now()
        with self.store.transaction() as db:
            cursor = db.execute(
                "INSERT INTO saved_searches(name, query, filters, created_at, seen_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (name, query, json.dumps(filters.as_dict()), now, now),
            )
        found = self.get(int(cursor.lastrowid or 0))
        assert found is not None
        return found

    def all(self) -> list[SavedSearch]:
        rows = self.store.db.execute("SELECT * FROM saved_searches ORDER BY name, id")
        return [_saved(r) for r in rows]

    def get(self, saved_id: int) -> SavedSearch | None:
        row = self.store.db.execute(
            "SELECT * FROM saved_searches WHERE id = ?", (saved_id,)
        ).fetchone()
        return _saved(row) if row else None

    def require(self, saved_id: int) -> SavedSearch:
        """The saved search, or NotFound naming it."""
        saved = self.get(saved_id)
        if saved is None:
            raise NotFound(f"no saved search {saved_id}")
        return saved

    def mark_seen(self, saved_id: int) -> None:
        with self.store.transaction() as db:
            db.execute("UPDATE saved_searches SET seen_at = ? WHERE id = ?", (utc_now(), saved_id))

    def delete(self, saved_id: int) -> bool:
        with self.store.transaction() as db:
            return db.execute("DELETE FROM saved_searches WHERE id = ?", (saved_id,)).rowcount > 0

    def new_passages(
        self, saved: SavedSearch, since: str | None = None, limit: int = 50
    ) -> list[Hit]:
        """Passages that arrived after `since` (default: when the officer last looked) and
        match the saved search, newest first; each hit's `added_at` says when."""
        parsed = parse_query(saved.query) if saved.query else None
        filters = resolve_filters(parsed, saved.filters)[0] if parsed else saved.filters
        added = self.store.added_hits(filters, since or saved.seen_at, CANDIDATES)
        if parsed is None:
            return added[:limit]
        retriever = self._retriever()
        vector = retriever.embed([parsed.dense_text])[0]
        stored = self.store.sentence_vectors([h.id for h in added], retriever.model)
        hits: list[Hit] = []
        for hit in added:
            sentences = stored.get(hit.id)
            if sentences is None or not len(sentences):
                continue
            similarities = {i: float(s) for i, s in enumerate(sentences @ vector)}
            best = max(similarities.values())
            if best < MARK_MIN_SIMILARITY:
                continue
            hit.score = round(best, 6)
            hit.sentence_scores = similarities
            hit.marked = mark(hit, similarities, parsed)
            hits.append(hit)
            if len(hits) == limit:
                break
        return hits

    def new_count(self, saved: SavedSearch) -> int:
        return len(self.new_passages(saved, limit=CANDIDATES))
