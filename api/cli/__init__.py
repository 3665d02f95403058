"""The `kb` command: ingest, search, ask, compare, check and serve."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from api.cli.asking import cmd_ask, cmd_documents, cmd_search
from api.cli.comparing import cmd_compare
from api.cli.ingesting import cmd_ingest, cmd_remove
from api.cli.options import add_filter_options, passage_count
from api.cli.serving import cmd_serve
from api.cli.upkeep import cmd_check, cmd_reindex
from kb.errors import KbError
from kb.search.knowledge import KnowledgeBase
from kb.settings import Settings, get_settings
from kb.vocab.kinds import MODES


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kb", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="add files and folders (.txt .md .html .pdf .docx)")
    p.add_argument("paths", nargs="+")
    p.add_argument("--json", action="store_true")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--watch",
        action="store_true",
        help="then keep the folders ingested as files arrive, change or disappear",
    )
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("search", help="passages that match a query")
    p.add_argument("query")
    p.add_argument("--k", type=passage_count, default=10)
    p.add_argument("--mode", choices=MODES, default="hybrid")
    add_filter_options(p)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", help="a cited answer to a question")
    p.add_argument("question")
    p.add_argument("--k", type=passage_count, default=8)
    add_filter_options(p)
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("compare", help="councils side by side on a theme or topic")
    p.add_argument("--councils", action="append", required=True, help="A,B or repeat")
    p.add_argument("--theme", help="a theme id, e.g. care_leavers_pathway_planning")
    p.add_argument("--q", help="a free-text topic instead of (or within) the theme")
    p.add_argument("--since", help="YYYY-MM-DD, inclusive")
    p.add_argument("--until", help="YYYY-MM-DD, inclusive")
    p.add_argument("--source", choices=("all", "ofsted", "council"), default="all")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--export", choices=("csv", "md", "docx"), help="write an export file")
    p.add_argument("--output", help="where --export writes (default: a name in this folder)")
    p.add_argument(
        "--full", action="store_true", help="export every finding, not a handful per stance"
    )
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("documents", help="list the documents")
    add_filter_options(p)
    p.set_defaults(func=cmd_documents)

    p = sub.add_parser("remove", help="delete a file's documents everywhere")
    p.add_argument("paths", nargs="+")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("reindex", help="rebuild Chroma and the keyword index from SQLite")
    p.set_defaults(func=cmd_reindex)

    p = sub.add_parser("check", help="compare SQLite, FTS5 and Chroma")
    p.add_argument("--repair", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("serve", help="serve the web app and API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None, settings: Settings | None = None) -> int:
    args = build_parser().parse_args(argv)
    kb = KnowledgeBase(settings or get_settings())
    try:
        return int(args.func(kb, args) or 0)
    except KbError as error:  # a wrong filter is an error, never an empty answer
        print(f"kb {args.command}: error: {_option(error)}{error}", file=sys.stderr)
        return 2


def _option(error: KbError) -> str:
    """`--doc-type: ` for an error that names the parameter it came from (FilterError)."""
    param = getattr(error, "param", None)
    return f"--{param.replace('_', '-')}: " if param else ""
