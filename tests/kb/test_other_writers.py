"""A process that has read the vector index sees, and never undoes, what another process wrote.

Embedded Chroma keeps its HNSW index in memory and does not look for other processes' writes:
without the write count in SQLite, the server would miss passages a CLI ingest added (or fail
on them), and its next upload would save its stale index over the CLI's.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np

from kb.search.embedder import FakeEmbedder
from kb.search.filters import Filters
from kb.search.knowledge import KnowledgeBase
from kb.settings import Settings
from tests.utils.factories import write_texts as write
from tests.utils.live import run_kb
from tests.utils.store import server_env

ROOT = Path(__file__).resolve().parents[2]


def cli_ingest(home: Path, folder: Path) -> None:
    done = run_kb(server_env(home), "ingest", "--quiet", str(folder), timeout_s=300)
    assert done.returncode == 0, done.stdout + done.stderr


def nearest_all(kb: KnowledgeBase) -> set[str]:
    """Every id the HNSW index answers for (not the metadata, which is always fresh)."""
    vector = kb.embed(["care leavers"])[0]
    return {h.id for h in kb.vectors.query(vector, 1000, Filters())}


def test_a_reader_sees_and_a_later_writer_keeps_another_process_writes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    reader = KnowledgeBase(Settings(home=home), FakeEmbedder())
    write(reader, "/x/a.pdf", ["Pathway plans for care leavers are poor."])
    assert len(reader.search("care leavers", mode="dense").hits) == 1  # index now in memory

    papers = tmp_path / "papers"
    papers.mkdir()
    for n in range(4):
        (papers / f"minutes-{n}.md").write_text(
            f"# Corporate Parenting Board {n}\n\nMembers discussed care leavers (item {n}).\n",
            encoding="utf-8",
        )
    cli_ingest(home, papers)
    everything = reader.store.passage_ids()
    assert len(everything) == 5
    hits = reader.search("care leavers discussed", k=10, mode="dense").hits
    assert {h.id for h in hits} == everything

    # The reader writes next: its index must keep the other process's vectors.
    write(reader, "/x/b.pdf", ["Caseloads of social workers are high."])
    fresh = KnowledgeBase(Settings(home=home), FakeEmbedder())
    assert nearest_all(fresh) == reader.store.passage_ids() and len(nearest_all(fresh)) == 6
    assert fresh.check().ok


WRITE_VECTORS_ONLY = """
import sys
from pathlib import Path
import numpy as np
from kb.search.vectors import VectorIndex
index = VectorIndex(Path(sys.argv[1]))
rows = np.eye(8, dtype=np.float32)
index.upsert([f"other-{n}" for n in range(8)], rows, [{"council": "Kent"}] * 8)
"""


def test_a_filtered_query_that_meets_unseen_ids_reads_the_index_again(tmp_path: Path) -> None:
    """Between another process's Chroma write and its count of the write, the metadata knows
    ids the in-memory index lacks: Chroma fails the filtered query, so the index is read again."""
    from kb.search.vectors import VectorIndex

    folder = tmp_path / "chroma"
    index = VectorIndex(folder)
    index.upsert(["mine"], np.ones((1, 8), dtype=np.float32), [{"council": "Kent"}])
    probe = np.ones(8, dtype=np.float32)
    assert [h.id for h in index.query(probe, 10, Filters(councils=("Kent",)))] == ["mine"]
    subprocess.run(
        [sys.executable, "-c", WRITE_VECTORS_ONLY, str(folder)], cwd=ROOT, check=True, timeout=300
    )
    hits = index.query(probe, 10, Filters(councils=("Kent",)))
    assert {h.id for h in hits} == {"mine", *(f"other-{n}" for n in range(8))}
