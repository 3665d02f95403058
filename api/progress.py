"""Ingest progress in pages read, not files: one 80-page agenda pack is as much work as
forty two-page letters, so a bar counting files promised nonsense times.

The total is not known before the files are read, so it is estimated from their sizes at
the pages per byte measured so far (per file format), and refined as each file settles.
Unchanged and failed files are no work and leave the estimate. Until a file has been read
the bar shows no total, and so no time left, rather than a guess.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

from ingest.pipeline import FileOutcome


class PageProgress:
    def __init__(self, files: list[Path], quiet: bool = False) -> None:
        from tqdm import tqdm

        self._left = {str(f.resolve()): (_kind(f), _size(f)) for f in files}
        self._pages: Counter[str] = Counter()  # per file format: pages read ...
        self._bytes: Counter[str] = Counter()  # ... from this many bytes
        self.done = 0  # pages read
        self.bar: Any = tqdm(
            total=None, unit="page", disable=quiet or not files, file=sys.stderr, dynamic_ncols=True
        )

    def settled(self, outcome: FileOutcome) -> None:
        kind, size = self._left.pop(outcome.source, (_kind(Path(outcome.source)), 0))
        self.done += outcome.pages
        if outcome.pages:
            self._pages[kind] += outcome.pages
            self._bytes[kind] += size
        self.bar.set_postfix_str(Path(outcome.source).name[-40:])
        self.bar.total = self.estimate()
        self.bar.update(outcome.pages)

    def estimate(self) -> int | None:
        """Pages read so far plus those the files still to come will likely hold."""
        if not self._bytes:
            return None
        overall = sum(self._pages.values()) / max(1, sum(self._bytes.values()))
        rest = 0.0
        for kind, size in self._left.values():
            ratio = self._pages[kind] / self._bytes[kind] if self._bytes[kind] else overall
            rest += max(1.0, size * ratio)
        return self.done + round(rest)

    def close(self) -> None:
        self.bar.total = self.done  # what it came to
        self.bar.refresh()
        self.bar.close()


def _kind(path: Path) -> str:
    return path.suffix.lower()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
