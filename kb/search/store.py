"""The record: documents, passages, file state, embedding cache and the FTS5 keyword index.

SQLite is the source of truth; Chroma can always be rebuilt from it (`kb reindex`).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np

from kb.search.corrections import corrected_documents
from kb.search.filters import Filters
from kb.search.migrations import migrate
from kb.search.records import (
    DocMeta,
    Document,
    Hit,
    Passage,
    Sentence,
    content_hash,
    embed_text,
    wording,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    source TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    status TEXT NOT NULL,          -- pending | done | failed
    error TEXT,
    passages INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    part INTEGER NOT NULL,
    title TEXT NOT NULL,
    doc_type TEXT NOT NULL,
    council TEXT,
    date TEXT,
    committee TEXT,
    meeting_date TEXT,
    visit_type TEXT,
    visit_number INTEGER,
    visit_start TEXT,
    visit_end TEXT,
    inspectors TEXT NOT NULL DEFAULT '[]',
    grades TEXT NOT NULL DEFAULT '{}',
    text TEXT NOT NULL,
    page_offsets TEXT NOT NULL DEFAULT '[]',
    file_format TEXT NOT NULL,
    published TEXT                 -- publication date a council paper prints (ISO)
);
CREATE INDEX IF NOT EXISTS documents_source ON documents(source);
CREATE TABLE IF NOT EXISTS passages (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    text TEXT NOT NULL,
    heading TEXT NOT NULL,
    page INTEGER,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    themes TEXT NOT NULL DEFAULT '[]',
    stance TEXT NOT NULL,
    sentences TEXT NOT NULL DEFAULT '[]',
    wording TEXT                   -- hash of the words alone: the same text in other files
);
CREATE INDEX IF NOT EXISTS passages_document ON passages(document_id);
CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(
    text, heading, content='passages', content_rowid='rowid',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS passages_ai AFTER INSERT ON passages BEGIN
    INSERT INTO passages_fts(rowid, text, heading) VALUES (new.rowid, new.text, new.heading);
END;
CREATE TRIGGER IF NOT EXISTS passages_ad AFTER DELETE ON passages BEGIN
    INSERT INTO passages_fts(passages_fts, rowid, text, heading)
    VALUES ('delete', old.rowid, old.text, old.heading);
END;
CREATE TABLE IF NOT EXISTS embeddings (
    text_hash TEXT NOT NULL,
    model TEXT NOT NULL,
    vector BLOB NOT NULL,
    spans_hash TEXT,               -- which sentence spans `sentences` was pooled over
    sentences BLOB,                -- one vector per sentence, row-major float32
    PRIMARY KEY (text_hash, model)
);
-- Bumped after every write to the knowledge base, by whichever process wrote: a process that
-- keeps an index in memory (embedded Chroma) opens it again when the count has moved.
CREATE TABLE IF NOT EXISTS writes (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    count INTEGER NOT NULL
);
INSERT OR IGNORE INTO writes VALUES (1, 0);
-- The folders files were ingested from: sources are shown relative to them, never absolute.
CREATE TABLE IF NOT EXISTS roots (path TEXT PRIMARY KEY);
"""


HIT_COLUMNS = """
    p.id, p.document_id, p.ordinal, p.text, p.heading, p.page, p.start, p.end, p.themes,
    p.stance, p.sentences, p.page_end, p.added_at, d.source, d.title, d.doc_type, d.council,
    d.date, d.committee, d.meeting_date, d.visit_type, d.visit_number, d.visit_start,
    d.visit_end, d.file_format, d.published
"""


@dataclass(frozen=True)
class FileRecord:
    source: str
    sha256: str
    size: int
    status: str
    error: str | None
    passages: int


