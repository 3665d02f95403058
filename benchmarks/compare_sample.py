"""A random sample of what `/api/compare` lists over a knowledge base, written out with each
finding's source context so it can be judged by hand, and the shares of judged samples.

    python -m benchmarks.compare_sample draw --home DIR --out benchmarks/compare_sample/after.jsonl
    python -m benchmarks.compare_sample score benchmarks/compare_sample/after.jsonl

`draw` runs the comparison of Gateshead and Middlesbrough on the four themes the issue
sampled, takes `--n` findings (every one listed, shown or folded) with a fixed seed, and
writes one JSON line per finding: the quote, its stance and themes, the passage's heading
and the sentences around it. A judge adds `stance_ok`, `theme_ok` and `usable` (true or
false) to each line; `score` prints the shares and the share with all three.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

from api.urls import SITE
from kb.reports.compare import compare
from kb.search.knowledge import KnowledgeBase
from kb.settings import Settings

COUNCILS = ("Gateshead", "Middlesbrough")
THEMES = (
    "care_leavers_pathway_planning",
    "front_door",
    "management_oversight",
    "placements_and_sufficiency",
)
JUDGED = ("stance_ok", "theme_ok", "usable")
CONTEXT = 300  # characters of the passage shown either side of the quote


def listed(kb: KnowledgeBase, glance: bool = False) -> list[dict[str, Any]]:
    """Every finding the comparisons list (or, with `glance`, only those shown at a
    glance), with the theme it was listed under."""
    out = []
    for theme in THEMES:
        result = compare(kb, COUNCILS, theme=theme).to_dict(SITE)
        for column in result["columns"]:
            if glance:
                for found in column.get("glance", {}).values():
                    out.extend({"theme": theme, **f} for f in found)
                continue
            for key in ("areas_for_improvement", "strengths"):
                out.extend({"theme": theme, **f} for f in column[key])
    return out


def with_context(kb: KnowledgeBase, finding: dict[str, Any]) -> dict[str, Any]:
    passage_id = finding["citation"]["passage_id"]
    hit = kb.hits([passage_id])[passage_id]
    text = hit.text
    start, end = finding["start"], finding["end"]
    return {
        "id": finding["id"],
        "theme": finding["theme"],
        "council": finding["council"],
        "stance": finding["stance"],
        "themes": finding["themes"],
        "text": finding["text"],
        "citation": finding["citation"]["text"],
        "heading": hit.heading,
        "before": " ".join(text[max(0, start - CONTEXT) : start].split()),
        "after": " ".join(text[end : end + CONTEXT].split()),
        "also_in": len(finding.get("also_in", [])),
    }


def draw(home: Path, out: Path, n: int, seed: int, glance: bool = False) -> None:
    kb = KnowledgeBase(Settings(home=home))
    found = listed(kb, glance)
    sample = random.Random(seed).sample(found, min(n, len(found)))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for finding in sample:
            f.write(json.dumps(with_context(kb, finding), ensure_ascii=False) + "\n")
    print(f"{len(found)} findings listed; {len(sample)} sampled into {out}")


def score(path: Path) -> dict[str, float]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    judged = [r for r in rows if all(k in r for k in JUDGED)]
    if not judged:
        raise SystemExit(f"{path}: no line carries {', '.join(JUDGED)}")
    shares = {k: sum(bool(r[k]) for r in judged) / len(judged) for k in JUDGED}
    shares["all_three"] = sum(all(r[k] for k in JUDGED) for r in judged) / len(judged)
    shares["judged"] = len(judged)
    return shares


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw", help="sample the comparison's findings for judging")
    d.add_argument("--home", type=Path, required=True, help="KB_HOME of an ingested corpus")
    d.add_argument("--out", type=Path, required=True)
    d.add_argument("--n", type=int, default=60)
    d.add_argument("--seed", type=int, default=12)
    d.add_argument("--glance", action="store_true", help="only the findings shown at a glance")
    s = sub.add_parser("score", help="shares of a judged sample")
    s.add_argument("path", type=Path)
    args = parser.parse_args(argv)
    if args.command == "draw":
        draw(args.home, args.out, args.n, args.seed, args.glance)
    else:
        for key, value in score(args.path).items():
            print(f"{key:>10}: {value:.2f}" if key != "judged" else f"{key:>10}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
