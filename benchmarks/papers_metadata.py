"""Accuracy of council-paper metadata on ../shared/council-papers against its README.

    python -m benchmarks.papers_metadata [--shared PATH] [--json]

Each file is read as ingest reads it (sandboxed extraction, the cleaner, the pack splitter,
read_source_metadata) and its first document is compared with the README's provenance
table: document type, council (the council's folder), committee and date as printed, and
the publication date where the README prints one. "not printed" means the document must
carry none: a date or committee taken from a meeting the paper only mentions is wrong.

How the README's columns are read: type "agenda pack ..." is an agenda, "minutes/decision"
accepts either; a committee column in parentheses keeps the name before them ("Cabinet
(report of ...)" -> Cabinet) and goes through the same canonical spelling as extraction
("County Council" -> "Council"); a committee column that names no body (a report's authors,
"West Sussex Public Health Research Unit") means no committee; a date printed as a month
("April 2013") is that month ("2013-04").
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.accuracy import DEFAULT_SHARED, Accuracy
from ingest.clean import clean_pages
from ingest.metadata import read_source_metadata
from ingest.metadata.committee import committee_name
from ingest.metadata.council import council_in_path
from ingest.sandbox import extract_safely
from ingest.split import split_documents
from ingest.types import ExtractionError
from kb.dates import find_dates, month_number
from kb.search.records import ReadMeta

FIELDS = ("doc_type", "council", "committee", "date", "published")
_TYPES = {"agenda": ("agenda",), "report": ("report",), "minutes": ("minutes",)}
_MONTH_YEAR = re.compile(r"^(?P<m>[A-Z][a-z]+)\s+(?P<y>(?:19|20)\d\d)$")


@dataclass(frozen=True)
class PaperGold:
    file: str  # council folder / file name
    doc_types: tuple[str, ...]  # any of these is right
    council: str | None
    committee: str | None
    date: str | None
    published: str | None


def _types(raw: str) -> tuple[str, ...]:
    kind = raw.split("(")[0].strip().lower()
    if "/" in kind:
        return tuple(k.strip() for k in kind.split("/"))
    return _TYPES.get(kind.split()[0], (kind.split()[0],))


def _date(raw: str) -> tuple[str | None, str | None]:
    """(meeting or document date, publication date) as the date column prints them."""
    raw = raw.strip()
    if raw.lower().startswith("not printed"):
        return None, None
    month = _MONTH_YEAR.match(raw)
    if month and month_number(month.group("m")):
        return f"{month.group('y')}-{month_number(month.group('m')):02d}", None
    published = None
    pub = re.search(r"Publication\s+date\s*:\s*([^;]+)", raw, re.IGNORECASE)
    if pub:
        found = find_dates(pub.group(1))
        published = found[0].value.isoformat() if found else None
        raw = raw[: pub.start()]
    found = find_dates(raw)
    return (found[0].value.isoformat() if found else None), published


def _committee(raw: str) -> str | None:
    raw = raw.strip()
    if raw.lower().startswith("not printed"):
        return None
    return committee_name(re.sub(r"\s*\(.*\)\s*$", "", raw))


def load_papers_gold(shared: Path) -> list[PaperGold]:
    """The README's provenance table, one row per file."""
    readme = (shared / "council-papers" / "README.md").read_text(encoding="utf-8")
    rows: list[PaperGold] = []
    for line in readme.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 4 or "/" not in cells[0] or cells[0].startswith("-"):
            continue
        file, kind, printed, committee = cells[:4]
        when, published = _date(printed)
        rows.append(
            PaperGold(
                file=file,
                doc_types=_types(kind),
                council=council_in_path(str(shared / "council-papers" / file)),
                committee=_committee(committee),
                date=when,
                published=published,
            )
        )
    return rows


def paper_documents(path: Path) -> list[ReadMeta]:
    """Metadata of each document in a file, as ingest reads them."""
    pages = clean_pages(extract_safely(path).pages)
    return [read_source_metadata(part, str(path)) for part in split_documents(pages)]


def evaluate_papers(shared: Path = DEFAULT_SHARED) -> Accuracy:
    result = Accuracy()
    for gold in load_papers_gold(shared):
        try:
            metas = paper_documents(shared / "council-papers" / gold.file)
        except ExtractionError as exc:
            result.unreadable.append(f"{gold.file}: {exc.reason}")
            continue
        result.documents += 1
        meta = metas[0] if metas else ReadMeta()
        right = meta.doc_type in gold.doc_types
        expected_type = meta.doc_type if right else "/".join(gold.doc_types)
        result.check(gold.file, "doc_type", expected_type, meta.doc_type)
        result.check(gold.file, "council", gold.council, meta.council)
        result.check(gold.file, "committee", gold.committee, meta.committee)
        result.check(gold.file, "date", gold.date, meta.date)
        if gold.published:
            result.check(gold.file, "published", gold.published, meta.published)
    return result


def print_papers(result: Accuracy) -> None:
    print(f"council papers read: {result.documents} (against council-papers/README.md)")
    print(f"{'field':12} {'accuracy':>8} {'correct':>7} {'total':>5}")
    for name in FIELDS:
        if name in result.fields:
            s = result.fields[name]
            print(f"{name:12} {s.accuracy:8.3f} {s.correct:7d} {s.total:5d}")
    for m in result.mismatches:
        print(f"  {m.file} | {m.field} | expected {m.expected} | got {m.got}")
    for item in result.unreadable:
        print(f"  unreadable: {item}")


def papers_payload(result: Accuracy) -> dict[str, object]:
    return {
        "documents": result.documents,
        "fields": result.figures(),
        "mismatches": [asdict(m) for m in result.mismatches],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = evaluate_papers(args.shared)
    if args.json:
        print(json.dumps(papers_payload(result), indent=2))
    else:
        print_papers(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
