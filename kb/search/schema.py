"""The SQLite tables (documents, passages, files, embeddings, the FTS5 index and its
triggers) and the columns a hit is read with. Later changes are numbered migrations
(kb/search/migrations.py), so a store built by an older version is still read."""

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
# A passage with its document's metadata, as kb/search/rows.py hit_from_row reads it.
HIT_SELECT = f"SELECT {HIT_COLUMNS} FROM passages p JOIN documents d ON p.document_id = d.id"
