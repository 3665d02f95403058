"""The record: documents, passages and file state, with the FTS5 keyword index and the
embedding cache beside them (kb/search/keyword_index.py, kb/search/embedding_cache.py).

SQLite is the source of truth; Chroma can always be rebuilt from it (`kb reindex`).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kb.search.corrections import corrected_documents
from kb.search.embedding_cache import EmbeddingCache
from kb.search.filters import Filters
from kb.search.keyword_index import KeywordIndex
from kb.search.records import Document, Hit, Passage
from kb.search.rows import (
    chunks,
    document_from_row,
    document_row,
    document_where,
    hit_from_row,
    passage_from_row,
    passage_row,
    passage_where,
)
from kb.search.schema import HIT_SELECT


@dataclass(frozen=True)
class FileRecord:
    source: str
    sha256: str
    size: int
    status: str
    error: str | None
    passages: int


class Store(KeywordIndex, EmbeddingCache):
    """Files, documents and passages; the keyword index and the embedding cache beside them."""

    def write_count(self) -> int:
        return int(self.db.execute("SELECT count FROM writes").fetchone()[0])

    def count_write(self) -> int:
        with self.transaction() as db:
            db.execute("UPDATE writes SET count = count + 1")
            return int(db.execute("SELECT count FROM writes").fetchone()[0])

    # --- files -------------------------------------------------------------------------

    def file(self, source: str) -> FileRecord | None:
        row = self.db.execute(
            "SELECT source, sha256, size, status, error, passages FROM files WHERE source = ?",
            (source,),
        ).fetchone()
        return FileRecord(**dict(row)) if row else None

    def add_roots(self, folders: Iterable[str]) -> None:
        with self.transaction() as db:
            db.executemany("INSERT OR IGNORE INTO roots(path) VALUES (?)", [(f,) for f in folders])

    def roots(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT path FROM roots")]

    def file_with_sha(self, sha256: str) -> FileRecord | None:
        """A file already indexed with these bytes, under whatever name."""
        row = self.db.execute(
            "SELECT source, sha256, size, status, error, passages FROM files "
            "WHERE sha256 = ? AND status = 'done' ORDER BY source LIMIT 1",
            (sha256,),
        ).fetchone()
        return FileRecord(**dict(row)) if row else None

    def files(self) -> list[FileRecord]:
        rows = self.db.execute(
            "SELECT source, sha256, size, status, error, passages FROM files ORDER BY source"
        )
        return [FileRecord(**dict(r)) for r in rows]

    def mark_file(
        self, source: str, sha256: str, size: int, status: str, error: str | None = None
    ) -> None:
        self.db.execute(
            """INSERT INTO files(source, sha256, size, status, error, passages)
               VALUES (?, ?, ?, ?, ?, (SELECT COUNT(*) FROM passages p JOIN documents d
                                       ON p.document_id = d.id WHERE d.source = ?))
               ON CONFLICT(source) DO UPDATE SET sha256 = excluded.sha256,
                 size = excluded.size, status = excluded.status, error = excluded.error,
                 passages = excluded.passages, updated_at = datetime('now')""",
            (source, sha256, size, status, error, source),
        )

    # --- documents and passages --------------------------------------------------------

    def passage_ids_of_source(self, source: str) -> set[str]:
        rows = self.db.execute(
            "SELECT p.id FROM passages p JOIN documents d ON p.document_id = d.id "
            "WHERE d.source = ?",
            (source,),
        )
        return {r[0] for r in rows}

    def replace_source(
        self, source: str, documents: Sequence[Document], passages: Sequence[Passage]
    ) -> list[Document]:
        """Swap every document of a file for the new ones, in one transaction, and return
        them as stored: with officers' corrections applied. A passage that was there before
        keeps the time it first arrived."""
        now = utc_now()
        with self.transaction() as db:
            documents = corrected_documents(db, documents)
            arrived = dict(
                db.execute(
                    "SELECT p.id, p.added_at FROM passages p JOIN documents d "
                    "ON p.document_id = d.id WHERE d.source = ?",
                    (source,),
                ).fetchall()
            )
            _delete_documents(db, source)
            db.executemany(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [document_row(d) for d in documents],
            )
            db.executemany(
                "INSERT INTO passages(id, document_id, ordinal, text, heading, page, start, end,"
                " themes, stance, sentences, wording, page_end, added_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(*passage_row(p), arrived.get(p.id) or now) for p in passages],
            )
        return documents

    def remove_source(self, source: str) -> set[str]:
        ids = self.passage_ids_of_source(source)
        with self.transaction() as db:
            _delete_documents(db, source)
            db.execute("DELETE FROM files WHERE source = ?", (source,))
        return ids

    def document(self, document_id: str) -> Document | None:
        row = self.db.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone()
        return document_from_row(row) if row else None

    def documents_of_source(self, source: str) -> list[Document]:
        rows = self.db.execute("SELECT * FROM documents WHERE source = ? ORDER BY part", (source,))
        return [document_from_row(r) for r in rows]

    def documents(self, filters: Filters = Filters()) -> list[Document]:
        where, params = document_where(filters)
        rows = self.db.execute(
            f"SELECT * FROM documents d WHERE {where} ORDER BY d.council, d.date DESC, d.source",
            params,
        )
        return [document_from_row(r) for r in rows]

    def councils_with_documents(self, councils: Sequence[str]) -> set[str]:
        """Those of the councils that hold at least one document: one light query."""
        where, params = document_where(Filters(councils=tuple(councils)))
        rows = self.db.execute(f"SELECT DISTINCT d.council FROM documents d WHERE {where}", params)
        return {r[0] for r in rows}

    def passages_of(self, document_id: str) -> list[Passage]:
        rows = self.db.execute(
            f"{HIT_SELECT} WHERE p.document_id = ? ORDER BY p.ordinal",
            (document_id,),
        )
        return [passage_from_row(r) for r in rows]

    def hits(self, ids: Sequence[str]) -> dict[str, Hit]:
        """The passages with these ids, each with its document's metadata, by id."""
        out: dict[str, Hit] = {}
        for chunk, marks in chunks(ids):
            rows = self.db.execute(
                f"{HIT_SELECT} WHERE p.id IN ({marks})",
                chunk,
            )
            out.update({r["id"]: hit_from_row(r) for r in rows})
        return out

    def filtered_hits(self, filters: Filters, limit: int | None = None) -> list[Hit]:
        """Every passage under the filters, newest document first, in reading order."""
        where, params = passage_where(filters)
        sql = f"{HIT_SELECT} WHERE {where} ORDER BY d.date DESC, d.id, p.ordinal"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [hit_from_row(r) for r in self.db.execute(sql, params)]

    def added_hits(self, filters: Filters, since: str, limit: int) -> list[Hit]:
        """Passages under the filters that arrived after `since`, newest first."""
        where, params = passage_where(filters)
        order = "ORDER BY p.added_at DESC, d.id, p.ordinal LIMIT ?"
        sql = f"{HIT_SELECT} WHERE {where} AND p.added_at > ? {order}"
        return [hit_from_row(r) for r in self.db.execute(sql, [*params, since, limit])]

    def committees(self) -> list[str]:
        """Every committee a document is for, as stored."""
        rows = self.db.execute(
            "SELECT DISTINCT committee FROM documents WHERE committee IS NOT NULL"
        ).fetchall()
        return [r[0] for r in rows]

    def stats(self) -> dict[str, int]:
        one = self.db.execute
        return {
            "files": one("SELECT COUNT(*) FROM files WHERE status = 'done'").fetchone()[0],
            "failed_files": one("SELECT COUNT(*) FROM files WHERE status = 'failed'").fetchone()[0],
            "documents": one("SELECT COUNT(*) FROM documents").fetchone()[0],
            "passages": one("SELECT COUNT(*) FROM passages").fetchone()[0],
        }


def _delete_documents(db: sqlite3.Connection, source: str) -> None:
    """A file's documents and their passages (the FTS5 triggers follow the passages)."""
    db.execute(
        "DELETE FROM passages WHERE document_id IN (SELECT id FROM documents WHERE source = ?)",
        (source,),
    )
    db.execute("DELETE FROM documents WHERE source = ?", (source,))


def utc_now() -> str:
    """Now, as the store writes times it compares: ISO 8601 UTC to the microsecond."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
