"""Choose the thresholds of kb/search/answerable.py honestly: on half of each question set, then
report the declined share on the other half (and the other way round).

    python -m benchmarks.calibrate_found [--home DIR]

Answerable: ../shared/eval/questions.jsonl and questions_plain.jsonl over corpus/;
unanswerable: benchmarks/questions_unanswerable.jsonl. A rule is a triple (similarity,
similarity with words, word share); it is chosen to decline the most unanswerable questions
while declining at most 5 % of the answerable ones of its half.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
from pathlib import Path

import kb.search.answerable as answerable
from benchmarks.relevance import load_questions
from benchmarks.retrieval import ROOT, UNANSWERABLE, build
from kb.search.knowledge import KnowledgeBase
from kb.search.query import parse_query

Features = list[tuple[float, float]]
MAX_DECLINED = 0.05


def features(kb: KnowledgeBase, path: Path) -> Features:
    out = []
    for q in load_questions(path):
        hits = kb.search(q.question, k=10).hits
        e = answerable.evidence(parse_query(q.question), hits)
        out.append((e.similarity, e.word_share) if hits else (0.0, 0.0))
    return out


def found(rule: tuple[float, float, float], f: tuple[float, float]) -> bool:
    alone, with_words, share = rule
    return f[0] >= alone or (f[0] >= with_words and f[1] >= share)


def declined(rule: tuple[float, float, float], rows: Features) -> float:
    return sum(not found(rule, f) for f in rows) / max(1, len(rows))


def choose(answerable_rows: Features, unanswerable_rows: Features) -> tuple[float, float, float]:
    grid = [round(0.30 + 0.01 * i, 2) for i in range(41)]
    shares = [round(0.1 * i, 1) for i in range(11)]
    best: tuple[float, tuple[float, float, float]] | None = None
    for alone, with_words, share in itertools.product(grid, grid, shares):
        rule = (alone, with_words, share)
        if with_words > alone or declined(rule, answerable_rows) > MAX_DECLINED:
            continue
        # most unanswerable declined; then the fewest answerable declined; then strictest
        score = (declined(rule, unanswerable_rows), -declined(rule, answerable_rows))
        if best is None or score > best[0]:
            best = (score, rule)  # type: ignore[assignment]
    assert best is not None
    return best[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--home", type=Path, help="reuse the corpus store in this folder")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="kb-calibrate-"))
    kb, _ = build(home / "corpus", [ROOT / "corpus"])
    evals = args.shared / "eval"
    ok = features(kb, evals / "questions.jsonl") + features(kb, evals / "questions_plain.jsonl")
    no = features(kb, UNANSWERABLE)
    current = (
        answerable.SIMILARITY,
        answerable.SIMILARITY_WITH_WORDS,
        answerable.WORD_SHARE,
    )
    halves = {"even": (ok[0::2], no[0::2]), "odd": (ok[1::2], no[1::2])}
    for name, (fit_ok, fit_no) in halves.items():
        other = "odd" if name == "even" else "even"
        test_ok, test_no = halves[other]
        rule = choose(fit_ok, fit_no)
        print(
            f"chosen on the {name} half: {rule}; on the {other} half it declines "
            f"{declined(rule, test_no):.3f} of unanswerable, {declined(rule, test_ok):.3f} "
            f"of answerable"
        )
    rule = choose(ok, no)
    print(f"chosen on both halves: {rule}")
    print(
        f"in kb/search/answerable.py {current}: declines {declined(current, no):.3f} of "
        f"unanswerable ({len(no)}), {declined(current, ok):.3f} of answerable ({len(ok)})"
    )


if __name__ == "__main__":
    main()
