"""Officers' corrections of what ingest read about a document (council, type, dates, visit).

A correction is an override kept beside the record (the `overrides` table), never in place
of it: each re-ingest reads the file afresh, notes what it read, and applies the override
again, so a correction outlives every re-ingest and reindex. Values are checked here, so
the app and the command line refuse the same mistakes with the same words.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from kb.errors import KbError
from kb.search.records import Document
from kb.vocab.councils import canonical_council
from kb.vocab.kinds import DOC_TYPE_LABELS, VISIT_TYPES

MAX_TEXT = 300  # a title or a committee's name; more is not metadata


class CorrectionError(KbError, ValueError):
    """A corrected value that cannot be kept, with the field it was given for."""

    status = 422

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class Correction:
    field: str
    value: Any  # what the officer set (None clears the field)
    read: Any  # what ingest read from the file


def _text(field: str, value: Any) -> str:
    text = " ".join(str(value).split())
    if len(text) > MAX_TEXT:
        raise CorrectionError(field, f"{len(text)} characters; the limit is {MAX_TEXT}")
    return text


def _council(field: str, value: Any) -> str:
    found = canonical_council(str(value))
    if found is None:
        raise CorrectionError(field, f"{value!r} is not a council this knowledge base knows")
    return found


def _doc_type(field: str, value: Any) -> str:
    if value not in DOC_TYPE_LABELS:
        raise CorrectionError(field, f"{value!r} is not one of {sorted(DOC_TYPE_LABELS)}")
    return str(value)


def _visit_type(field: str, value: Any) -> str:
    if value not in VISIT_TYPES:
        raise CorrectionError(field, f"{value!r} is not one of {list(VISIT_TYPES)}")
    return str(value)


def _date(field: str, value: Any) -> str:
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise CorrectionError(field, f"must be a date as YYYY-MM-DD, got {value!r}") from None


def _number(field: str, value: Any) -> int:
    text = str(value).strip()
    if not text.isdigit() or not 1 <= int(text) <= 99:
        raise CorrectionError(field, f"must be a whole number from 1 to 99, got {value!r}")
    return int(text)


# Field -> how its value is checked. Title and type cannot be cleared: every document has one.
FIELDS: dict[str, Callable[[str, Any], Any]] = {
    "title": _text,
    "council": _council,
    "doc_type": _doc_type,
    "committee": _text,
    "date": _date,
    "meeting_date": _date,
    "visit_type": _visit_type,
    "visit_number": _number,
    "visit_start": _date,
    "visit_end": _date,
}
REQUIRED = ("title", "doc_type")


def checked(changes: Mapping[str, Any]) -> dict[str, Any]:
    """The changes with each value in the form the store keeps; None or "" clears a field."""
    out: dict[str, Any] = {}
    for field, value in changes.items():
        if field not in FIELDS:
            raise CorrectionError(field, f"not a field that can be corrected; use {list(FIELDS)}")
        if value is None or (isinstance(value, str) and not value.strip()):
            if field in REQUIRED:
                raise CorrectionError(field, "cannot be empty")
            out[field] = None
        else:
            out[field] = FIELDS[field](field, value)
    start, end = out.get("visit_start"), out.get("visit_end")
    if start and end and start > end:
        raise CorrectionError("visit_end", f"{end} is before the visit's start, {start}")
    return out


def overrides(db: sqlite3.Connection, document_ids: Iterable[str]) -> dict[str, list[Correction]]:
    """Document id -> its corrections, for the documents that have any."""
    ids = list(dict.fromkeys(document_ids))
    out: dict[str, list[Correction]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = db.execute(
            "SELECT document_id, field, value, read FROM overrides "
            f"WHERE document_id IN ({','.join('?' * len(chunk))}) ORDER BY field",
            chunk,
        )
        for document_id, field, value, read in rows:
            out.setdefault(document_id, []).append(
                Correction(field, json.loads(value), json.loads(read))
            )
    return out


def apply(document: Document, corrections: Sequence[Correction]) -> Document:
    return replace(document, **{c.field: c.value for c in corrections if c.field in FIELDS})


def corrected_documents(db: sqlite3.Connection, documents: Sequence[Document]) -> list[Document]:
    """Freshly read documents with their corrections applied; what was read is noted beside
    each correction, and one the file now agrees with is dropped (call inside the write
    transaction that stores the documents)."""
    found = overrides(db, [d.id for d in documents])
    pairs = [(d, c) for d in documents for c in found.get(d.id, [])]
    db.executemany(
        "UPDATE overrides SET read = ? WHERE document_id = ? AND field = ?",
        [(json.dumps(getattr(d, c.field)), d.id, c.field) for d, c in pairs],
    )
    db.executemany(
        "DELETE FROM overrides WHERE document_id = ? AND field = ?",
        [(d.id, c.field) for d, c in pairs if getattr(d, c.field) == c.value],
    )
    return [apply(d, found.get(d.id, [])) for d in documents]


def set_overrides(
    db: sqlite3.Connection, document: Document, changes: Mapping[str, Any]
) -> Document:
    """Store checked changes to a stored document and return it corrected. A value equal to
    what ingest read drops the override: the field is back to what the file says."""
    read = {c.field: c.read for c in overrides(db, [document.id]).get(document.id, [])}
    for field, value in changes.items():
        original = read.get(field, getattr(document, field))
        if value == original:
            db.execute(
                "DELETE FROM overrides WHERE document_id = ? AND field = ?", (document.id, field)
            )
        else:
            db.execute(
                """INSERT INTO overrides(document_id, field, value, read) VALUES (?, ?, ?, ?)
                   ON CONFLICT(document_id, field) DO UPDATE SET value = excluded.value,
                   updated_at = datetime('now')""",
                (document.id, field, json.dumps(value), json.dumps(original)),
            )
    fixed = replace(document, **changes)
    columns = ", ".join(f"{field} = ?" for field in changes)
    if columns:
        db.execute(
            f"UPDATE documents SET {columns} WHERE id = ?",
            [*(getattr(fixed, f) for f in changes), document.id],
        )
    return fixed


def reapply_all(db: sqlite3.Connection) -> int:
    """Write every override into its document row again (reindex): the documents table
    then says what the officers corrected, whatever wrote it last. Returns rows updated."""
    updated = 0
    for document_id, corrections in overrides(
        db, [r[0] for r in db.execute("SELECT DISTINCT document_id FROM overrides")]
    ).items():
        for c in corrections:
            if c.field in FIELDS:  # a field name is never taken from the table into SQL unchecked
                cursor = db.execute(
                    f"UPDATE documents SET {c.field} = ? WHERE id = ?", (c.value, document_id)
                )
                updated += cursor.rowcount
    return updated
