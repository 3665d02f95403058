"""Vectors and their filterable metadata. The only module that talks to chromadb.

Two collections: one vector per passage, with the metadata every filter reads, and one per
sentence of each passage (pooled from the same forward pass). Sentence vectors carry only
their passage's id, document id, themes and stance: each metadata key costs about as much to
insert as the vector itself, and there are five times as many sentences as passages. Filters
on the document (council, type, dates) reach sentences as a list of document ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from kb.filters import Filters, date_number

PASSAGES = "passages"
SENTENCES = "sentences"
SENTENCE_KEYS = ("document_id", "themes", "stance")  # and passage_id
BATCH = 2000  # below Chroma's maximum batch size


@dataclass(frozen=True)
class VectorHit:
    id: str
    similarity: float


@dataclass(frozen=True)
class SentenceHit:
    passage_id: str
    index: int  # position of the sentence in its passage
    similarity: float


def sentence_id(passage_id: str, index: int) -> str:
    return f"{passage_id}:{index}"


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
        self._collections = {name: self._open(name) for name in (PASSAGES, SENTENCES)}

    def _open(self, name: str) -> Any:
        # No embedding function: vectors always come from kb.embedder, never from Chroma.
        return self._client.get_or_create_collection(
            name, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
        )

    # --- writing ------------------------------------------------------------------------

    def upsert(
        self,
        ids: list[str],
        vectors: np.ndarray,
        sentence_vectors: list[np.ndarray],
        metadatas: list[dict[str, Any]],
    ) -> None:
        """Passages with their sentences. A passage's old sentences go first, since a changed
        passage may have fewer of them."""
        self._delete_sentences(ids)
        clean = [_clean_metadata(m) for m in metadatas]
        self._upsert(PASSAGES, ids, vectors, clean)
        s_ids, s_vectors, s_meta = [], [], []
        for pid, rows, meta in zip(ids, sentence_vectors, clean, strict=True):
            for index, row in enumerate(rows):
                s_ids.append(sentence_id(pid, index))
                s_vectors.append(row)
                s_meta.append({**_only(meta, SENTENCE_KEYS), "passage_id": pid})
        if s_ids:
            self._upsert(SENTENCES, s_ids, np.stack(s_vectors), s_meta)

    def _upsert(
        self, name: str, ids: list[str], vectors: np.ndarray, metas: list[dict[str, Any]]
    ) -> None:
        for start in range(0, len(ids), BATCH):
            stop = start + BATCH
            self._collections[name].upsert(
                ids=ids[start:stop], embeddings=vectors[start:stop], metadatas=metas[start:stop]
            )

    def delete(self, ids: list[str]) -> None:
        # Sentences first: a sentence is found through its passage vector (ids_of_source),
        # so a crash in between must not leave sentences without one.
        self._delete_sentences(ids)
        for start in range(0, len(ids), BATCH):
            self._collections[PASSAGES].delete(ids=ids[start : start + BATCH])

    def _delete_sentences(self, passage_ids: list[str]) -> None:
        for start in range(0, len(passage_ids), BATCH):
            chunk = passage_ids[start : start + BATCH]
            if chunk:
                self._collections[SENTENCES].delete(where={"passage_id": {"$in": chunk}})

    def reset(self) -> None:
        for name in (PASSAGES, SENTENCES):
            self._client.delete_collection(name)
            self._collections[name] = self._open(name)

    # --- reading ------------------------------------------------------------------------

    def ids(self) -> set[str]:
        return set(self._all(PASSAGES, include=[])["ids"])

    def sentence_passage_ids(self) -> set[str]:
        return {_split_sentence_id(i)[0] for i in self._all(SENTENCES, include=[])["ids"]}

    def _all(self, name: str, include: list[str]) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {"ids": [], "metadatas": []}
        offset = 0
        while True:
            batch = self._collections[name].get(include=include, limit=5000, offset=offset)
            out["ids"].extend(batch["ids"])
            out["metadatas"].extend(batch.get("metadatas") or [])
            if len(batch["ids"]) < 5000:
                return out
            offset += len(batch["ids"])

    def ids_of_source(self, source: str) -> set[str]:
        """Passages of a source with any vector here: sentences are written after and deleted
        before their passage vector, so the passage vectors find them all."""
        return set(self._collections[PASSAGES].get(where={"source": source}, include=[])["ids"])

    def count(self, name: str = PASSAGES) -> int:
        return int(self._collections[name].count())

    def _query(
        self, name: str, vector: np.ndarray, n: int, where: dict[str, Any] | None
    ) -> dict[str, Any]:
        # No count() first: Chroma returns fewer hits when n exceeds what matches (none for an
        # empty collection), and the count cost more than the nearest-neighbour search itself.
        return self._collections[name].query(
            query_embeddings=vector.reshape(1, -1), n_results=n, where=where, include=["distances"]
        )

    def query(self, vector: np.ndarray, n: int, filters: Filters) -> list[VectorHit]:
        result = self._query(PASSAGES, vector, n, where_clause(filters))
        ids, distances = result["ids"][0], result["distances"][0]
        return [VectorHit(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=True)]

    def query_sentences(
        self, vector: np.ndarray, n: int, filters: Filters, document_ids: Sequence[str] | None
    ) -> list[SentenceHit]:
        """Nearest sentences under the passage filters (themes, stance) within the documents
        given, which the caller finds for the document filters; None means any document."""
        where = where_clause(Filters(themes=filters.themes, stance=filters.stance))
        if document_ids is not None:
            among = {"document_id": {"$in": list(document_ids)}}
            where = {"$and": [where, among]} if where else among
        # The passage and position are in the sentence's id, so no metadata is fetched.
        result = self._query(SENTENCES, vector, n, where)
        return [
            SentenceHit(*_split_sentence_id(i), 1.0 - float(d))
            for i, d in zip(result["ids"][0], result["distances"][0], strict=True)
        ]


def _split_sentence_id(value: str) -> tuple[str, int]:
    passage_id, index = value.rsplit(":", 1)
    return passage_id, int(index)


def _only(meta: dict[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    return {k: meta[k] for k in keys if k in meta}


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
