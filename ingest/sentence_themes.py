"""Themes of each sentence of a passage, from its own words and, when it leans on the sentence
before ("This is poor.", "They are seen regularly."), from that sentence.

A passage about care leavers may hold a sentence about supervision and one about the date of
a restructure: each sentence gets the themes its own cues name, never its passage's by
default. A specific cue of a theme counts alone; a general word of the theme ("placement",
"health") counts only where the passage as a whole was tagged with the theme. A sentence with
no cue of its own and no back-reference gets no theme: the comparison does not list it.

Meaning settles what cues leave open, from the sentence vectors ingestion computes anyway
(each pooled over its passage's tokens, so "This is poor." carries its context): of several
cued themes, those clearly further from the sentence than the nearest one are dropped ("care
leavers" named in a sentence about their accommodation); a sentence with no cue takes the
theme it is very close to, if its passage has that theme, or else the theme whose example
sentences (ingest/theme_meaning.py) it is clearly nearest, again if its passage has it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ingest.wording import leans_back
from kb.search.records import Sentence
from kb.vocab.cues import find_cues
from kb.vocab.themes import THEMES

_THEME_ORDER = [theme.id for theme in THEMES]
# Calibrated on the tune half of findings_labels (benchmarks/findings_eval.py): pruning at
# 0.05 lost more recall than it gained precision.
PRUNE_BELOW_BEST = 0.08  # of several cued themes, those this far behind the nearest go
ALONE_MIN_SIMILARITY = 0.5  # no cue: the sentence this close to the theme...
ALONE_MIN_MARGIN = 0.05  # ...and this much closer to it than to any other
# Calibrated on the tune half of findings_labels: 0.45 / 0.03 gained less recall, 0.35 lost
# precision; the theme must also be the sentence's nearest of all, not only of its passage's.
EXAMPLES_MIN_SIMILARITY = 0.40  # no cue: this near the theme's example sentences...
EXAMPLES_MIN_MARGIN = 0.06  # ...and this much nearer than to the passage's other themes


def own_cue_themes(sentence: str, passage_themes: Sequence[str]) -> list[str]:
    """Themes whose cues the sentence holds, in taxonomy order."""
    hits = find_cues(sentence)
    return [
        theme
        for theme in _THEME_ORDER
        if theme in hits and (hits[theme].strong or (hits[theme].weak and theme in passage_themes))
    ]


def tag_sentences(
    text: str,
    sentences: Sequence[Sentence],
    passage_themes: Sequence[str],
    similarity: np.ndarray | None = None,
    examples: np.ndarray | None = None,
) -> None:
    """Set each sentence's `themes` in place, in reading order. `similarity` holds, a row
    per sentence, its cosine similarity to each theme of kb.vocab.themes.THEMES (columns);
    `examples` (same shape) its nearness to each theme's example sentences
    (ingest/theme_meaning.py)."""
    previous: list[str] = []
    for row, sentence in enumerate(sentences):
        piece = text[sentence.start : sentence.end]
        themes = own_cue_themes(piece, passage_themes)
        near = _row(similarity, row)
        if len(themes) > 1 and near is not None:
            themes = _nearest_of(themes, near)
        if not themes and leans_back(piece):
            themes = list(previous)
        elif not themes and near is not None:
            themes = _close_enough(near, passage_themes)
        if not themes:
            themes = _like_examples(_row(examples, row), passage_themes)
        sentence.themes = themes
        previous = themes


def _row(matrix: np.ndarray | None, row: int) -> np.ndarray | None:
    return matrix[row] if matrix is not None and row < len(matrix) else None


def _like_examples(nearness: np.ndarray | None, passage_themes: Sequence[str]) -> list[str]:
    """A cue-less sentence's theme by its examples: the theme it is nearest of all, if its
    passage has it, it is near enough, and it is clearly nearer than the passage's others."""
    if nearness is None:
        return []
    best = int(np.argmax(nearness))
    theme = _THEME_ORDER[best]
    if theme not in passage_themes or float(nearness[best]) < EXAMPLES_MIN_SIMILARITY:
        return []
    others = [float(nearness[_THEME_ORDER.index(t)]) for t in passage_themes if t != theme]
    clear = not others or float(nearness[best]) - max(others) >= EXAMPLES_MIN_MARGIN
    return [theme] if clear else []


def _nearest_of(themes: list[str], similarity: np.ndarray) -> list[str]:
    score = {theme: float(similarity[_THEME_ORDER.index(theme)]) for theme in themes}
    best = max(score.values())
    return [theme for theme in themes if score[theme] >= best - PRUNE_BELOW_BEST]


def _close_enough(similarity: np.ndarray, passage_themes: Sequence[str]) -> list[str]:
    """A cue-less sentence's theme: one it is very close to, if its passage has it. (Also
    giving it its passage's only theme when among its two or three nearest raised recall by
    0.01-0.02 but lowered the listed all-three share on the tune half: not kept.)"""
    order = np.argsort(-similarity)
    best, second = float(similarity[order[0]]), float(similarity[order[1]])
    theme = _THEME_ORDER[int(order[0])]
    close = best >= ALONE_MIN_SIMILARITY and best - second >= ALONE_MIN_MARGIN
    return [theme] if close and theme in passage_themes else []
