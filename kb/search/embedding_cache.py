"""Vectors kept in SQLite under the hash of the text the model read, so re-ingesting or
re-indexing unchanged text never runs the model again; sentence vectors live only here."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from kb.search.database import Database
from kb.search.records import content_hash, embed_text
from kb.search.rows import chunks


class EmbeddingCache(Database):
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
        for chunk, marks in chunks(list(dict.fromkeys(hashes))):
            yield from self.db.execute(
                f"SELECT text_hash, {columns} FROM embeddings WHERE model = ? "
                f"AND text_hash IN ({marks})",
                (model, *chunk),
            )

    def _embed_keys(self, passage_ids: Iterable[str]) -> dict[str, str]:
        """Passage id -> hash of the text the model reads for it (the embeddings' key)."""
        keys: dict[str, str] = {}
        for chunk, marks in chunks(list(passage_ids)):
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
