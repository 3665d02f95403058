"""Numbered schema migrations of the SQLite record, applied in order on open.

`PRAGMA user_version` says how many have run. Each migration runs once per store, inside
one write transaction with the others still due; a store already up to date is only read.
Stores made before numbering began have version 0 and may already have the columns of
migrations 1 and 2, so those check before they add.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import replace

from kb.search.records import Sentence, page_at, wording


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in db.execute(f"PRAGMA table_info({table})")}


def _wording(db: sqlite3.Connection) -> None:
    """1: passages get the hash of their words, to find boilerplate across files."""
    if "wording" not in _columns(db, "passages"):
        db.execute("ALTER TABLE passages ADD COLUMN wording TEXT")
        rows = db.execute("SELECT rowid, text FROM passages").fetchall()
        db.executemany(
            "UPDATE passages SET wording = ? WHERE rowid = ?",
            [(wording(text), rowid) for rowid, text in rows],
        )
    db.execute("CREATE INDEX IF NOT EXISTS passages_wording ON passages(wording)")


def _published(db: sqlite3.Connection) -> None:
    """2: the publication date a council paper prints. Stores made before numbering may
    have it already."""
    if "published" not in _columns(db, "documents"):
        db.execute("ALTER TABLE documents ADD COLUMN published TEXT")


def _overrides(db: sqlite3.Connection) -> None:
    """3: officers' corrections of document metadata, kept apart from what ingest read so
    that every re-ingest and reindex applies them again. No foreign key: a re-ingest
    deletes and rewrites the document row, and the correction must outlive that."""
    db.execute(
        """CREATE TABLE overrides (
               document_id TEXT NOT NULL,
               field TEXT NOT NULL,
               value TEXT NOT NULL,        -- JSON: the corrected value (null clears it)
               read TEXT NOT NULL,         -- JSON: what ingest read, shown beside it
               updated_at TEXT NOT NULL DEFAULT (datetime('now')),
               PRIMARY KEY (document_id, field)
           )"""
    )


def _page_spans(db: sqlite3.Connection) -> None:
    """4: the last page of each passage, and each sentence's page (the fourth item of its
    entry in `sentences`), so a passage over a page break cites both pages and opens at
    the page of the sentence that answers."""
    db.execute("ALTER TABLE passages ADD COLUMN page_end INTEGER")
    offsets = {
        r[0]: [tuple(x) for x in json.loads(r[1])]
        for r in db.execute("SELECT id, page_offsets FROM documents")
    }
    rows = db.execute("SELECT rowid, document_id, start, end, sentences FROM passages").fetchall()
    updates = []
    for rowid, document_id, start, end, sentences in rows:
        pages = offsets.get(document_id, [])
        spans = [
            replace(s, page=page_at(pages, start + s.start)).to_row()
            for s in map(Sentence.from_row, json.loads(sentences))
        ]
        updates.append((page_at(pages, max(start, end - 1)), json.dumps(spans), rowid))
    db.executemany("UPDATE passages SET page_end = ?, sentences = ? WHERE rowid = ?", updates)


def _keeping_up(db: sqlite3.Connection) -> None:
    """5: when each passage first arrived, and officers' saved searches with when each was
    last looked at, so the app can show what is new on a topic an officer follows."""
    db.execute("ALTER TABLE passages ADD COLUMN added_at TEXT")
    db.execute(
        """UPDATE passages SET added_at = COALESCE((
               SELECT replace(f.updated_at, ' ', 'T') || '.000000+00:00' FROM files f
               JOIN documents d ON d.source = f.source WHERE d.id = passages.document_id
           ), '1970-01-01T00:00:00.000000+00:00')"""
    )
    db.execute("CREATE INDEX passages_added ON passages(added_at)")
    db.execute(
        """CREATE TABLE saved_searches (
               id INTEGER PRIMARY KEY,
               name TEXT NOT NULL,
               query TEXT NOT NULL,        -- may be empty: filters alone
               filters TEXT NOT NULL,      -- JSON, as Filters.as_dict() writes it
               created_at TEXT NOT NULL,
               seen_at TEXT NOT NULL       -- passages added after this are new
           )"""
    )


def _block_kinds(db: sqlite3.Connection) -> None:
    """6: each document's blocks (start, end, kind) as ingest laid them out, so the source
    viewer reads the headings, paragraphs and bullets instead of guessing them again. Rows
    written before stay NULL: the viewer guesses for those, as it did."""
    db.execute("ALTER TABLE documents ADD COLUMN blocks TEXT")


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _wording,
    _published,
    _overrides,
    _page_spans,
    _keeping_up,
    _block_kinds,
)


def migrate(db: sqlite3.Connection) -> None:
    """Bring the store up to the latest version. The transaction is opened here, not by
    Store.transaction, so that opening a store is not counted among its writes."""
    if db.execute("PRAGMA user_version").fetchone()[0] >= len(MIGRATIONS):
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        # read again under the lock: another process may have migrated meanwhile
        version = db.execute("PRAGMA user_version").fetchone()[0]
        for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
            step(db)
            db.execute(f"PRAGMA user_version = {number}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
