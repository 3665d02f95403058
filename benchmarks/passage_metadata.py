"""Accuracy of passage metadata (council, type, dates, visit, themes, stance) against
../shared/eval/passage_metadata.jsonl: for each quote, the passage that holds it.

    python -m benchmarks.passage_metadata [--shared PATH] [--home DIR] [--json]

Ingests the seed documents with the real model into a temporary store (or reads the store
at --home if it already holds them), then prints accuracy per field and each mismatch.
Themes count as right when every expected theme is among the passage's themes.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchmarks.accuracy import DEFAULT_SHARED, Accuracy
from benchmarks.relevance import Gold, supports
from kb.search.filters import Filters
from kb.search.knowledge import KnowledgeBase
from kb.settings import Settings

FIELDS = (
    "council",
    "doc_type",
    "date",
    "visit_type",
    "visit_number",
    "visit_start",
    "visit_end",
    "stance",
)


def load_rows(shared: Path) -> list[dict[str, Any]]:
    path = shared / "eval" / "passage_metadata.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def holder(kb: KnowledgeBase, gold: Gold) -> Any | None:
    """The passage row whose source is the gold document and which holds the quote."""
    for hit in kb.hits_where(Filters()):
        if supports(hit.source, hit.text, gold):
            return hit
    return None


def evaluate_passages(kb: KnowledgeBase, shared: Path) -> Accuracy:
    result = Accuracy()
    for item in load_rows(shared):
        gold = Gold(item["doc"], item["quote"])
        label = f"{item['doc']}: {item['quote'][:50]}"
        row = holder(kb, gold)
        result.documents += 1
        for name, expected in item["expect"].items():
            if row is None:
                result.check(label, name, expected, "no passage holds the quote")
            elif name == "themes":
                got = row.themes
                ok = set(expected) <= set(got)
                result.check(label, name, expected, expected if ok else got)
            elif name in FIELDS:
                result.check(label, name, expected, getattr(row, name))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--home", type=Path, help="an existing store holding the seeds")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    home = args.home or Path(tempfile.mkdtemp(prefix="kb-meta-"))
    kb = KnowledgeBase(Settings(home=home))
    if args.home is None:
        from ingest.pipeline import ingest_paths

        ingest_paths(kb, [args.shared / "seeds"])
    result = evaluate_passages(kb, args.shared)
    if args.json:
        print(
            json.dumps(
                {"fields": result.figures(), "mismatches": [asdict(m) for m in result.mismatches]},
                indent=2,
            )
        )
        return 0
    print(f"{'field':14} {'accuracy':>8} {'correct':>7} {'total':>5}")
    for name, score in sorted(result.fields.items()):
        print(f"{name:14} {score.accuracy:8.3f} {score.correct:7d} {score.total:5d}")
    for m in result.mismatches:
        print(f"  {m.file} | {m.field} | expected {m.expected} | got {m.got}", file=sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
