"""Figures as councils print them: found by keyword search, and favoured by questions that
ask for one ("how many", "how much", "what percentage").

FTS5's unicode61 tokenizer reads "£40,000" as the words "40" "000" and "96.2%" as "96" "2";
a question's "£40,000" must match them in that order, as a phrase. Vocabulary:
kb/vocab/figures.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kb.vocab.papers import compile_pattern, load_toml

# A number written with separators: "1,234", "£40,000", "96.2%", "£15.5m".
_PRINTED = re.compile(r"\d+(?:[.,]\d+)+[A-Za-z]{0,2}")


@dataclass(frozen=True)
class FigureVocab:
    question: re.Pattern[str]
    figure: re.Pattern[str]
    boost: float


@cache
def figure_vocab() -> FigureVocab:
    data = load_toml("figures.toml")
    parts = data["figures"]
    figure = "|".join(f"(?:{parts[k]})" for k in ("money", "percent", "grouped", "count"))
    return FigureVocab(
        question=compile_pattern(data["questions"]["question"], "i"),
        figure=compile_pattern(figure),
        boost=float(parts["boost"]),
    )


def with_figures(phrases: list[str], question: str) -> list[str]:
    """The keyword phrases with each number the question prints with separators as one
    phrase ("1,234" -> "1 234") in place of its pieces ("1", "234" match any number)."""
    figures: list[str] = []
    pieces: set[str] = set()
    for match in _PRINTED.finditer(question):
        words = re.findall(r"[A-Za-z0-9]+", match.group(0))
        figures.append('"' + " ".join(words) + '"')
        pieces.update(f'"{w}"' for w in words)
    kept = [p for p in phrases if p not in pieces]
    return list(dict.fromkeys([*kept, *figures]))


def asks_for_figure(question: str) -> bool:
    """'How many ...', 'how much ...', 'what percentage of ...'."""
    return bool(figure_vocab().question.search(question))


def holds_figure(text: str) -> bool:
    """A count, an amount of money, a percentage or a grouped number."""
    return bool(figure_vocab().figure.search(text))


def figure_share(question: str, text: str) -> float:
    """The share of a first-rank score a passage gains: a figure, when one is asked for."""
    if asks_for_figure(question) and holds_figure(text):
        return figure_vocab().boost
    return 0.0
