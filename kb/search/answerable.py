"""Does anything retrieved answer the question? Decided on scores the search already has:
how close the best sentence comes to the question's meaning, and how many of the question's
content words the best passages hold. Calibrated with benchmarks/calibrate_found.py on the
answerable evaluation sets and benchmarks/questions_unanswerable.jsonl (docs/retrieval.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.search.query import ParsedQuery, query_words
from kb.search.records import Hit

_WORDS = re.compile(r"[a-z0-9]+")
TOP = 3  # passages whose words are counted
STEM = 5  # words compared by their first letters: "inspected" holds "inspection"
# Found when the best sentence is at least this similar, or nearly so with most words held.
SIMILARITY = 0.51
SIMILARITY_WITH_WORDS = 0.30
WORD_SHARE = 0.7


@dataclass(frozen=True)
class Evidence:
    similarity: float  # the best sentence's similarity among the hits (0 without any)
    word_share: float  # share of the question's content words in the top passages

    @property
    def found(self) -> bool:
        return self.similarity >= SIMILARITY or (
            self.similarity >= SIMILARITY_WITH_WORDS and self.word_share >= WORD_SHARE
        )


def _stems(words: set[str]) -> set[str]:
    return {w[:STEM] for w in words}


def evidence(parsed: ParsedQuery, hits: list[Hit]) -> Evidence:
    similarity = max((max(h.sentence_scores.values(), default=0.0) for h in hits), default=0.0)
    wanted = _stems(query_words(parsed))
    held = _stems({w for h in hits[:TOP] for w in _WORDS.findall(h.text.lower())})
    share = len(wanted & held) / len(wanted) if wanted else 0.0
    return Evidence(similarity, share)


def answers(parsed: ParsedQuery, hits: list[Hit]) -> bool:
    return bool(hits) and evidence(parsed, hits).found
