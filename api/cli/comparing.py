"""`kb compare`: councils side by side on a theme or topic, printed, as JSON or exported."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from api.cli.output import print_json
from kb.search.knowledge import KnowledgeBase


def _print_column(column: Any) -> None:
    from api.urls import SITE

    print(f"== {column.council}: {column.message}")
    for label, findings in (
        ("Areas for improvement", column.areas_for_improvement),
        ("Strengths", column.strengths),
    ):
        if column.findings:
            print(f"  {label} ({len(findings)})")
        for f in findings:
            visit = f" · {f.visit.label}" if f.visit else ""
            print(f"    - “{f.text}”")
            print(f"      {f.source_kind}: {f.citation.text}{visit}")
            print(f"      {f.link(SITE)}")
    print()


def cmd_compare(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    from api.urls import SITE, Urls
    from kb.reports.compare import compare
    from kb.reports.export.comparison import comparison_report
    from kb.reports.export.render import filename, local_links, render

    councils = [c for value in args.councils for c in value.split(",")]
    # CompareError is reported by main, as every kb error is
    result = compare(kb, councils, args.theme, args.q, args.since, args.until, args.source)
    if args.export:
        public = kb.settings.public_url
        report = comparison_report(result, Urls(public or ""), full=args.full)
        report = report if public else local_links(report)
        out = Path(args.output or filename(report, args.export))
        out.write_bytes(render(report, args.export))
        print(f"wrote {out}")
    elif args.json:
        print_json(result.to_dict(SITE))
    else:
        print(f"Comparing on {result.subject}\n")
        for column in result.columns:
            _print_column(column)
    return 0