class Store:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._local = threading.local()
        self.db.executescript(SCHEMA)  # executescript manages its own transaction
        migrate(self.db)

    @property
    def db(self) -> sqlite3.Connection:
        # One connection per thread: the API serves requests from a thread pool.
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

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
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [_document_row(d) for d in documents],
            )
            db.executemany(
                "INSERT INTO passages(id, document_id, ordinal, text, heading, page, start, end,"
                " themes, stance, sentences, wording, page_end, added_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(*_passage_row(p), arrived.get(p.id) or now) for p in passages],
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
        return _document_from_row(row) if row else None

    def documents_of_source(self, source: str) -> list[Document]:
        rows = self.db.execute("SELECT * FROM documents WHERE source = ? ORDER BY part", (source,))
        return [_document_from_row(r) for r in rows]

    def documents(self, filters: Filters = Filters()) -> list[Document]:
        where, params = document_where(filters)
        rows = self.db.execute(
            f"SELECT * FROM documents d WHERE {where} ORDER BY d.council, d.date DESC, d.source",
            params,
        )
        return [_document_from_row(r) for r in rows]

    def passages_of(self, document_id: str) -> list[Passage]:
        rows = self.db.execute(
            f"SELECT {HIT_COLUMNS} FROM passages p JOIN documents d ON p.document_id = d.id "
            "WHERE p.document_id = ? ORDER BY p.ordinal",
            (document_id,),
        )
        return [passage_from_row(r) for r in rows]

    def hits(self, ids: Sequence[str]) -> dict[str, Hit]:
        """The passages with these ids, each with its document's metadata, by id."""
        out: dict[str, Hit] = {}
        for chunk, marks in _chunks(ids):
            rows = self.db.execute(
                f"SELECT {HIT_COLUMNS} FROM passages p JOIN documents d ON p.document_id = d.id "
                f"WHERE p.id IN ({marks})",
                chunk,
            )
            out.update({r["id"]: hit_from_row(r) for r in rows})
        return out

    def filtered_hits(self, filters: Filters, limit: int | None = None) -> list[Hit]:
        """Every passage under the filters, newest document first, in reading order."""
        where, params = passage_where(filters)
        sql = (
            f"SELECT {HIT_COLUMNS} FROM passages p JOIN documents d ON p.document_id = d.id "
            f"WHERE {where} ORDER BY d.date DESC, d.id, p.ordinal"
        )
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [hit_from_row(r) for r in self.db.execute(sql, params)]

    def added_hits(self, filters: Filters, since: str, limit: int) -> list[Hit]:
        """Passages under the filters that arrived after `since`, newest first."""
        where, params = passage_where(filters)
        sql = (
            f"SELECT {HIT_COLUMNS} FROM passages p JOIN documents d ON p.document_id = d.id "
            f"WHERE {where} AND p.added_at > ? ORDER BY p.added_at DESC, d.id, p.ordinal LIMIT ?"
        )
        return [hit_from_row(r) for r in self.db.execute(sql, [*params, since, limit])]

    def passage_ids(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT id FROM passages")}

    def fts_rowids(self) -> tuple[set[int], set[int]]:
        """(passage rowids, rowids the keyword index answers for), to find drift."""
        passages = {r[0] for r in self.db.execute("SELECT rowid FROM passages")}
        indexed = {r[0] for r in self.db.execute("SELECT rowid FROM passages_fts_docsize")}
        return passages, indexed

    def rebuild_fts(self) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO passages_fts(passages_fts) VALUES ('rebuild')")

    def keyword_search(
        self, match: str, filters: Filters, n: int, within: str | None = None
    ) -> list[tuple[str, float]]:
        """bm25 over text and heading, best first; `match` and `within` must come from
        kb.query, never from a user. With `within`, only passages that also match it are
        scored: the same scores, computed for fewer rows."""
        where, params = passage_where(filters)
        if within is not None:
            # The unary plus keeps FTS5 from taking the rowid list as a per-row lookup, which
            # would re-run the MATCH once per rowid; as written it filters the scan instead.
            where += (
                " AND +passages_fts.rowid IN "
                "(SELECT rowid FROM passages_fts WHERE passages_fts MATCH ?)"
            )
            params = [*params, within]
        rows = self.db.execute(
            f"""SELECT p.id, bm25(passages_fts, 1.0, 0.5) AS score
                FROM passages_fts JOIN passages p ON p.rowid = passages_fts.rowid
                JOIN documents d ON p.document_id = d.id
                WHERE passages_fts MATCH ? AND {where}
                ORDER BY score LIMIT ?""",
            (match, *params, n),
        )
        return [(r[0], -float(r[1])) for r in rows]

    def repeated(self, ids: Sequence[str], files: int) -> set[str]:
        """Those of the passages whose words recur in at least `files` files: boilerplate
        (a publisher's back page, a council's standard footer), not a finding."""
        out: set[str] = set()
        for chunk, marks in _chunks(ids):
            rows = self.db.execute(
                f"""SELECT p.id FROM passages p WHERE p.id IN ({marks}) AND (
                        SELECT COUNT(DISTINCT d.source) FROM passages q
                        JOIN documents d ON d.id = q.document_id WHERE q.wording = p.wording
                    ) >= ?""",
                (*chunk, files),
            )
            out.update(r[0] for r in rows)
        return out

    def match_count(self, match: str) -> int:
        """Passages matching an FTS5 expression, without scoring them: cheap."""
        row = self.db.execute(
            "SELECT count(*) FROM passages_fts WHERE passages_fts MATCH ?", (match,)
        ).fetchone()
        return int(row[0])

    def indexed_count(self) -> int:
        """Rows in the keyword index, as bm25 counts them."""
        return int(self.db.execute("SELECT count(*) FROM passages_fts_docsize").fetchone()[0])

    def facet_counts(self, column: str, filters: Filters) -> dict[str, int]:
        """Passages per value of one facet under the other filters."""
        where, params = passage_where(filters)
        if column == "themes":
            sql = (
                f"SELECT j.value, COUNT(*) FROM passages p JOIN documents d "
                f"ON p.document_id = d.id, json_each(p.themes) j WHERE {where} GROUP BY j.value"
            )
        elif column == "year":
            sql = (
                f"SELECT substr(d.date, 1, 4), COUNT(*) FROM passages p JOIN documents d "
                f"ON p.document_id = d.id WHERE {where} AND d.date IS NOT NULL GROUP BY 1"
            )
        else:
            col = {
                "council": "d.council",
                "doc_type": "d.doc_type",
                "visit_type": "d.visit_type",
                "committee": "d.committee",
                "stance": "p.stance",
            }[column]
            sql = (
                f"SELECT {col}, COUNT(*) FROM passages p JOIN documents d "
                f"ON p.document_id = d.id WHERE {where} AND {col} IS NOT NULL GROUP BY 1"
            )
        return {str(r[0]): int(r[1]) for r in self.db.execute(sql, params)}

    # --- embedding cache ---------------------------------------------------------------

    def cached_vectors(self, hashes: Sequence[str], model: str) -> dict[str, np.ndarray]:
        rows = self._embeddings(hashes, model, "vector")
        return {h: np.frombuffer(vector, dtype=np.float32) for h, vector in rows}

    def cache_vectors(self, items: dict[str, np.ndarray], model: str) -> None:
        with self.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO embeddings(text_hash, model, vector) VALUES (?, ?, ?)",
                [(h, model, v.astype(np.float32).tobytes()) for h, v in items.items()],
            )

    def cached_passage_vectors(
        self, hashes: Sequence[str], model: str
    ) -> dict[str, tuple[np.ndarray, str | None, np.ndarray | None]]:
        """text hash -> (vector, spans hash, sentence vectors) for texts embedded before."""
        out: dict[str, tuple[np.ndarray, str | None, np.ndarray | None]] = {}
        for h, vector, spans_hash, sentences in self._embeddings(
            hashes, model, "vector, spans_hash, sentences"
        ):
            v = np.frombuffer(vector, dtype=np.float32)
            s = None if sentences is None else np.frombuffer(sentences, np.float32)
            out[h] = (v, spans_hash, None if s is None else s.reshape(-1, v.shape[0]))
        return out

    def sentence_vectors(self, passage_ids: Iterable[str], model: str) -> dict[str, np.ndarray]:
        """Passage id -> its sentences' vectors, a row per sentence in order. They are kept
        only here, with the passage's own vector, under the hash of the text the model read."""
        keys = self._embed_keys(passage_ids)
        found = {
            # size: the passage vector's bytes, 4 per dimension
            key: np.frombuffer(blob, dtype=np.float32).reshape(-1, size // 4)
            for key, size, blob in self._embeddings(
                keys.values(), model, "length(vector), sentences"
            )
            if blob is not None
        }
        return {pid: found[key] for pid, key in keys.items() if key in found}

    def passages_without_sentence_vectors(self, model: str) -> set[str]:
        keys = self._embed_keys(self.passage_ids())
        rows = self._embeddings(keys.values(), model, "sentences IS NOT NULL")
        found = {key for key, has_sentences in rows if has_sentences}
        return {pid for pid, key in keys.items() if key not in found}

    def _embeddings(
        self, hashes: Iterable[str], model: str, columns: str
    ) -> Iterator[tuple[Any, ...]]:
        """(text hash, *columns) of the embeddings kept for these texts, each hash once."""
        for chunk, marks in _chunks(list(dict.fromkeys(hashes))):
            yield from self.db.execute(
                f"SELECT text_hash, {columns} FROM embeddings WHERE model = ? "
                f"AND text_hash IN ({marks})",
                (model, *chunk),
            )

    def _embed_keys(self, passage_ids: Iterable[str]) -> dict[str, str]:
        """Passage id -> hash of the text the model reads for it (the embeddings' key)."""
        keys: dict[str, str] = {}
        for chunk, marks in _chunks(list(passage_ids)):
            rows = self.db.execute(
                f"SELECT id, heading, text FROM passages WHERE id IN ({marks})", chunk
            )
            keys.update({r[0]: content_hash(embed_text(r[1], r[2])) for r in rows})
        return keys

    def cache_passage_vectors(
        self, items: dict[str, tuple[np.ndarray, str, np.ndarray]], model: str
    ) -> None:
        with self.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO embeddings(text_hash, model, vector, spans_hash, "
                "sentences) VALUES (?, ?, ?, ?, ?)",
                [
                    (h, model, v.astype(np.float32).tobytes(), sh, s.astype(np.float32).tobytes())
                    for h, (v, sh, s) in items.items()
                ],
            )

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


def _chunks(values: Sequence[str], size: int = 500) -> Iterator[tuple[list[str], str]]:
    """Values in slices small enough for one `IN (...)`, each with its placeholders."""
    for start in range(0, len(values), size):
        chunk = list(values[start : start + size])
        yield chunk, ",".join("?" * len(chunk))


def _delete_documents(db: sqlite3.Connection, source: str) -> None:
    """A file's documents and their passages (the FTS5 triggers follow the passages)."""
    db.execute(
        "DELETE FROM passages WHERE document_id IN (SELECT id FROM documents WHERE source = ?)",
        (source,),
    )
    db.execute("DELETE FROM documents WHERE source = ?", (source,))


# --- SQL rendering of filters -----------------------------------------------------------


def document_where(filters: Filters) -> tuple[str, list[Any]]:
    clauses: list[str] = ["1"]
    params: list[Any] = []

    def any_of(column: str, values: Sequence[str]) -> None:
        if values:
            clauses.append(f"{column} IN ({','.join('?' * len(values))})")
            params.extend(values)

    any_of("d.council", filters.councils)
    any_of("d.doc_type", filters.doc_types)
    any_of("d.visit_type", filters.visit_types)
    any_of("d.committee", filters.committees)
    if filters.since:
        clauses.append("d.date >= ?")
        params.append(filters.since)
    if filters.until:
        clauses.append("d.date <= ?")
        params.append(filters.until)
    if filters.document_id:
        clauses.append("d.id = ?")
        params.append(filters.document_id)
    return " AND ".join(clauses), params


def passage_where(filters: Filters) -> tuple[str, list[Any]]:
    where, params = document_where(filters)
    clauses = [where]
    for theme in filters.themes:
        clauses.append("EXISTS (SELECT 1 FROM json_each(p.themes) WHERE value = ?)")
        params.append(theme)
    if filters.stance:
        clauses.append("p.stance = ?")
        params.append(filters.stance)
    return " AND ".join(clauses), params


# --- rows <-> records -------------------------------------------------------------------


def _document_row(d: Document) -> tuple[Any, ...]:
    return (
        d.id,
        d.source,
        d.part,
        d.title,
        d.doc_type,
        d.council,
        d.date,
        d.committee,
        d.meeting_date,
        d.visit_type,
        d.visit_number,
        d.visit_start,
        d.visit_end,
        json.dumps(d.inspectors),
        json.dumps(d.grades),
        d.text,
        json.dumps(d.page_offsets),
        d.file_format,
        d.published,
    )


def _document_from_row(row: sqlite3.Row) -> Document:
    data = dict(row)
    data["inspectors"] = json.loads(data["inspectors"])
    data["grades"] = json.loads(data["grades"])
    data["page_offsets"] = [tuple(x) for x in json.loads(data["page_offsets"])]
    return Document(**data)


def _passage_row(p: Passage) -> tuple[Any, ...]:
    sentences = [s.to_row() for s in p.sentences]
    return (
        p.id,
        p.document_id,
        p.ordinal,
        p.text,
        p.heading,
        p.page,
        p.start,
        p.end,
        json.dumps(p.themes),
        p.stance,
        json.dumps(sentences),
        wording(p.text),
        p.page_end,
    )


def _passage_fields(row: sqlite3.Row) -> dict[str, Any]:
    return dict(
        id=row["id"],
        document_id=row["document_id"],
        ordinal=row["ordinal"],
        text=row["text"],
        heading=row["heading"],
        page=row["page"],
        start=row["start"],
        end=row["end"],
        themes=json.loads(row["themes"]),
        stance=row["stance"],
        sentences=[Sentence.from_row(s) for s in json.loads(row["sentences"])],
        page_end=row["page_end"],
        added_at=row["added_at"],
    )


def passage_from_row(row: sqlite3.Row) -> Passage:
    return Passage(**_passage_fields(row))


_DOC_META = tuple(f.name for f in fields(DocMeta))


def hit_from_row(row: sqlite3.Row) -> Hit:
    """A passage row joined with its document's (HIT_COLUMNS): the record, never the row."""
    return Hit(**_passage_fields(row), **{name: row[name] for name in _DOC_META})


def utc_now() -> str:
    """Now, as the store writes times it compares: ISO 8601 UTC to the microsecond."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
