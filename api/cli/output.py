"""How the commands print: JSON, file paths relative to here, and passages with their
marked sentences."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def display(source: str) -> str:
    try:
        return str(Path(source).relative_to(Path.cwd()))
    except ValueError:
        return source


def print_hit(n: int, hit: Any) -> None:
    print(f"[{n}] {hit.citation}   (score {hit.score:.4f})")
    if hit.heading:
        print(f"    § {hit.heading}")
    text = hit.text
    for start, end in reversed(hit.marked):
        text = f"{text[:start]}>>{text[start:end]}<<{text[end:]}"
    for line in text.splitlines():
        if line.strip():
            print(f"    {line}")
    print(f"    source: {display(hit.source)}")


def print_applied(data: dict[str, Any]) -> None:
    if data.get("applied"):
        print(f"Applied from the question: {data['applied']}")
    # One label for everything searched beyond the words typed, as on the page.
    meant = {t["term"]: t["means"] for t in data.get("glossary", []) if t["by"] == "meaning"}
    for term, alternatives in data.get("expansions", {}).items():
        if term in meant:
            print(f"Also searching: {term} ({meant[term]})")
        elif alternatives:
            print(f"Also searching: {term} → {', '.join(alternatives)}")
