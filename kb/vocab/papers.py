"""The furniture of council committee papers, read once from kb/vocab/council_papers.toml.

Typed views of the data file: document-type cues, header rules (where a paper says which
meeting it is for), committee-name vocabulary, decision openers and page furniture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from kb.vocab.file import VOCAB_DIR, read_vocab

_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL}


def compile_pattern(pattern: str, flags: str = "") -> re.Pattern[str]:
    """A vocabulary pattern with its flag letters ("i", "m", "s")."""
    value = 0
    for letter in flags:
        value |= _FLAGS[letter]
    return re.compile(pattern, value)


def load_toml(name: str) -> dict[str, Any]:
    """A data file under kb/vocab/, parsed; the error names the file."""
    path = VOCAB_DIR / name
    return read_vocab(path)


@dataclass(frozen=True)
class Cue:
    """One piece of furniture that votes for a document type."""

    pattern: re.Pattern[str]
    weight: float
    cap: int  # how many of its hits count


@dataclass(frozen=True)
class HeaderRule:
    """Where a paper names its meeting: groups committee, date, published, item."""

    name: str
    pattern: re.Pattern[str]
    zone: int  # characters from the top searched


@dataclass(frozen=True)
class CommitteeVocab:
    body_words: tuple[str, ...]
    standalone: tuple[str, ...]
    not_first: frozenset[str]
    person_titles: tuple[str, ...]
    drop_prefixes: tuple[str, ...]  # longest first
    aliases: dict[str, str]  # lower-case spelling -> canonical name


@dataclass(frozen=True)
class PaperVocab:
    cues: dict[str, tuple[Cue, ...]]  # doc_type -> cues
    headers: tuple[HeaderRule, ...]
    committees: CommitteeVocab
    furniture_label: re.Pattern[str]
    attachment: re.Pattern[str]
    committee_system: re.Pattern[str]
    minutes_body: re.Pattern[str]
    decision_opener: re.Pattern[str]
    decision_continues: re.Pattern[str]
    decision_label: str
    decision_run_in: re.Pattern[str]
    decision_type: str


def _cues(raw: dict[str, list[dict[str, Any]]]) -> dict[str, tuple[Cue, ...]]:
    return {
        kind: tuple(
            Cue(
                compile_pattern(c["pattern"], c.get("flags", "")),
                float(c["weight"]),
                c.get("cap", 1),
            )
            for c in cues
        )
        for kind, cues in raw.items()
    }


def _committees(raw: dict[str, Any]) -> CommitteeVocab:
    aliases: dict[str, str] = {}
    for canonical, spellings in raw.get("aliases", {}).items():
        for spelling in [canonical, *spellings]:
            aliases[spelling.lower()] = canonical
    return CommitteeVocab(
        body_words=tuple(raw["body_words"]),
        standalone=tuple(raw["standalone"]),
        not_first=frozenset(raw["not_first"]),
        person_titles=tuple(raw["person_titles"]),
        drop_prefixes=tuple(sorted(raw["drop_prefixes"], key=len, reverse=True)),
        aliases=aliases,
    )


@cache
def paper_vocab() -> PaperVocab:
    data = load_toml("council_papers.toml")
    furniture, decisions = data["furniture"], data["decisions"]
    return PaperVocab(
        cues=_cues(data["cues"]),
        headers=tuple(
            HeaderRule(h["name"], compile_pattern(h["pattern"], h.get("flags", "")), h["zone"])
            for h in data["header"]
        ),
        committees=_committees(data["committees"]),
        furniture_label=compile_pattern(furniture["labels"], furniture.get("flags", "")),
        attachment=compile_pattern(furniture["attachment"]),
        committee_system=compile_pattern(
            furniture["committee_system"], furniture.get("committee_system_flags", "")
        ),
        minutes_body=compile_pattern(data["minutes_body"]["pattern"]),
        decision_opener=compile_pattern(decisions["opener"]),
        decision_continues=compile_pattern(decisions["continues"]),
        decision_label=decisions["label"],
        decision_run_in=compile_pattern(decisions["run_in"]),
        decision_type=data["doc_types"]["decision"],
    )
