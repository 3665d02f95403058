"""Theme tags for passages: meaning (embedding similarity) combined with keyword cues.

Why both: the embedding knows that "return home interviews after children had been missing"
is about missing children even without the word "exploitation", but similarity alone is
loose (every inspection paragraph is a bit like every theme); cues such as "pathway plan" or
"MASH" are precise but miss paraphrases; an incidental mention ("leaders visit the front door
team") is no topic. A theme is tagged when the evidence adds up:

- two or more specific cues of the theme in the passage;
- one specific cue, with the theme among the passage's nearest themes by meaning (top 3, or
  top 5 when a general word of the theme is there too);
- a specific cue in a topic heading ("Early Help Children > Areas needing focus"), with the
  theme near the passage's nearest; Ofsted judgement headings name no topic and are skipped;
- three or more general cue words, with the theme (almost) the passage's nearest;
- no cue at all: the passage very close to the theme and clearly closer than to any other.

Cost: the theme descriptions are embedded once, in the constructor; tagging reuses the passage
vectors that ingestion computes anyway, so it adds a matrix product and some regexes per
passage, never another model call.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from kb.search.embedder import unit_rows
from kb.vocab.cues import THEME_CUES, CueHits, CueIndex, find_cues
from kb.vocab.themes import THEMES, Theme

Embed = Callable[[list[str]], np.ndarray]

# Thresholds on cosine similarity between a passage and a theme description, calibrated on the
# eval rows and on inspection passages judged by eye (benchmarks/theme_stance_eval.py).
# Similarities run low for short passages and high for long ones, so most rules compare a
# theme with the passage's best-matching theme rather than with a fixed number.
CUES_MIN_SIMILARITY = 0.20  # two or more specific cues: only a floor of shared meaning
CUE_AND_WORD_NEAR_BEST = 0.15  # one specific cue and a general word: within this of the best
CUE_AND_WORD_TOP_RANK = 5  # ...or among this many best themes
CUE_NEAR_BEST = 0.10  # one specific cue alone: the theme within this of the best theme,
CUE_TOP_RANK = 3  # ...or among this many best themes
HEADING_NEAR_BEST = 0.15  # a topic the heading names: the passage need only be loosely near it
WEAK_CUES_NEEDED = 3  # general cue words alone: this many distinct ones...
WEAK_NEAR_BEST = 0.05  # ...with the theme within this of the best
ALONE_MIN_SIMILARITY = 0.62  # no cue at all: the passage must be this close to the theme...
ALONE_MIN_MARGIN = 0.10  # ...and this much closer to it than to any other theme
# Ofsted judgement headings ("The experiences and progress of children in care: good") cover
# many topics, so their words are no evidence of any one theme.
_BROAD_HEADING = re.compile(
    r"^\W*(?:the )?(?:experiences and progress of|impact of leaders|overall effectiveness)"
    r"|:\s*(?:requires improvement|good|outstanding|inadequate)",
    re.IGNORECASE,
)


def sentence_themes(sentence: str) -> list[str]:
    """Themes of one sentence from its specific cues alone (no model): cheap, for findings."""
    hits = find_cues(sentence)
    return [theme.id for theme in THEMES if theme.id in hits and hits[theme.id].strong]


class ThemeTagger:
    """Tags passages with theme ids, reusing the passage vectors ingestion already has."""

    def __init__(self, embed: Embed, themes: Sequence[Theme] = THEMES) -> None:
        self.themes = tuple(themes)
        self.theme_ids = [theme.id for theme in self.themes]
        self._cues = THEME_CUES if tuple(themes) == THEMES else CueIndex(self.themes)
        texts = [f"{theme.label}. {theme.description}" for theme in self.themes]
        self._vectors = unit_rows(np.asarray(embed(texts), dtype=np.float32))

    def similarities(self, vectors: np.ndarray) -> np.ndarray:
        """Cosine similarity of each passage vector (rows) to each theme (columns)."""
        return unit_rows(np.asarray(vectors, dtype=np.float32)) @ self._vectors.T

    def tag(
        self, texts: list[str], vectors: np.ndarray, headings: list[str] | None = None
    ) -> list[list[str]]:
        """Theme ids for each passage, in taxonomy order; possibly none."""
        if len(texts) == 0:
            return []
        similarity = self.similarities(vectors)
        result = []
        for row, text in enumerate(texts):
            heading = headings[row] if headings else ""
            result.append(self._tag_one(text, heading or "", similarity[row]))
        return result

    def _tag_one(self, text: str, heading: str, similarity: np.ndarray) -> list[str]:
        cues = self._cues.find(text)
        topic = topic_heading(heading)
        heading_cues = self._cues.find(topic) if topic else {}
        order = np.argsort(-similarity)
        ranks = np.empty(len(similarity), dtype=int)
        ranks[order] = np.arange(len(similarity))
        best = float(similarity[order[0]])
        second = float(similarity[order[1]]) if len(order) > 1 else 0.0
        tags = []
        for column, theme_id in enumerate(self.theme_ids):
            value = float(similarity[column])
            evidence = _Evidence(
                similarity=value,
                below_best=best - value,
                rank=int(ranks[column]),
                margin=value - (second if ranks[column] == 0 else best),
                text=cues.get(theme_id),
                heading=heading_cues.get(theme_id),
            )
            if evidence.supports():
                tags.append(theme_id)
        return tags


def topic_heading(heading: str | None) -> str:
    """The parts of a heading path that name a topic, judgement headings left out."""
    if not heading:
        return ""
    parts = [part for part in heading.split(" > ") if not _BROAD_HEADING.search(part.strip())]
    return " > ".join(parts)


@dataclass(frozen=True)
class _Evidence:
    similarity: float
    below_best: float  # how far the theme is behind the passage's best theme
    rank: int  # 0 for the passage's best theme
    margin: float  # how far the theme is ahead of every other theme
    text: CueHits | None
    heading: CueHits | None

    def supports(self) -> bool:
        strong = len(self.text.strong) if self.text else 0
        weak = len(self.text.weak) if self.text else 0
        if strong >= 2 and self.similarity >= CUES_MIN_SIMILARITY:
            return True
        if strong == 1 and weak >= 1 and self._near(CUE_AND_WORD_NEAR_BEST, CUE_AND_WORD_TOP_RANK):
            return True
        if strong == 1 and self._near(CUE_NEAR_BEST, CUE_TOP_RANK):
            return True
        if self.heading and self.heading.strong and self.below_best <= HEADING_NEAR_BEST:
            return True
        if weak >= WEAK_CUES_NEEDED and self.below_best <= WEAK_NEAR_BEST:
            return True
        return self.similarity >= ALONE_MIN_SIMILARITY and self.margin >= ALONE_MIN_MARGIN

    def _near(self, below_best: float, top_rank: int) -> bool:
        return self.below_best <= below_best or self.rank < top_rank
