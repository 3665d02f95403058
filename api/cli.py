"""The `kb` command: ingest, search, ask, compare, check and serve."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.search.answer import NOTHING_ANSWERS
from kb.search.filter_parser import FilterError, parse_filters
from kb.search.filters import Filters
from kb.search.knowledge import CheckReport, KnowledgeBase
from kb.settings import Settings, get_settings
from kb.vocab.kinds import MODES

if TYPE_CHECKING:
    from ingest.pipeline import FileOutcome


def _filters(args: argparse.Namespace) -> Filters:
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


def _add_filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--council", action="append", help="repeat for several councils")
    parser.add_argument("--doc-type", action="append", help="minutes, agenda, report, ...")
    parser.add_argument("--visit-type", action="append", help='e.g. "monitoring visit"')
    parser.add_argument("--committee", action="append", help='e.g. "Cabinet"; repeatable')
    parser.add_argument("--theme", action="append", help="a theme id, e.g. workforce")
    parser.add_argument("--since", help="YYYY-MM-DD, inclusive")
    parser.add_argument("--until", help="YYYY-MM-DD, inclusive")
    parser.add_argument("--json", action="store_true", help="print JSON")


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def _display(source: str) -> str:
    try:
        return str(Path(source).relative_to(Path.cwd()))
    except ValueError:
        return source


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
        _print_json(
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
            print(f"{o.status:9} {_display(o.source)}: {detail}")
        for path, why in skipped:
            print(f"{'skipped':9} {_display(str(path))}: {why}")
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
        print(f"{outcome.status:9} {_display(outcome.source)}{detail}", flush=True)


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


def _print_hit(n: int, hit: Any) -> None:
    print(f"[{n}] {hit.citation}   (score {hit.score:.4f})")
    if hit.heading:
        print(f"    § {hit.heading}")
    text = hit.text
    for start, end in reversed(hit.marked):
        text = f"{text[:start]}>>{text[start:end]}<<{text[end:]}"
    for line in text.splitlines():
        if line.strip():
            print(f"    {line}")
    print(f"    source: {_display(hit.source)}")


def _print_applied(data: dict[str, Any]) -> None:
    if data.get("applied"):
        print(f"Applied from the question: {data['applied']}")
    if data.get("expansions"):
        print(f"Expanded: {data['expansions']}")
    for term in data.get("glossary", []):
        if term["by"] == "meaning":
            print(f"Also searching: {term['term']} ({term['means']})")


def cmd_search(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    result = kb.search(args.query, _filters(args), args.k, args.mode)
    if args.json:
        _print_json(result.to_dict())
        return 0
    _print_applied(result.to_dict())
    if not result.hits:
        in_force = result.filters.as_dict()
        print(f"No passages match (filters: {in_force})." if in_force else "No passages match.")
    elif not result.found:
        print(f"{NOTHING_ANSWERS} The closest passages follow; they are not an answer.")
    for n, hit in enumerate(result.hits, 1):
        _print_hit(n, hit)
    return 0


def cmd_ask(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    answer = kb.ask(args.question, _filters(args), args.k)
    if args.json:
        _print_json(answer.to_dict())
        return 0
    _print_applied(answer.to_dict())
    print(f"\n{answer.text}\n")
    if answer.citations and not answer.search.found:
        print("Closest passages (not an answer):\n")
    for group in answer.groups:
        print(f"== {group.council}: {group.title} ({group.date or 'undated'})")
        for n in group.citations:
            _print_hit(n, answer.citations[n - 1])
        print()
    return 0


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
    from kb.reports.compare import CompareError, compare
    from kb.reports.export import comparison_report, filename, local_links, render

    councils = [c for value in args.councils for c in value.split(",")]
    try:
        result = compare(kb, councils, args.theme, args.q, args.since, args.until, args.source)
    except CompareError as error:
        print(f"kb compare: {error}", file=sys.stderr)
        return 2
    if args.export:
        public = kb.settings.public_url
        report = comparison_report(result, Urls(public or ""), full=args.full)
        report = report if public else local_links(report)
        out = Path(args.output or filename(report, args.export))
        out.write_bytes(render(report, args.export))
        print(f"wrote {out}")
    elif args.json:
        _print_json(result.to_dict(SITE))
    else:
        print(f"Comparing on {result.subject}\n")
        for column in result.columns:
            _print_column(column)
    return 0


def cmd_documents(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    docs = kb.documents(_filters(args))
    if args.json:
        _print_json(
            {"documents": [{k: v for k, v in d.to_dict().items() if k != "text"} for d in docs]}
        )
        return 0
    for d in docs:
        visit = f" {d.visit_type} {d.visit_number or ''}".rstrip() if d.visit_type else ""
        print(f"{d.council or '?':15} {d.date or '????-??-??'} {d.doc_type:14} {d.title}{visit}")
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
        _print_json(report.to_dict())
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


def cmd_serve(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app

    if kb.settings.threads is None:
        # One thread per question: with several in flight, more threads only contend.
        kb = KnowledgeBase(kb.settings.model_copy(update={"threads": 1}))
    settings = with_bound_host(kb.settings, args.host)
    if settings.workers > 1 and not settings.chroma_url:
        print(
            "Embedded Chroma allows one worker process: set KB_CHROMA_URL to a `chroma run` "
            "server to use more.",
            file=sys.stderr,
        )
        return 2
    if settings.workers > 1:  # each worker builds its own app, all sharing the Chroma server
        # Workers read their settings from the environment: pass on the one-thread default.
        os.environ["KB_THREADS"] = str(settings.threads)
        os.environ["KB_ALLOWED_HOSTS"] = settings.allowed_hosts or ""
        uvicorn.run(
            "api.app:create_app",
            factory=True,
            workers=settings.workers,
            host=args.host,
            port=args.port,
        )
    else:
        uvicorn.run(create_app(settings, kb), host=args.host, port=args.port, log_level="info")
    return 0


def with_bound_host(settings: Settings, host: str) -> Settings:
    """The address `kb serve` binds to is a name it answers to (unless it is a wildcard)."""
    if host in ("0.0.0.0", "::", ""):
        return settings
    hosts = [h for h in (settings.allowed_hosts or "").split(",") if h.strip()]
    return settings.model_copy(update={"allowed_hosts": ",".join([*hosts, host])})


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
    _add_filter_options(p)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", help="a cited answer to a question")
    p.add_argument("question")
    p.add_argument("--k", type=passage_count, default=8)
    _add_filter_options(p)
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
    _add_filter_options(p)
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
    except FilterError as error:  # a wrong filter is an error, never an empty answer
        print(
            f"kb {args.command}: error: --{error.param.replace('_', '-')}: {error}", file=sys.stderr
        )
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
