"""The `kb` command as a user runs it: a subprocess with its own KB_HOME and the fake embedder."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfWriter

from tests.utils.live import run_kb

ROOT = Path(__file__).resolve().parent.parent

LETTER = """# Focused visit to Gateshead children's services

Inspectors visited Gateshead Council children's services on 20 and 21 March 2018.

## Areas for improvement

- Most pathway plans written by personal advisers for care leavers could be better.
- Contingency planning in pathway plans is vague and lacks meaning for young people.

## Strengths

Personal advisers know their young people well and keep in touch with them.
"""

MINUTES = """Corporate Parenting Board minutes, Middlesbrough Council, 3 May 2023.

The Board noted the report on caseloads of social workers and agreed the workforce plan.
Members asked about the stability of the front door and the multi-agency safeguarding hub.
"""

HIT_FIELDS = {
    "id", "text", "score", "source", "title", "council", "doc_type", "date", "visit_type",
    "visit_number", "page", "heading", "themes", "stance", "document_id", "citation",
}  # fmt: skip


class Kb:
    def __init__(self, home: Path, cwd: Path) -> None:
        self.cwd = cwd
        self.env = {**os.environ, "KB_HOME": str(home), "KB_EMBED_MODEL": "fake"}
        self.env["HF_HUB_OFFLINE"] = "1"
        self.env.pop("KB_CHROMA_URL", None)

    def __call__(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run_kb(self.env, *args, cwd=self.cwd)


def make_folder(folder: Path) -> None:
    folder.mkdir()
    (folder / "letter.md").write_text(LETTER, encoding="utf-8")
    (folder / "minutes.txt").write_text(MINUTES, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "noise.pdf").write_bytes(bytes(range(256)) * 16)
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret")
    with (folder / "locked.pdf").open("wb") as handle:
        writer.write(handle)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> tuple[Kb, Path, str]:
    """A folder of good and bad files, ingested once: (kb, folder, what ingest printed)."""
    tmp = tmp_path_factory.mktemp("cli")
    make_folder(tmp / "papers")
    kb = Kb(tmp / "home", tmp)
    done = kb("ingest", "--quiet", "papers")
    assert done.returncode == 0, done.stdout + done.stderr
    return kb, tmp / "papers", done.stdout


def summary_lines(output: str) -> dict[str, str]:
    """file name -> its summary line."""
    lines = {}
    for line in output.splitlines():
        status, _, rest = line.partition(" ")
        path, sep, _detail = rest.strip().partition(": ")
        if sep and status in {"added", "replaced", "unchanged", "failed"}:
            lines[Path(path).name] = line
    return lines


def test_ingest_prints_a_line_per_file_with_reasons_and_exits_0(workspace) -> None:
    _, _, output = workspace
    lines = summary_lines(output)
    assert set(lines) == {"letter.md", "minutes.txt", "empty.txt", "noise.pdf", "locked.pdf"}
    assert lines["letter.md"].startswith("added")
    assert "added, 0 unchanged, 0 replaced (1 documents)" in lines["letter.md"]
    assert lines["minutes.txt"].startswith("added")
    assert lines["empty.txt"].startswith("failed") and "empty file (0 bytes)" in lines["empty.txt"]
    assert lines["noise.pdf"].startswith("failed") and "not a PDF" in lines["noise.pdf"]
    assert "encrypted PDF: needs a password" in lines["locked.pdf"]
    assert "5 files in" in output and "3 files failed" in output


def test_second_ingest_reports_every_file_unchanged_or_failed_again(workspace) -> None:
    kb, _, _ = workspace
    again = kb("ingest", "--json", "papers")
    assert again.returncode == 0, again.stderr
    statuses = {Path(f["source"]).name: f["status"] for f in json.loads(again.stdout)["files"]}
    assert statuses == {
        "letter.md": "unchanged",
        "minutes.txt": "unchanged",
        "empty.txt": "failed",
        "noise.pdf": "failed",
        "locked.pdf": "failed",
    }


def test_search_json_prints_hits_with_the_documented_fields(workspace) -> None:
    kb, folder, _ = workspace
    found = kb("search", "pathway plans for care leavers", "--json", "--k", "3")
    assert found.returncode == 0, found.stderr
    body = json.loads(found.stdout)
    assert {"query", "mode", "filters", "applied", "expansions", "results"} <= set(body)
    assert body["query"] == "pathway plans for care leavers" and body["mode"] == "hybrid"
    hits = body["results"]
    assert 1 <= len(hits) <= 3
    for hit in hits:
        assert set(hit) >= HIT_FIELDS, HIT_FIELDS - set(hit)
        assert Path(hit["source"]).parent == folder.resolve()
        assert hit["citation"]
    assert "pathway plans" in hits[0]["text"]
    assert Path(hits[0]["source"]).name == "letter.md"


def test_search_names_a_real_council_that_has_no_documents(workspace) -> None:
    kb, _, _ = workspace
    done = kb("search", "pathway plans", "--council", "Stockton")
    assert done.returncode == 0, done.stderr
    assert "Stockton-on-Tees has no documents in the knowledge base yet." in done.stdout
    body = json.loads(kb("search", "pathway plans", "--council", "Stockton", "--json").stdout)
    assert body["councils_without_documents"] == ["Stockton-on-Tees"] and not body["results"]


def test_remove_then_check_is_consistent(workspace) -> None:
    kb, folder, _ = workspace
    removed = kb("remove", str(folder / "letter.md"))
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout.startswith("removed ") and removed.stdout.rstrip().endswith("passages")
    assert int(removed.stdout.split(": ")[1].split()[0]) > 0
    unknown = kb("remove", str(folder / "never-ingested.md"))
    assert unknown.returncode == 1 and "not in the knowledge base" in unknown.stderr
    checked = kb("check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    counts, verdict = checked.stdout.strip().splitlines()
    sqlite, fts, chroma = (int(part.split()[1]) for part in counts.split(", "))
    assert sqlite == fts == chroma > 0 and verdict == "consistent"


def test_ingest_progress_counts_pages_and_estimates_the_rest_by_size(tmp_path: Path) -> None:
    from api.progress import PageProgress
    from ingest.pipeline import FileOutcome

    files = []
    for name, size in (("a.pdf", 1000), ("b.pdf", 3000), ("c.txt", 500), ("d.pdf", 2000)):
        (tmp_path / name).write_bytes(b"x" * size)
        files.append(tmp_path / name)
    progress = PageProgress(files, quiet=True)
    assert progress.estimate() is None  # nothing read yet: no total, so no time left
    progress.settled(FileOutcome(str(files[0].resolve()), "added", pages=2))
    # 2 pages per 1000 bytes: b.pdf ~6 pages, c.txt 1 page at least, d.pdf ~4 pages
    assert progress.estimate() == 2 + 6 + 1 + 4
    progress.settled(FileOutcome(str(files[3].resolve()), "unchanged"))  # no work: leaves
    assert progress.estimate() == 2 + 6 + 1
    progress.settled(FileOutcome(str(files[1].resolve()), "added", pages=10))
    assert progress.done == 12 and progress.estimate() == 12 + 2  # 500 B at 12 pages per 4000 B
