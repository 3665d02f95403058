"""What the metadata benchmarks share: per-field accuracy with every mismatch kept, and where
../shared is. metadata_accuracy, papers_metadata and passage_metadata all score with it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@dataclass
class FieldScore:
    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0


@dataclass
class Mismatch:
    file: str
    field: str
    expected: str
    got: str
    note: str = ""


@dataclass
class Accuracy:
    fields: dict[str, FieldScore] = field(default_factory=dict)
    mismatches: list[Mismatch] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    documents: int = 0
    # (file, field) -> why the gold is wrong there, checked by hand
    known: Mapping[tuple[str, str], str] = field(default_factory=dict)

    def check(self, file: str, name: str, expected: object, got: object, note: str = "") -> None:
        """Count one comparison; record it when it fails."""
        score = self.fields.setdefault(name, FieldScore())
        score.total += 1
        if expected == got:
            score.correct += 1
            return
        known = self.known.get((file, name))
        if known:
            note = f"gold wrong (checked by hand): {known}"
        self.mismatches.append(Mismatch(file, name, str(expected), str(got), note))

    def gold_error_count(self, name: str) -> int:
        """Mismatches on this field where the gold is known or shown to be wrong."""
        return sum(1 for m in self.mismatches if m.field == name and "gold" in m.note)

    def merge(self, other: Accuracy) -> Accuracy:
        merged = Accuracy(documents=self.documents + other.documents, known=self.known)
        for source in (self, other):
            for name, score in source.fields.items():
                target = merged.fields.setdefault(name, FieldScore())
                target.correct += score.correct
                target.total += score.total
        merged.mismatches = self.mismatches + other.mismatches
        merged.unreadable = self.unreadable + other.unreadable
        return merged

    def adjusted_accuracy(self, name: str) -> float:
        """Accuracy with the comparisons against wrong gold set aside."""
        score = self.fields[name]
        total = score.total - self.gold_error_count(name)
        return score.correct / total if total else 1.0

    def figures(self) -> dict[str, dict[str, float | int]]:
        return {
            name: {
                "accuracy": round(s.accuracy, 4),
                "correct": s.correct,
                "total": s.total,
                "gold_errors": self.gold_error_count(name),
                "accuracy_without_gold_errors": round(self.adjusted_accuracy(name), 4),
            }
            for name, s in sorted(self.fields.items())
        }
