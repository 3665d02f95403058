"""`kb check` (with `--repair`) and `kb reindex`: the three indexes kept in step."""

from __future__ import annotations

import argparse
from pathlib import Path

from api.cli.output import print_json
from kb.search.knowledge import CheckReport, KnowledgeBase


def cmd_reindex(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    print(f"reindexed {kb.reindex()} passages")
    return 0


def repair(kb: KnowledgeBase) -> CheckReport:
    """Mend index drift, then redo each file an interrupted ingest left pending (or forget
    it if it is gone): SQLite cannot tell whether its rows for it are the old or new ones."""
    from ingest.pipeline import Ingestor

    report = kb.repair()
    for source in report.pending_files:
        if Path(source).is_file():
            Ingestor(kb).ingest_file(Path(source))
        else:
            kb.remove(source)
    return kb.check() if report.pending_files else report


def cmd_check(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    report = repair(kb) if args.repair else kb.check()
    if args.json:
        print_json(report.to_dict())
    else:
        print(f"SQLite {report.sqlite} passages, FTS5 {report.fts}, Chroma {report.chroma}")
        for label, items in (
            ("missing in Chroma", report.missing_in_chroma),
            ("in Chroma only", report.extra_in_chroma),
            ("without sentence vectors", report.missing_sentence_vectors),
            ("files left pending", report.pending_files),
        ):
            if items:
                more = "..." if len(items) > 5 else ""
                print(f"{label}: {len(items)} ({', '.join(items[:5])}{more})")
        if report.fts_drift:
            print(f"keyword index out of step: {report.fts_drift} rows")
        print("consistent" if report.ok else "INCONSISTENT: run `kb check --repair`")
    return 0 if report.ok else 1
