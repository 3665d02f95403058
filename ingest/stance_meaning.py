"""Stance by meaning, for sentences whose words hold no stance cue.

"Early help is provided to children who require it." praises a service without a word of
praise; cue lists cannot hold every such phrasing. Example sentences of each stance
(kb/vocab/stance_examples.toml, written for the project) are embedded once; a cue-less
sentence whose own vector is clearly nearer one stance's centroid than the others takes it.
The sentence vectors are those ingestion computes anyway, so this costs a matrix product.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from ingest.stance import NEUTRAL, passage_stance, undecided
from kb.search.embedder import unit_rows
from kb.search.records import Passage
from kb.vocab.file import VOCAB_DIR, read_vocab
from kb.vocab.kinds import STANCES

Embed = Callable[[list[str]], np.ndarray]
# How much nearer the best centroid must be than the runner-up: 0.03 and 0.05 scored the same
# on the tune half of findings_labels; the stricter one changes fewer sentences.
MIN_MARGIN = 0.05
DECIDABLE_KINDS = frozenset({"sentence", "bullet", "reference"})  # headings and lead-ins stay


def load_examples(path: Path = VOCAB_DIR / "stance_examples.toml") -> dict[str, list[str]]:
    data = read_vocab(path)
    examples = {stance: data.get(stance) for stance in STANCES}
    for stance, items in examples.items():
        if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
            raise ValueError(f"{path}: '{stance}' must be a non-empty list of sentences")
    return {stance: list(items) for stance, items in examples.items()}  # type: ignore[arg-type]


class StanceByMeaning:
    def __init__(self, embed: Embed, examples: dict[str, list[str]] | None = None) -> None:
        examples = examples or load_examples()
        centroids = []
        for stance in STANCES:
            vectors = unit_rows(np.asarray(embed(examples[stance]), dtype=np.float32))
            centroids.append(vectors.mean(axis=0))
        self._centroids = unit_rows(np.stack(centroids))

    def stances(self, vectors: np.ndarray | Sequence[np.ndarray]) -> list[str | None]:
        """For each vector, the stance it is clearly nearest, or None when it is not."""
        matrix = np.asarray(vectors, dtype=np.float32)
        if matrix.size == 0:
            return []
        similarity = unit_rows(matrix) @ self._centroids.T
        out: list[str | None] = []
        for row in similarity:
            order = np.argsort(-row)
            clear = row[order[0]] - row[order[1]] >= MIN_MARGIN
            out.append(STANCES[int(order[0])] if clear else None)
        return out

    def settle(self, passage: Passage, vectors: np.ndarray | Sequence[np.ndarray]) -> None:
        """Give the passage's undecided sentences (neutral, no cue, no context) the stance
        their vectors are clearly nearest, then recompute the passage's stance."""
        rows = [
            i
            for i, s in enumerate(passage.sentences)
            if i < len(vectors)
            and s.stance == NEUTRAL
            and s.kind in DECIDABLE_KINDS
            and undecided(passage.text[s.start : s.end])
        ]
        if not rows:
            return
        for i, stance in zip(rows, self.stances([vectors[i] for i in rows]), strict=True):
            if stance is not None:
                passage.sentences[i].stance = stance
        passage.stance = passage_stance(passage.sentences)
