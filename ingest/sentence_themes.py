"""Themes of each sentence of a passage, from its own words and, when it leans on the sentence
before ("This is poor.", "They are seen regularly."), from that sentence.

A passage about care leavers may hold a sentence about supervision and one about the date of
a restructure: each sentence gets the themes its own cues name, never its passage's by
default. A specific cue of a theme counts alone; a general word of the theme ("placement",
"health") counts only where the passage as a whole was tagged with the theme. A sentence with
no cue of its own and no back-reference gets no theme: the comparison does not list it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest.themes import find_cues
from ingest.wording import normalise
from kb.records import Sentence
from kb.stance_vocab import stance_vocab
from kb.taxonomy import THEMES

_THEME_ORDER = [theme.id for theme in THEMES]


def own_cue_themes(sentence: str, passage_themes: Sequence[str]) -> list[str]:
    """Themes whose cues the sentence holds, in taxonomy order."""
    hits = find_cues(sentence)
    return [
        theme
        for theme in _THEME_ORDER
        if theme in hits and (hits[theme].strong or (hits[theme].weak and theme in passage_themes))
    ]


def leans_back(sentence: str) -> bool:
    """Whether the sentence opens by referring to the one before it."""
    return bool(stance_vocab().reference_openers.match(normalise(sentence)))


def tag_sentences(text: str, sentences: Sequence[Sentence], passage_themes: Sequence[str]) -> None:
    """Set each sentence's `themes` in place, in reading order."""
    previous: list[str] = []
    for sentence in sentences:
        piece = text[sentence.start : sentence.end]
        themes = own_cue_themes(piece, passage_themes)
        if not themes and leans_back(piece):
            themes = list(previous)
        sentence.themes = themes
        previous = themes
