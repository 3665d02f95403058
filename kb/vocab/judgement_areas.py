"""Ofsted judgement areas: their labels as officers write them, and judgements that cover
more than one area (kb/vocab/judgements.toml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kb.vocab.file import VOCAB_DIR, read_vocab

VOCAB = VOCAB_DIR / "judgements.toml"


@dataclass(frozen=True)
class Combined:
    key: str
    label: str
    covers: tuple[str, ...]


@dataclass(frozen=True)
class Areas:
    labels: dict[str, str]  # in the order the judgements table shows them
    combined: dict[str, Combined]


@cache
def areas(path: Path = VOCAB) -> Areas:
    """The judgement areas file; a malformed file names itself."""
    try:
        data = read_vocab(path)
        combined = {
            key: Combined(key, str(value["label"]), tuple(value["covers"]))
            for key, value in data.get("combined", {}).items()
        }
        labels = {str(k): str(v) for k, v in data["labels"].items()}
        labels.update({c.key: c.label for c in combined.values()})
        return Areas(labels, combined)
    except (OSError, KeyError, TypeError, ValueError) as error:
        raise ValueError(f"{path}: cannot read the judgement areas: {error}") from error


def judgement_label(area: str) -> str:
    return areas().labels.get(area) or area.replace("_", " ").capitalize()


def area_order() -> list[str]:
    return [a for a in areas().labels if a not in areas().combined]


def spread_combined(grades: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Grades with each combined judgement applied to every area it covers, and which
    areas were graded that way (area -> the combined judgement's label)."""
    out = {k: v for k, v in grades.items() if k not in areas().combined}
    marks: dict[str, str] = {}
    for key, grade in grades.items():
        combined = areas().combined.get(key)
        for area in combined.covers if combined else ():
            out[area] = grade
            marks[area] = combined.label if combined else ""
    return out, marks


def fold_combined(grades: dict[str, str]) -> dict[str, str]:
    """Grades with the areas a combined judgement covers left out: one line for it."""
    covered = {a for k in grades if k in areas().combined for a in areas().combined[k].covers}
    return {k: v for k, v in grades.items() if k not in covered}
