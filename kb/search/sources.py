"""How a file's path is shown outside the server: relative to the folder it was ingested
from, never as an absolute server path. The file's own name always ends it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath


def shown_source(source: str, roots: Iterable[str]) -> str:
    """`source` relative to the deepest root holding it, or its bare name if none does."""
    path = Path(source)
    holding = [Path(r) for r in roots if r and path.is_relative_to(r) and Path(r) != path]
    if not holding:
        return path.name
    deepest = max(holding, key=lambda r: len(r.parts))
    return PurePosixPath(*path.relative_to(deepest).parts).as_posix()


def roots_of(paths: Iterable[Path]) -> list[str]:
    """The folders an ingest was given: a folder itself, a file's own folder."""
    return sorted({str((p if p.is_dir() else p.parent).resolve()) for p in paths})
