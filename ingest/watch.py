"""Keep folders ingested: files that arrive or change are ingested, files that disappear are
removed (`kb ingest --watch FOLDER`, for example a shared drive where papers are saved).

watchfiles reports changes (inotify, or polling where the file system gives no events); each
batch is settled the way a fresh `kb ingest` would settle it, so a file caught half-copied
fails once and is read again when its copy ends.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import watchfiles

from ingest.discover import discover
from ingest.extract import SUPPORTED_SUFFIXES
from ingest.pipeline import FileOutcome, Ingestor
from kb.search.knowledge import KnowledgeBase

Report = Callable[[FileOutcome], None]


def _under(source: str, folders: Iterable[Path]) -> bool:
    path = Path(source)
    return any(path.is_relative_to(folder) for folder in folders)


def remove_vanished(kb: KnowledgeBase, folders: list[Path], on_file: Report | None) -> None:
    """Forget the files under the folders that are no longer there."""
    for record in kb.store.files():
        if _under(record.source, folders) and not Path(record.source).exists():
            removed = kb.remove(record.source)
            if on_file:
                on_file(FileOutcome(record.source, "removed", removed=removed))


def settle(
    kb: KnowledgeBase, folders: list[Path], paths: Iterable[Path], on_file: Report | None
) -> None:
    """Ingest what is there of `paths` (unchanged files cost a hash), then drop what is gone."""
    present = [p for p in discover(p for p in paths if p.exists())]
    if present:
        Ingestor(kb).ingest(present, on_file)
    remove_vanished(kb, folders, on_file)


def _interesting(change: watchfiles.Change, path: str) -> bool:
    name = Path(path).name
    return not name.startswith(".") and (
        change == watchfiles.Change.deleted or Path(path).suffix.lower() in SUPPORTED_SUFFIXES
    )


def watch(
    kb: KnowledgeBase,
    folders: Iterable[Path],
    on_file: Report | None = None,
    stop: threading.Event | None = None,
    ready: threading.Event | None = None,
) -> None:
    """Ingest the folders, then follow them until `stop` is set (or Ctrl-C). `ready` is set
    once the first pass is done and changes are being watched."""
    roots = [Path(f).resolve() for f in folders]
    missing = [str(f) for f in roots if not f.is_dir()]
    if missing:
        raise NotADirectoryError(f"--watch needs folders; not a folder: {', '.join(missing)}")
    first = True
    # Watching starts before the first pass (the first yield comes once the watcher runs, at
    # the latest after rust_timeout), so nothing that changes during that pass is missed.
    for changes in watchfiles.watch(
        *roots, watch_filter=_interesting, stop_event=stop, rust_timeout=500, yield_on_timeout=True
    ):
        if first:
            settle(kb, roots, roots, on_file)
            first = False
            if ready:
                ready.set()
        elif changes:
            settle(kb, roots, sorted({Path(p) for _, p in changes}), on_file)
