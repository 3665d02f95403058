"""Passage vectors and their filterable metadata. The only module that talks to chromadb.

One collection: a vector per passage, with the metadata every filter reads. Sentence vectors
are not indexed here: there are five times as many sentences as passages, and inserting them
into HNSW cost more ingest time than everything but the model. Retrieval scores the sentences
of the passages this index finds, exactly, from the vectors SQLite keeps (kb.retrieval).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from kb.search.filters import Filters, date_number

PASSAGES = "passages"
LEGACY = ("sentences",)  # collections earlier versions wrote, dropped on reset
BATCH = 2000  # below Chroma's maximum batch size


@dataclass(frozen=True)
class VectorHit:
    id: str
    similarity: float


class VectorIndex:
    """Embedded Chroma (a folder) or a `chroma run` server (a URL). Calls are serialised: the
    embedded client is not documented as thread-safe, and a query costs a few milliseconds."""

    def __init__(self, path: Path | None = None, url: str | None = None) -> None:
        if not (path or url):
            raise ValueError("VectorIndex needs a folder or a server URL")
        self._path, self._url = path, url
        self._lock = threading.RLock()
        self._client = self._connect()
        self._collection = self._open(PASSAGES)

    def _connect(self) -> Any:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
        if self._url:
            parsed = urlparse(self._url)
            return chromadb.HttpClient(
                host=parsed.hostname or "127.0.0.1",
                port=parsed.port or 8000,
                ssl=parsed.scheme == "https",
                settings=chroma_settings,
            )
        assert self._path is not None
        self._path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(self._path), settings=chroma_settings)

    @property
    def embedded(self) -> bool:
        return self._url is None

    def reopen(self) -> None:
        """Read the embedded index from disk again. Chroma keeps the HNSW index in memory and
        never looks for what another process wrote: queries would miss those vectors, or fail
        on ids the metadata has and the index lacks, and this process's next write would save
        its stale index over theirs (chroma-core/chroma#3792). Closing the last client of a
        folder drops Chroma's cached copy, so the next client loads the files."""
        with self._lock:
            self._client.close()
            self._client = self._connect()
            self._collection = self._open(PASSAGES)

    def _open(self, name: str) -> Any:
        # No embedding function: vectors always come from kb.embedder, never from Chroma.
        return self._client.get_or_create_collection(
            name, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
        )

    # --- writing ------------------------------------------------------------------------

    def upsert(self, ids: list[str], vectors: np.ndarray, metadatas: list[dict[str, Any]]) -> None:
        with self._lock:
            for start in range(0, len(ids), BATCH):
                stop = start + BATCH
                self._collection.upsert(
                    ids=ids[start:stop],
                    embeddings=vectors[start:stop],
                    metadatas=[_clean_metadata(m) for m in metadatas[start:stop]],
                )

    def delete(self, ids: list[str]) -> None:
        with self._lock:
            for start in range(0, len(ids), BATCH):
                self._collection.delete(ids=ids[start : start + BATCH])

    def reset(self) -> None:
        with self._lock:
            existing = {getattr(c, "name", c) for c in self._client.list_collections()}
            for name in (PASSAGES, *LEGACY):
                if name in existing:
                    self._client.delete_collection(name)
            self._collection = self._open(PASSAGES)

    # --- reading ------------------------------------------------------------------------

    def ids(self) -> set[str]:
        ids: list[str] = []
        with self._lock:
            while batch := self._collection.get(include=[], limit=5000, offset=len(ids))["ids"]:
                ids.extend(batch)
        return set(ids)

    def ids_of_source(self, source: str) -> set[str]:
        with self._lock:
            return set(self._collection.get(where={"source": source}, include=[])["ids"])

    def count(self) -> int:
        with self._lock:
            return int(self._collection.count())

    def query(self, vector: np.ndarray, n: int, filters: Filters) -> list[VectorHit]:
        # No count() first: Chroma returns fewer hits when n exceeds what matches (none for an
        # empty collection), and the count cost more than the nearest-neighbour search itself.
        from chromadb.errors import InternalError

        query = {
            "query_embeddings": vector.reshape(1, -1),
            "n_results": n,
            "where": where_clause(filters),
            "include": ["distances"],
        }
        with self._lock:
            try:
                result = self._collection.query(**query)
            except InternalError:
                if not self.embedded:
                    raise
                # Another process wrote between its Chroma write and its count of the write
                # (KnowledgeBase.follow_writers): a filter found ids this index lacks.
                self.reopen()
                result = self._collection.query(**query)
        ids, distances = result["ids"][0], result["distances"][0]
        return [VectorHit(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=True)]


def _clean_metadata(meta: dict[str, Any]) -> dict[str, Any]:
    # Chroma rejects None values and empty lists.
    return {k: v for k, v in meta.items() if v is not None and v != []}


def where_clause(filters: Filters) -> dict[str, Any] | None:
    clauses: list[dict[str, Any]] = []
    for key, values in (
        ("council", filters.councils),
        ("doc_type", filters.doc_types),
        ("visit_type", filters.visit_types),
        ("committee", filters.committees),
    ):
        if values:
            clauses.append({key: {"$in": list(values)}})
    if filters.themes:
        clauses.extend({"themes": {"$contains": t}} for t in filters.themes)
    if filters.stance:
        clauses.append({"stance": filters.stance})
    if filters.document_id:
        clauses.append({"document_id": filters.document_id})
    if (since := date_number(filters.since)) is not None:
        clauses.append({"date": {"$gte": since}})
    if (until := date_number(filters.until)) is not None:
        clauses.append({"date": {"$lte": until}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}
