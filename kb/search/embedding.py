"""Vectors through the store's cache: a text (or a passage with the same sentence spans)
embedded once is never given to the model again, by this process or the next."""

from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np

from kb.search.embedder import Embedder
from kb.search.records import Passage, content_hash
from kb.search.store import Store


def embed_texts(store: Store, embedder: Embedder, texts: Sequence[str]) -> np.ndarray:
    """Vectors for texts, from the cache where the same text was embedded before."""
    model = embedder.name
    hashes = [content_hash(t) for t in texts]
    cached = store.cached_vectors(hashes, model)
    todo = [i for i, h in enumerate(hashes) if h not in cached]
    if todo:
        fresh = embedder.encode([texts[i] for i in todo])
        new = {hashes[i]: fresh[j] for j, i in enumerate(todo)}
        store.cache_vectors(new, model)
        cached.update(new)
    if not texts:
        return np.zeros((0, embedder.dimension), dtype=np.float32)
    return np.stack([cached[h] for h in hashes])


def embed_passages(
    store: Store, embedder: Embedder, passages: Sequence[Passage]
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Each passage's vector and its sentences' vectors, from the cache where the same
    text with the same sentence spans was embedded before."""
    model = embedder.name
    texts = [p.embed_text for p in passages]
    spans = [sentence_spans_in(p) for p in passages]
    keys = [content_hash(t) for t in texts]
    span_keys = [content_hash(json.dumps(s)) for s in spans]
    cached = store.cached_passage_vectors(keys, model)
    todo = [
        i
        for i, (k, sk) in enumerate(zip(keys, span_keys, strict=True))
        if k not in cached or cached[k][1] != sk or cached[k][2] is None
    ]
    if todo:
        vectors, sentences = embedder.encode_spans(
            [texts[i] for i in todo], [spans[i] for i in todo]
        )
        fresh = {keys[i]: (vectors[j], span_keys[i], sentences[j]) for j, i in enumerate(todo)}
        store.cache_passage_vectors(fresh, model)
        cached.update(fresh)
    if not passages:
        return np.zeros((0, embedder.dimension), dtype=np.float32), []
    rows = [cached[k] for k in keys]
    return np.stack([r[0] for r in rows]), [r[2] for r in rows]  # type: ignore[misc]


def missing_embeddings(store: Store, model: str, texts: Sequence[str]) -> int:
    """How many of the texts the cache has no vector for under this model."""
    hashes = [content_hash(t) for t in texts]
    return len(set(hashes) - set(store.cached_vectors(hashes, model)))


def sentence_spans_in(passage: Passage) -> list[tuple[int, int]]:
    """Sentence spans as offsets into the text the model reads (heading first)."""
    shift = len(passage.embed_text) - len(passage.text)
    spans = [(s.start, s.end) for s in passage.sentences] or [(0, len(passage.text))]
    return [(start + shift, end + shift) for start, end in spans]
