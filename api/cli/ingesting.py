"""`kb ingest` (once, or `--watch` to keep folders ingested) and `kb remove`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from api.cli.output import display, print_json
from kb.search.knowledge import KnowledgeBase

if TYPE_CHECKING:
    from ingest.pipeline import FileOutcome


def cmd_ingest(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    from api.progress import PageProgress
    from ingest.discover import discover
    from ingest.pipeline import Ingestor

    if args.watch and not all(Path(p).is_dir() for p in args.paths):
        print("kb ingest --watch: give folders to watch", file=sys.stderr)
        return 2
    given = [Path(p) for p in args.paths]
    skipped: list[tuple[Path, str]] = []
    files = list(discover(given, skipped))
    kb.add_roots(given)
    ingestor = Ingestor(kb)
    started = time.perf_counter()
    progress = PageProgress(files, quiet=args.quiet)
    try:
        outcomes = ingestor.ingest(files, progress.settled)
    finally:
        progress.close()
    elapsed = time.perf_counter() - started
    if args.json:
        print_json(
            {
                "files": [o.to_dict() for o in outcomes],
                "skipped": [{"path": str(p), "reason": why} for p, why in skipped],
                "seconds": round(elapsed, 2),
                "timings": {k: round(v, 2) for k, v in ingestor.timings.items()},
            }
        )
    else:
        for o in outcomes:
            detail = (
                o.error
                if o.status == "failed"
                else (
                    f"{o.added} added, {o.unchanged} unchanged, {o.removed} replaced"
                    f" ({o.documents} documents)"
                    if o.status != "unchanged"
                    else f"{o.unchanged} passages unchanged"
                )
            )
            print(f"{o.status:9} {display(o.source)}: {detail}")
        for path, why in skipped:
            print(f"{'skipped':9} {display(str(path))}: {why}")
        totals = {
            k: sum(getattr(o, k) for o in outcomes) for k in ("added", "unchanged", "removed")
        }
        failed = sum(o.status == "failed" for o in outcomes)
        print(
            f"\n{len(outcomes)} files in {elapsed:.1f} s: {totals['added']} passages added, "
            f"{totals['unchanged']} unchanged, {totals['removed']} replaced, "
            f"{failed} files failed"
            + (f", {len(skipped)} symlinks out of the folders not followed" if skipped else "")
        )
    if args.watch:
        return follow(kb, [Path(p) for p in args.paths])
    return 1 if outcomes and all(o.status == "failed" for o in outcomes) else 0


def _print_change(outcome: FileOutcome) -> None:
    if outcome.status != "unchanged":  # the first pass hashes every file again
        detail = f": {outcome.error}" if outcome.error else ""
        print(f"{outcome.status:9} {display(outcome.source)}{detail}", flush=True)


def follow(kb: KnowledgeBase, folders: list[Path]) -> int:
    """`kb ingest --watch`: keep the folders ingested until Ctrl-C, a line per file."""
    from ingest.watch import watch

    print(f"watching {', '.join(map(str, folders))} (Ctrl-C stops)", flush=True)
    try:
        watch(kb, folders, _print_change)
    except NotADirectoryError as error:
        print(f"kb ingest: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0


def cmd_remove(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    status = 0
    for raw in args.paths:
        source = str(Path(raw).resolve())
        if kb.file(source) is None:
            print(f"not in the knowledge base: {raw}", file=sys.stderr)
            status = 1
            continue
        print(f"removed {raw}: {kb.remove(source)} passages")
    return status
