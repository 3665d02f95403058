"""Options the reading commands share: the filters (through kb's one filter parser, as the
HTTP API's are) and how many passages."""

from __future__ import annotations

import argparse

from kb.search.filter_parser import parse_filters
from kb.search.filters import Filters


def filters_of(args: argparse.Namespace) -> Filters:
    """The options through kb's one filter parser, as the HTTP API's are (FilterError)."""
    return parse_filters(
        council=args.council,
        doc_type=args.doc_type,
        visit_type=args.visit_type,
        committee=args.committee,
        theme=args.theme,
        since=args.since,
        until=args.until,
    )


def passage_count(value: str) -> int:
    """--k: how many passages, 1 to 50 like the API's k."""
    try:
        k = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {value!r}") from None
    if not 1 <= k <= 50:
        raise argparse.ArgumentTypeError(f"must be between 1 and 50, got {k}")
    return k


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--council", action="append", help="repeat for several councils")
    parser.add_argument("--doc-type", action="append", help="minutes, agenda, report, ...")
    parser.add_argument("--visit-type", action="append", help='e.g. "monitoring visit"')
    parser.add_argument("--committee", action="append", help='e.g. "Cabinet"; repeatable')
    parser.add_argument("--theme", action="append", help="a theme id, e.g. workforce")
    parser.add_argument("--since", help="YYYY-MM-DD, inclusive")
    parser.add_argument("--until", help="YYYY-MM-DD, inclusive")
    parser.add_argument("--json", action="store_true", help="print JSON")
