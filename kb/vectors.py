"""Vectors and their filterable metadata. The only module that talks to chromadb."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from kb.filters import Filters, date_number

COLLECTION = "passages"


@dataclass(frozen=True)
class VectorHit:
    id: str
    similarity: float


class VectorIndex:
    def __init__(self, path: Path | None = None, url: str | None = None) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
        if url:
            parsed = urlparse(url)
            self._client = chromadb.HttpClient(
                host=parsed.hostname or "127.0.0.1",
                port=parsed.port or 8000,
                ssl=parsed.scheme == "https",
                settings=chroma_settings,
            )
        else:
            assert path is not None
            path.mkdir(parents=True, exist_ok=True)
            self._client = chromadb.PersistentClient(path=str(path), settings=chroma_settings)
        self._collection = self._open()

    def _open(self) -> Any:
        # No embedding function: vectors always come from kb.embedder, never from Chroma.
        return self._client.get_or_create_collection(
            COLLECTION, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
        )

    def upsert(self, ids: list[str], vectors: np.ndarray, metadatas: list[dict[str, Any]]) -> None:
        for start in range(0, len(ids), 2000):  # Chroma caps the batch size
            stop = start + 2000
            self._collection.upsert(
                ids=ids[start:stop],
                embeddings=vectors[start:stop],
                metadatas=[_clean_metadata(m) for m in metadatas[start:stop]],
            )

    def delete(self, ids: list[str]) -> None:
        for start in range(0, len(ids), 2000):
            self._collection.delete(ids=ids[start : start + 2000])

    def ids(self) -> set[str]:
        out: set[str] = set()
        offset = 0
        while True:
            batch = self._collection.get(include=[], limit=5000, offset=offset)["ids"]
            out.update(batch)
            if len(batch) < 5000:
                return out
            offset += len(batch)

    def ids_of_source(self, source: str) -> set[str]:
        return set(self._collection.get(where={"source": source}, include=[])["ids"])

    def count(self) -> int:
        return int(self._collection.count())

    def reset(self) -> None:
        self._client.delete_collection(COLLECTION)
        self._collection = self._open()

    def query(self, vector: np.ndarray, n: int, filters: Filters) -> list[VectorHit]:
        total = self.count()
        if total == 0:
            return []
        result = self._collection.query(
            query_embeddings=vector.reshape(1, -1),
            n_results=min(n, total),
            where=where_clause(filters),
            include=["distances"],
        )
        ids = result["ids"][0]
        distances = result["distances"][0] if result["distances"] else [1.0] * len(ids)
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
