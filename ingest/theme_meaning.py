"""Themes by meaning, for sentences whose words name no theme.

"Contingency planning is very basic." is about child protection in a child-protection passage
without a word of the theme's cues. Example sentences of each theme (kb/vocab/
theme_examples.toml, written from the frameworks and practice) are embedded once; a sentence's
nearness to a theme is the mean of its two best similarities to the theme's examples (one
example alone is too easily matched by chance, a centroid blurs a theme's several sides). The
sentence vectors are those ingestion computes anyway (late chunking: each carries its
passage's context), so this costs a matrix product per passage.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from kb.search.embedder import unit_rows
from kb.vocab.themes import THEMES, load_theme_examples

Embed = Callable[[list[str]], np.ndarray]
_NEAREST = 2  # examples averaged per theme


class ThemeByMeaning:
    def __init__(self, embed: Embed, examples: dict[str, Sequence[str]] | None = None) -> None:
        chosen: dict[str, Sequence[str]] = dict(examples or load_theme_examples())
        self.theme_ids = [theme.id for theme in THEMES]
        texts = [text for theme in self.theme_ids for text in chosen[theme]]
        vectors = unit_rows(np.asarray(embed(texts), dtype=np.float32))
        self._owner = np.repeat(
            np.arange(len(self.theme_ids)), [len(chosen[t]) for t in self.theme_ids]
        )
        self._vectors = vectors

    def similarities(self, vectors: np.ndarray | Sequence[np.ndarray]) -> np.ndarray:
        """A row per sentence vector, a column per theme of THEMES: how near the sentence is
        to the theme's examples."""
        matrix = np.asarray(vectors, dtype=np.float32)
        if matrix.size == 0:
            return np.zeros((0, len(self.theme_ids)), dtype=np.float32)
        each = unit_rows(matrix) @ self._vectors.T
        out = np.empty((len(matrix), len(self.theme_ids)), dtype=np.float32)
        for column in range(len(self.theme_ids)):
            scores = np.sort(each[:, self._owner == column], axis=1)[:, -_NEAREST:]
            out[:, column] = scores.mean(axis=1)
        return out
