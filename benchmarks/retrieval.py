"""Retrieval benchmark: every system on every question set in one run, and how often each
set is declined ("nothing here answers this").

    python -m benchmarks.retrieval                  # questions, questions_plain and the
                                                    # unanswerable set over corpus/
    python -m benchmarks.retrieval --councils       # also questions_councils.jsonl over
                                                    # corpus/ + ../shared/ofsted-reports/
    python -m benchmarks.retrieval --papers         # also questions_papers.jsonl over
                                                    # corpus/ + ../shared/council-papers/
Systems: ours (hybrid), keyword-only and dense-only over our passages, and a naive baseline
(1,000-character windows with 200 overlap over the raw extracted text, dense). "declined" is
the share of a set's questions that ours answers with found: false; on the unanswerable set
(benchmarks/questions_unanswerable.jsonl) that share should be high, on every other set low.
Stores are built under --home (default: a temporary folder); pass a folder to reuse them.
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
from kb.search.knowledge import KnowledgeBase
from kb.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
UNANSWERABLE = ROOT / "benchmarks" / "questions_unanswerable.jsonl"
WINDOW, OVERLAP, K = 1000, 200, 10
NAMES = {"hybrid": "ours", "keyword": "keyword-only", "dense": "dense-only"}


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
    declined: list[str] = []
    latencies: list[float] = []
    for q in questions:
        for mode in ("hybrid", "keyword", "dense"):
            started = time.perf_counter()
            result = kb.search(q.question, k=K, mode=mode)
            hits = result.hits
            if mode == "hybrid":
                latencies.append(time.perf_counter() - started)
                if not result.found:
                    declined.append(q.id)
            flags = [relevant(h.source, h.text, q) for h in hits]
            systems.setdefault(NAMES[mode], []).append(score_ranking(flags, len(q.gold)))
            if mode == "hybrid" and not any(flags[:5]):
                misses.append(f"{q.id} {q.question} -> top: {hits[0].citation if hits else '-'}")
        if naive is not None:
            flags = [relevant(s, t, q) for s, t in naive.search(q.question)]
            systems.setdefault("naive windows", []).append(score_ranking(flags, len(q.gold)))
    return {
        "scores": {name: mean_scores(rows) for name, rows in systems.items()},
        "misses": misses,
        "declined": declined,
        "declined_share": len(declined) / max(1, len(questions)),
        **latency(latencies),
    }


def latency(seconds: list[float]) -> dict[str, float | None]:
    if not seconds:
        return {"search_ms_p50": None, "search_ms_p95": None}
    ms = 1000 * np.array(seconds)
    return {"search_ms_p50": float(np.median(ms)), "search_ms_p95": float(np.percentile(ms, 95))}


def declines(questions: list[Question], kb: KnowledgeBase) -> dict[str, Any]:
    """The unanswerable set: which questions ours declines (found: false)."""
    answered = [q.id for q in questions if kb.search(q.question, k=K).found]
    return {"answered": answered, "declined_share": 1 - len(answered) / max(1, len(questions))}


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
    print(
        f"declined (found: false): {result['declined_share']:.3f} {result['declined']}; "
        f"search p50 {result['search_ms_p50']:.0f} ms, p95 {result['search_ms_p95']:.0f} ms"
    )
    for miss in result["misses"]:
        print(f"  no supporting passage in top 5: {miss}")


def as_json(result: dict[str, Any]) -> dict[str, Any]:
    scores: dict[str, Scores] = result["scores"]
    return {**result, "scores": {n: s.__dict__ for n, s in scores.items()}}


def run_set(
    name: str, path: Path, kb: KnowledgeBase, naive: NaiveWindows | None, out: dict[str, Any]
) -> None:
    result = evaluate(load_questions(path), kb, naive)
    report(f"{path.name} {name}", result)
    out[path.stem] = as_json(result)


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
    evals = args.shared / "eval"
    out: dict[str, Any] = {}

    kb, seconds = build(home / "corpus", [ROOT / "corpus"])
    print(f"corpus ingested in {seconds:.1f} s: {kb.store.stats()}")
    naive = None if args.no_naive else NaiveWindows(kb, [ROOT / "corpus"])
    for name in ("questions.jsonl", "questions_plain.jsonl"):
        run_set("over corpus/", evals / name, kb, naive, out)
    unanswerable = declines(load_questions(UNANSWERABLE), kb)
    print(
        f"\n{UNANSWERABLE.name} over corpus/: declined {unanswerable['declined_share']:.3f}; "
        f"answered anyway: {unanswerable['answered']}"
    )
    out["unanswerable"] = unanswerable

    extra = {
        "papers": (args.papers, "council-papers", "questions_papers.jsonl"),
        "councils": (args.councils, "ofsted-reports", "questions_councils.jsonl"),
    }
    for key, (wanted, folder, questions) in extra.items():
        if not wanted:
            continue
        paths = [ROOT / "corpus", args.shared / folder]
        kb2, seconds = build(home / key, paths)
        print(f"\ncorpus + {folder} ingested in {seconds:.1f} s: {kb2.store.stats()}")
        naive2 = None if args.no_naive else NaiveWindows(kb2, paths)
        run_set(f"over corpus/ + {folder}/", evals / questions, kb2, naive2, out)
    if args.json:
        print(json.dumps(out, indent=2, default=str))


if __name__ == "__main__":
    main()
