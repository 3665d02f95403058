"""Which files an ingest run reads, and what the manifest beside them says for certain."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from ingest.extract import SUPPORTED_SUFFIXES

MANIFEST = "manifest.json"


def discover(
    paths: Iterable[Path], skipped: list[tuple[Path, str]] | None = None
) -> Iterator[Path]:
    """Files and folders (recursive) in a stable order; hidden files are skipped. A path that
    does not exist is yielded as is, so the run reports it instead of skipping it silently.
    A symlink inside a folder is read only if its target is inside that folder too (a link
    to /etc/passwd is not); those left out are appended to `skipped` with the reason. A file
    reached twice (a link beside its target) is yielded once."""
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            root = path.resolve()
            for child in sorted(path.rglob("*")):
                rel_parts = child.relative_to(path).parts
                hidden = any(p.startswith(".") for p in rel_parts)
                if hidden or child.suffix.lower() not in SUPPORTED_SUFFIXES:
                    continue
                if child.is_symlink() and not child.resolve().is_relative_to(root):
                    if skipped is not None:
                        skipped.append((child, f"a symlink out of {path}: not followed"))
                    continue
                if child.is_file() and child.resolve() not in seen:
                    seen.add(child.resolve())
                    yield child
        else:
            yield path


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@lru_cache(maxsize=64)
def _load_manifest(path: Path) -> dict[str, Any]:
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")).get("files", {}))
    except (OSError, ValueError):
        return {}


def manifest_entry(path: Path) -> dict[str, Any]:
    """The entry for a file in the nearest manifest.json above it, or {}."""
    resolved = path.resolve()
    for folder in resolved.parents:
        candidate = folder / MANIFEST
        if candidate.is_file():
            entry = _load_manifest(candidate).get(resolved.relative_to(folder).as_posix())
            if entry is not None:
                return dict(entry)
    return {}
