"""The themes a passage or finding can be about, read from kb/vocab/themes.toml.

The file says how cues are matched; this module only loads it into typed records, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.vocab.file import VOCAB_DIR, VocabError, read_vocab

THEMES_FILE = VOCAB_DIR / "themes.toml"


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    description: str  # one paragraph a scrutiny officer would recognise as the topic
    cues: tuple[str, ...]
    weak_cues: tuple[str, ...] = ()


def _theme(entry: dict[str, Any], path: Path) -> Theme:
    try:
        return Theme(
            id=str(entry["id"]),
            label=str(entry["label"]),
            description=str(entry["description"]),
            cues=tuple(str(cue) for cue in entry["cues"]),
            weak_cues=tuple(str(cue) for cue in entry.get("weak_cues", ())),
        )
    except KeyError as exc:
        raise VocabError(f"{path}: a theme lacks {exc}") from exc


def load_themes(path: Path = THEMES_FILE) -> tuple[tuple[Theme, ...], frozenset[str]]:
    """The themes in file order and the acronyms; a VocabError naming the file if malformed."""
    data = read_vocab(path)
    themes = tuple(_theme(entry, path) for entry in data.get("themes", ()))
    if not themes:
        raise VocabError(f"{path}: no [[themes]]")
    ids = [theme.id for theme in themes]
    if len(set(ids)) != len(ids):
        raise VocabError(f"{path}: a theme id appears twice")
    return themes, frozenset(str(a) for a in data.get("acronyms", ()))


THEMES, ACRONYMS = load_themes()
THEME_BY_ID: dict[str, Theme] = {theme.id: theme for theme in THEMES}


THEME_EXAMPLES_FILE = VOCAB_DIR / "theme_examples.toml"


def load_theme_examples(path: Path = THEME_EXAMPLES_FILE) -> dict[str, tuple[str, ...]]:
    """Example sentences of each theme, by theme id, every theme of THEMES present; a
    VocabError naming the file and the theme if one is missing, unknown or not a list."""
    data = read_vocab(path)
    unknown = sorted(set(data) - set(THEME_BY_ID))
    if unknown:
        raise VocabError(f"{path}: no such theme: {', '.join(unknown)}")
    examples: dict[str, tuple[str, ...]] = {}
    for theme in THEMES:
        items = data.get(theme.id)
        if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
            raise VocabError(f"{path}: '{theme.id}' must be a non-empty list of sentences")
        examples[theme.id] = tuple(items)
    return examples
