"""Retrieval benchmark: hit@5, P@5, MRR@10 and nDCG@10 for four systems in one run.

    python -m benchmarks.retrieval                  # questions.jsonl over corpus/
    python -m benchmarks.retrieval --councils       # also questions_councils.jsonl over
                                                    # corpus/ + ../shared/ofsted-reports/
    python -m benchmarks.retrieval --papers         # also questions_papers.jsonl over
                                                    # corpus/ + ../shared/council-papers/
Systems: ours (hybrid), keyword-only and dense-only over our passages, and a naive baseline
(1,000-character windows with 200 overlap over the raw extracted text, dense). Stores are
built under --home (default: a temporary folder); pass a folder to reuse them across runs.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.relevance import (
    Question,
    Scores,
    load_questions,
    mean_scores,
    relevant,
    score_ranking,
)
from ingest.discover import discover
from ingest.pipeline import ingest_paths
from ingest.sandbox import extract_safely
from ingest.types import ExtractionError
from kb.knowledge import KnowledgeBase
from kb.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
WINDOW, OVERLAP, K = 1000, 200, 10


class NaiveWindows:
    """The baseline: fixed character windows over unclean text, ranked by cosine."""

    def __init__(self, kb: KnowledgeBase, paths: list[Path]) -> None:
        self.kb = kb
        self.sources: list[str] = []
        self.texts: list[str] = []
        for path in discover(paths):
            try:
                pages = extract_safely(path).pages
            except ExtractionError:
                continue
            text = "\n".join(p.text for p in pages)
            for start in range(0, max(1, len(text) - OVERLAP), WINDOW - OVERLAP):
                self.sources.append(str(path.resolve()))
                self.texts.append(text[start : start + WINDOW])
        self.vectors = kb.embed(self.texts)  # cached in the store: a re-run embeds nothing

    def search(self, question: str) -> list[tuple[str, str]]:
        query = self.kb.embedder.encode([question])[0]
        order = np.argsort(-(self.vectors @ query))[:K]
        return [(self.sources[i], self.texts[i]) for i in order]


def evaluate(
    questions: list[Question], kb: KnowledgeBase, naive: NaiveWindows | None
) -> dict[str, Any]:
    systems: dict[str, list[tuple[float, float, float, float]]] = {}
    misses: list[str] = []
    latencies: list[float] = []
    for q in questions:
        for mode in ("hybrid", "keyword", "dense"):
            started = time.perf_counter()
            hits = kb.search(q.question, k=K, mode=mode).hits
            if mode == "hybrid":
                latencies.append(time.perf_counter() - started)
            flags = [relevant(h.source, h.text, q) for h in hits]
            name = {"hybrid": "ours", "keyword": "keyword-only", "dense": "dense-only"}[mode]
            systems.setdefault(name, []).append(score_ranking(flags, len(q.gold)))
            if mode == "hybrid" and not any(flags[:5]):
                misses.append(f"{q.id} {q.question} -> top: {hits[0].citation if hits else '-'}")
        if naive is not None:
            flags = [relevant(s, t, q) for s, t in naive.search(q.question)]
            systems.setdefault("naive windows", []).append(score_ranking(flags, len(q.gold)))
    scores = {name: mean_scores(rows) for name, rows in systems.items()}
    return {
        "scores": scores,
        "misses": misses,
        "search_ms_p50": 1000 * float(np.median(latencies)) if latencies else None,
    }


def build(home: Path, paths: list[Path]) -> tuple[KnowledgeBase, float]:
    kb = KnowledgeBase(Settings(home=home))
    started = time.perf_counter()
    failed = [o for o in ingest_paths(kb, paths) if o.status == "failed"]
    for o in failed:
        print(f"  failed: {o.source}: {o.error}")
    return kb, time.perf_counter() - started


def report(title: str, result: dict[str, Any]) -> None:
    print(f"\n{title}")
    print(f"{'system':15} {'hit@5':>6} {'P@5':>6} {'MRR@10':>7} {'nDCG@10':>8}")
    for name, s in result["scores"].items():
        print(f"{name:15} {s.row()}")
    for miss in result["misses"]:
        print(f"  no supporting passage in top 5: {miss}")


def as_json(result: dict[str, Any]) -> dict[str, Any]:
    scores: dict[str, Scores] = result["scores"]
    return {**result, "scores": {n: s.__dict__ for n, s in scores.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--home", type=Path, help="reuse stores in this folder")
    parser.add_argument("--councils", action="store_true", help="also the councils set")
    parser.add_argument("--papers", action="store_true", help="also the council-papers set")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive baseline")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    home = args.home or Path(tempfile.mkdtemp(prefix="kb-bench-"))
    out: dict[str, Any] = {}

    kb, seconds = build(home / "corpus", [ROOT / "corpus"])
    print(f"corpus ingested in {seconds:.1f} s: {kb.store.stats()}")
    naive = None if args.no_naive else NaiveWindows(kb, [ROOT / "corpus"])
    result = evaluate(load_questions(args.shared / "eval" / "questions.jsonl"), kb, naive)
    report("questions.jsonl over corpus/", result)
    out["questions"] = as_json(result)

    if args.councils:
        paths = [ROOT / "corpus", args.shared / "ofsted-reports"]
        kb2, seconds = build(home / "councils", paths)
        print(f"\ncorpus + ofsted-reports ingested in {seconds:.1f} s: {kb2.store.stats()}")
        naive2 = None if args.no_naive else NaiveWindows(kb2, paths)
        questions = load_questions(args.shared / "eval" / "questions_councils.jsonl")
        result = evaluate(questions, kb2, naive2)
        report("questions_councils.jsonl over corpus/ + ofsted-reports/", result)
        out["councils"] = as_json(result)
    if args.papers:
        out["papers"] = papers_set(args.shared, home, not args.no_naive)
    if args.json:
        print(json.dumps(out, indent=2, default=str))


def papers_set(shared: Path, home: Path, naive: bool) -> dict[str, Any]:
    """questions_papers.jsonl over corpus/ + ../shared/council-papers/."""
    paths = [ROOT / "corpus", shared / "council-papers"]
    kb, seconds = build(home / "papers", paths)
    print(f"\ncorpus + council-papers ingested in {seconds:.1f} s: {kb.store.stats()}")
    questions = load_questions(shared / "eval" / "questions_papers.jsonl")
    result = evaluate(questions, kb, NaiveWindows(kb, paths) if naive else None)
    report("questions_papers.jsonl over corpus/ + council-papers/", result)
    return as_json(result)


if __name__ == "__main__":
    main()
