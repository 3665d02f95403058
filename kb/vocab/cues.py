"""The one theme-cue matcher, by kb/vocab/themes.toml's rules: ingest's theme tagger, the
findings' sentence themes and the follow-up questions' theme phrases all find cues here.

A cue matches lower-cased text with an optional plural ("s", "'s"), a space in it matching a
hyphen or a line break too and a hyphen optional ("step-down" = "step down" = "stepdown"),
starting and ending at a word boundary; a cue listed in `acronyms` counts only where the text
writes it with a capital ("SEND", "PAs", "CiN"), so "we send letters" names no theme.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from kb.vocab.themes import ACRONYMS, THEMES, Theme

_WORD = re.compile(r"[a-z0-9]+")
_CAPITAL = re.compile(r"[A-Z]")


def cue_pattern(cue: str) -> re.Pattern[str]:
    """Cue regex for lower-cased text, with a word boundary after. The boundary before is
    checked by Cue.spans: a pattern that opens with a plain letter lets the regex engine skip
    quickly to candidate places."""
    words = [re.escape(word).replace(r"\-", r"[\-\s]?") for word in cue.split()]
    body = re.sub("['’]", "['’]", r"[\s\-]+".join(words))
    return re.compile(rf"{body}(?:s|['’]s)?(?![\w&])")


def lower_in_place(text: str) -> str:
    """Lower case with every character kept in place, so spans index the original too."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def _word_starts_at(text: str, start: int) -> bool:
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "_&")


@dataclass(frozen=True)
class Cue:
    theme: str
    text: str
    strong: bool
    pattern: re.Pattern[str]
    needle: str  # longest plain word of the cue: the regex runs only if the text has it

    @classmethod
    def of(cls, theme: str, text: str, strong: bool) -> Cue:
        needle = max(re.findall(r"[a-z0-9]+", text), key=len, default=text)
        return cls(theme, text, strong, cue_pattern(text), needle)

    def spans(self, text: str, lowered: str) -> Iterator[tuple[int, int]]:
        """Where the cue stands in `text` (`lowered` = lower_in_place(text))."""
        for match in self.pattern.finditer(lowered):
            start, end = match.span()
            if not _word_starts_at(lowered, start):
                continue
            if self.text in ACRONYMS and not _CAPITAL.search(text[start:end]):
                continue
            yield start, end


@dataclass(frozen=True)
class CueHits:
    """Distinct cues of one theme found in a text."""

    strong: frozenset[str]
    weak: frozenset[str]


class CueIndex:
    """All cues of a taxonomy, indexed by a plain word of each cue.

    A passage holds ~100 distinct words and the taxonomy ~500 cues: looking the passage's words
    up in the index picks the few cues worth running a regex for.
    """

    def __init__(self, themes: Sequence[Theme]) -> None:
        cues = [
            Cue.of(theme.id, cue, strong)
            for theme in themes
            for strong, texts in ((True, theme.cues), (False, theme.weak_cues))
            for cue in texts
        ]
        # Longest first, so a longer cue claims its words before a shorter one can: "private
        # fostering" is child protection, not the "fostering" of placements.
        self.cues = sorted(cues, key=lambda c: -len(c.text))
        self._by_needle: dict[str, list[int]] = {}
        for position, cue in enumerate(self.cues):
            self._by_needle.setdefault(cue.needle, []).append(position)

    def candidates(self, lowered: str) -> list[Cue]:
        words = set(_WORD.findall(lowered))
        words |= {word[:-1] for word in words if word.endswith("s")}  # cues match plurals too
        positions = sorted(p for word in words for p in self._by_needle.get(word, ()))
        return [self.cues[p] for p in positions]

    def find(self, text: str) -> dict[str, CueHits]:
        """Cues found in `text`, by theme id; a longer cue hides the shorter ones inside it."""
        taken: list[tuple[int, int]] = []
        strong: dict[str, set[str]] = {}
        weak: dict[str, set[str]] = {}
        lowered = lower_in_place(text)
        for cue in self.candidates(lowered):
            for start, end in cue.spans(text, lowered):
                if any(start < t_end and t_start < end for t_start, t_end in taken):
                    continue
                taken.append((start, end))
                bucket = strong if cue.strong else weak
                bucket.setdefault(cue.theme, set()).add(cue.text)
        return {
            theme: CueHits(frozenset(strong.get(theme, ())), frozenset(weak.get(theme, ())))
            for theme in set(strong) | set(weak)
        }

    def mentions(self, text: str, theme_id: str) -> bool:
        """Whether any cue of the theme, specific or general, stands in `text` (whether or not
        a longer cue of another theme covers it)."""
        lowered = lower_in_place(text)
        return any(
            next(cue.spans(text, lowered), None) is not None
            for cue in self.candidates(lowered)
            if cue.theme == theme_id
        )


THEME_CUES = CueIndex(THEMES)


def find_cues(text: str) -> dict[str, CueHits]:
    """Cues of the taxonomy found in `text`, by theme id."""
    return THEME_CUES.find(text)


def mentions_theme(text: str, theme_id: str) -> bool:
    """Whether any cue of the theme occurs in the text."""
    return THEME_CUES.mentions(text, theme_id)


@cache
def phrase_cues() -> tuple[Cue, ...]:
    """Theme labels and specific cues (general ones name no theme on their own), longest
    first so "care leavers" is taken before "care": how a question names a theme."""
    texts: dict[str, str] = {}
    for theme in THEMES:
        for text in (theme.label.lower(), *theme.cues):
            texts.setdefault(text, theme.id)
    return tuple(Cue.of(texts[t], t, True) for t in sorted(texts, key=lambda c: (-len(c), c)))
