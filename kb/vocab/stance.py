"""Stance vocabulary (kb/vocab/stance.toml) as compiled patterns and word sets.

The words live in data so that they are kept in one place and can be extended without code;
this module only reads, checks and compiles them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kb.vocab.file import VOCAB_DIR, read_vocab


@dataclass(frozen=True)
class StanceVocab:
    afi_headings: re.Pattern[str]
    strength_headings: re.Pattern[str]
    grade_suffix: re.Pattern[str]
    positive: re.Pattern[str]
    negative: re.Pattern[str]
    neutral_phrases: re.Pattern[str]
    recommendation: re.Pattern[str]
    context: re.Pattern[str]
    negators: frozenset[str]
    near_negators: re.Pattern[str]
    post_negators: re.Pattern[str]
    bare_negatives: frozenset[str]
    purpose_verbs: frozenset[str]
    subordinate_openers: frozenset[str]
    contrast_words: frozenset[str]
    concessive_words: frozenset[str]
    imperative_verbs: frozenset[str]
    reference_openers: re.Pattern[str]
    not_purpose_after: frozenset[str]


def _strings(table: dict[str, object], key: str, path: Path) -> list[str]:
    value = table.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{path}: '{key}' must be a list of strings")
    return value


def _alternatives(items: list[str], path: Path, key: str, words: bool = False) -> re.Pattern[str]:
    body = "|".join(items)
    try:
        return re.compile(rf"\b(?:{body})\b" if words else body)
    except re.error as error:
        raise ValueError(f"{path}: '{key}' holds a bad regular expression: {error}") from error


@cache
def stance_vocab(path: Path = VOCAB_DIR / "stance.toml") -> StanceVocab:
    """The vocabulary, read once; a malformed file raises ValueError naming it."""
    data = read_vocab(path)
    headings, cues, scope = data.get("headings", {}), data.get("cues", {}), data.get("scope", {})

    def pattern(table: dict[str, object], key: str, words: bool = False) -> re.Pattern[str]:
        return _alternatives(_strings(table, key, path), path, key, words)

    def words(table: dict[str, object], key: str) -> frozenset[str]:
        return frozenset(_strings(table, key, path))

    near = _strings(scope, "near_negators", path)
    return StanceVocab(
        afi_headings=pattern(headings, "area_for_improvement"),
        strength_headings=pattern(headings, "strength"),
        grade_suffix=pattern(headings, "grade_suffix"),
        positive=pattern(cues, "positive", words=True),
        negative=pattern(cues, "negative", words=True),
        neutral_phrases=pattern(cues, "neutral_phrases"),
        recommendation=pattern(cues, "recommendation"),
        context=pattern(cues, "context"),
        negators=words(scope, "negators"),
        near_negators=re.compile(rf"^(?:{'|'.join(near)})$"),
        post_negators=pattern(scope, "post_negators", words=True),
        bare_negatives=words(scope, "bare_negatives"),
        purpose_verbs=words(scope, "purpose_verbs"),
        subordinate_openers=words(scope, "subordinate_openers"),
        contrast_words=words(scope, "contrast_words"),
        concessive_words=words(scope, "concessive_words"),
        imperative_verbs=words(scope, "imperative_verbs"),
        not_purpose_after=words(scope, "not_purpose_after"),
        reference_openers=re.compile(
            rf"^\W*(?:{'|'.join(_strings(data.get('reference', {}), 'openers', path))})\b"
        ),
    )
