"""The evaluation sets' relevance rule and metrics, as ../shared/README.md defines them."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def normalise(text: str) -> str:
    return " ".join(text.lower().translate(_FOLD).split())


def four_grams(text: str) -> set[tuple[str, ...]]:
    words = normalise(text).split()
    if len(words) < 4:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + 4]) for i in range(len(words) - 3)}


@dataclass(frozen=True)
class Gold:
    doc: str
    quote: str


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    gold: tuple[Gold, ...]


def load_questions(path: Path) -> list[Question]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            gold = tuple(Gold(g["doc"], g["quote"]) for g in row["gold"])
            out.append(Question(row["id"], row["question"], gold))
    return out


def supports(source: str, text: str, gold: Gold) -> bool:
    """From the gold document and holding at least half of the quote's word 4-grams."""
    if not source.replace("\\", "/").endswith(gold.doc):
        return False
    wanted = four_grams(gold.quote)
    if not wanted:
        return False
    have = four_grams(text)
    if len(wanted) == 1 and len(next(iter(wanted))) < 4:
        return normalise(gold.quote) in normalise(text)
    return len(wanted & have) * 2 >= len(wanted)


def relevant(source: str, text: str, question: Question) -> bool:
    return any(supports(source, text, g) for g in question.gold)


@dataclass(frozen=True)
class Scores:
    hit5: float
    p5: float
    mrr10: float
    ndcg10: float

    def row(self) -> str:
        return f"{self.hit5:6.3f} {self.p5:6.3f} {self.mrr10:7.3f} {self.ndcg10:8.3f}"


def score_ranking(flags: Sequence[bool], n_gold: int) -> tuple[float, float, float, float]:
    """(hit@5, P@5, RR@10, nDCG@10) for one question's ranked relevance flags."""
    top5, top10 = list(flags[:5]), list(flags[:10])
    hit5 = 1.0 if any(top5) else 0.0
    p5 = sum(top5) / 5
    rr = next((1.0 / (i + 1) for i, f in enumerate(top10) if f), 0.0)
    dcg = sum(1.0 / math.log2(i + 2) for i, f in enumerate(top10) if f)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(n_gold, 10)))
    return hit5, p5, rr, (dcg / ideal if ideal else 0.0)


def mean_scores(rows: Sequence[tuple[float, float, float, float]]) -> Scores:
    n = max(1, len(rows))
    return Scores(*(sum(r[i] for r in rows) / n for i in range(4)))
