"""Sentence stance and themes, and what the comparison would list, against hand labels.

    python -m benchmarks.findings_eval [--shared PATH] [--home DIR] [--labels FILE ...]
                                       [--errors] [--json]

Ingests the documents of ../shared/eval/findings_labels.jsonl the way `kb ingest` does
(extract, clean, lay out, chunk, stance, embed, tag) without writing them, aligns every
labelled unit with the ingested sentence that holds it, and prints:

- stance accuracy (strength / area for improvement / neutral) and macro-F1;
- theme precision and recall, micro over (unit, theme) labels;
- for the (sentence, theme) pairs the comparison would list (a strength or area-for-improvement
  sentence that findings_of keeps, the theme among both its own and its passage's themes):
  the share on theme, usable, stance right, and all three; and how many gold-neutral units
  are listed.

Figures are given for all documents and for two fixed halves ("tune" and "held-out"): rules
are calibrated on the tune half only, so the held-out half says how they carry to documents
not looked at. Extra label files (--labels, e.g. benchmarks/data/findings_extra.jsonl) are
reported apart. Vectors are cached in --home (default: a folder under the system temp dir), so
a second run embeds nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.accuracy import DEFAULT_SHARED
from ingest.pipeline import Ingestor
from ingest.stance import grade_stance
from kb.reports.findings import FINDING_STANCES
from kb.reports.passage_findings import FindingSource, findings_of
from kb.search.knowledge import KnowledgeBase
from kb.search.records import DocMeta, Passage
from kb.settings import Settings

STANCES = ("strength", "area_for_improvement", "neutral")
_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass
class Unit:
    """One ingested sentence as the benchmark reads it."""

    text: str
    stance: str
    themes: list[str]  # the sentence's own themes
    listed: list[str]  # themes under which the comparison would list it
    heading: str = ""  # the passage's section heading, for reading errors


@dataclass
class Scores:
    stance_right: int = 0
    stance_total: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    theme_tp: int = 0
    theme_fp: int = 0
    theme_fn: int = 0
    listed: int = 0
    on_theme: int = 0
    usable: int = 0
    right: int = 0
    all_three: int = 0
    neutral_listed: int = 0
    unmatched: int = 0

    def add(self, gold: dict[str, Any], unit: Unit | None) -> None:
        if unit is None:
            self.unmatched += 1
            return
        self.stance_total += 1
        self.stance_right += unit.stance == gold["stance"]
        self.confusion[(gold["stance"], unit.stance)] += 1
        want, got = set(gold["themes"]), set(unit.themes)
        self.theme_tp += len(want & got)
        self.theme_fp += len(got - want)
        self.theme_fn += len(want - got)
        for theme in unit.listed:
            self.listed += 1
            on_theme = theme in want
            right = unit.stance == gold["stance"]
            self.on_theme += on_theme
            self.usable += bool(gold["usable"])
            self.right += right
            self.all_three += on_theme and right and bool(gold["usable"])
            self.neutral_listed += gold["stance"] == "neutral"

    def figures(self) -> dict[str, float | int]:
        def share(part: int, whole: int) -> float:
            return round(part / whole, 3) if whole else 0.0

        return {
            "units": self.stance_total,
            "unmatched": self.unmatched,
            "stance_accuracy": share(self.stance_right, self.stance_total),
            "stance_macro_f1": round(self.macro_f1(), 3),
            "theme_precision": share(self.theme_tp, self.theme_tp + self.theme_fp),
            "theme_recall": share(self.theme_tp, self.theme_tp + self.theme_fn),
            "listed": self.listed,
            "listed_on_theme": share(self.on_theme, self.listed),
            "listed_usable": share(self.usable, self.listed),
            "listed_right": share(self.right, self.listed),
            "listed_all_three": share(self.all_three, self.listed),
            "neutral_listed": self.neutral_listed,
        }

    def macro_f1(self) -> float:
        scores = []
        for stance in STANCES:
            tp = self.confusion[(stance, stance)]
            fp = sum(n for (g, p), n in self.confusion.items() if p == stance and g != stance)
            fn = sum(n for (g, p), n in self.confusion.items() if g == stance and p != stance)
            scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
        return sum(scores) / len(scores)


def tokens(text: str) -> list[str]:
    folded = text.replace("’", "'").replace("‘", "'").lower()
    return _TOKEN.findall(folded)


def document_units(ingestor: Ingestor, path: Path) -> list[Unit]:
    """Every sentence of the file as ingestion cuts, stances and tags it."""
    ready = ingestor.prepare(path)
    if not hasattr(ready, "passages"):
        raise SystemExit(f"{path}: could not be ingested: {getattr(ready, 'error', ready)}")
    ingestor.tag_themes(ready.passages)
    doc_types = {d.id: d.doc_type for d in ready.documents}
    units: list[Unit] = []
    for passage in ready.passages:
        units.extend(passage_units(passage, doc_types.get(passage.document_id, "")))
    # Headings are passages' section names, not sentences: a unit each, never listed.
    headings = {part for p in ready.passages for part in p.heading.split(" > ") if part}
    units.extend(Unit(h, grade_stance(h), [], [], h) for h in sorted(headings))
    return units


def passage_units(passage: Passage, doc_type: str) -> list[Unit]:
    source = FindingSource(passage, DocMeta(doc_type=doc_type))
    findings = {f.start: f for f in findings_of(source)}
    units = []
    for sentence in passage.sentences:
        finding = findings.get(sentence.start)
        own = getattr(sentence, "themes", None)
        themes = list(own) if own is not None else (finding.themes if finding else [])
        listed = []
        if finding is not None and sentence.stance in FINDING_STANCES:
            listed = [t for t in finding.themes if t in passage.themes]
        units.append(
            Unit(
                passage.text[sentence.start : sentence.end],
                sentence.stance,
                themes,
                listed,
                passage.heading,
            )
        )
    return units


def align(gold_text: str, units: list[Unit]) -> Unit | None:
    """The ingested sentence holding the labelled unit: contiguous word containment either
    way, best overlap first; else the sentence sharing most of the unit's word 3-grams."""
    want = tokens(gold_text)
    if not want:
        return None
    joined = " " + " ".join(want) + " "
    best: tuple[float, Unit] | None = None
    for unit in units:
        have = tokens(unit.text)
        if not have:
            continue
        text = " " + " ".join(have) + " "
        if joined in text or (len(have) >= 3 and text in joined):
            score = min(len(have), len(want)) / max(len(have), len(want))
            if best is None or score > best[0]:
                best = (score, unit)
    if best is not None:
        return best[1]
    grams = _grams(want)
    scored = [(len(grams & _grams(tokens(u.text))) / len(grams), u) for u in units]
    score, unit = max(scored, key=lambda pair: pair[0], default=(0.0, None))
    return unit if score >= 0.5 else None


