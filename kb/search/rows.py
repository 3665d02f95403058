"""Records to SQLite rows and back, and filters as SQL: the only place that knows both
the record types and the column names. The store returns records built here, never rows."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import fields
from typing import Any

from kb.search.filters import Filters
from kb.search.records import DocMeta, Document, Hit, Passage, Sentence, wording


def chunks(values: Sequence[str], size: int = 500) -> Iterator[tuple[list[str], str]]:
    """Values in slices small enough for one `IN (...)`, each with its placeholders."""
    for start in range(0, len(values), size):
        chunk = list(values[start : start + size])
        yield chunk, ",".join("?" * len(chunk))


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


def document_row(d: Document) -> tuple[Any, ...]:
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
        None if d.blocks is None else json.dumps(d.blocks),
    )


def document_from_row(row: sqlite3.Row) -> Document:
    data = dict(row)
    data["inspectors"] = json.loads(data["inspectors"])
    data["grades"] = json.loads(data["grades"])
    data["page_offsets"] = [tuple(x) for x in json.loads(data["page_offsets"])]
    blocks = data.get("blocks")
    data["blocks"] = None if blocks is None else [tuple(b) for b in json.loads(blocks)]
    return Document(**data)


def passage_row(p: Passage) -> tuple[Any, ...]:
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