def _grams(words: list[str], n: int = 3) -> set[tuple[str, ...]]:
    if len(words) < n:
        return {tuple(words)}
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def load_labels(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def split_of(docs: list[str]) -> dict[str, str]:
    """Documents in label order, alternately tune and held-out: both halves span the layouts."""
    return {doc: ("tune" if i % 2 == 0 else "held-out") for i, doc in enumerate(docs)}


def evaluate(
    ingestor: Ingestor, shared: Path, labels: list[dict[str, Any]], errors: bool
) -> dict[str, Scores]:
    docs = list(dict.fromkeys(row["doc"] for row in labels))
    halves = split_of(docs)
    scores: dict[str, Scores] = defaultdict(Scores)
    for doc in docs:
        units = document_units(ingestor, shared / doc)
        for row in (r for r in labels if r["doc"] == doc):
            unit = align(row["text"], units)
            for name in ("all", halves[doc]):
                scores[name].add(row, unit)
            if errors:
                _print_error(row, unit)
    return scores


def _print_error(row: dict[str, Any], unit: Unit | None) -> None:
    if unit is None:
        print(f"{row['id']} UNMATCHED {row['text'][:90]!r}")
        return
    marks = []
    if unit.stance != row["stance"]:
        marks.append(f"stance {unit.stance} (gold {row['stance']})")
    if set(unit.themes) != set(row["themes"]):
        marks.append(f"themes {unit.themes} (gold {row['themes']})")
    if unit.listed and not row["usable"]:
        marks.append("listed but not usable")
    if unit.listed and row["stance"] == "neutral":
        marks.append("neutral listed")
    if marks:
        text = " ".join(row["text"].split())[:160]
        print(f"{row['id']} {' | '.join(marks)}\n    {text}\n    [{unit.heading[:100]}]")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--home", type=Path, help="store folder for the vector cache")
    parser.add_argument(
        "--labels", type=Path, action="append", default=[], help="extra label files"
    )
    parser.add_argument("--errors", action="store_true", help="print each wrong unit")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    home = args.home or Path(tempfile.gettempdir()) / "kb-findings-eval"
    ingestor = Ingestor(KnowledgeBase(Settings(home=home)))
    sets = {"findings_labels": args.shared / "eval" / "findings_labels.jsonl"}
    sets.update({path.stem: path for path in args.labels})
    report: dict[str, dict[str, dict[str, float | int]]] = {}
    for name, path in sets.items():
        if not path.is_file():
            raise SystemExit(f"--labels {path}: no such file")
        scores = evaluate(ingestor, args.shared, load_labels(path), args.errors)
        report[name] = {part: s.figures() for part, s in scores.items()}
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    for name, parts in report.items():
        print(f"\n{name}")
        keys = list(next(iter(parts.values())))
        print(f"  {'':18}" + "".join(f"{part:>10}" for part in parts))
        for key in keys:
            print(f"  {key:18}" + "".join(f"{parts[p][key]:>10}" for p in parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
