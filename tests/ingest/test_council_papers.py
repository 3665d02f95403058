"""Real papers of twelve councils (../shared/council-papers): every document read right.

The gold is the README's provenance table (type, date as printed, committee) and each
file's council folder, read by benchmarks.papers_metadata.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.papers_metadata import load_papers_gold, paper_documents

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
PAPERS = SHARED / "council-papers"


def _gold() -> list:
    if not (PAPERS / "README.md").exists():
        pytest.skip(f"{PAPERS} is not here")
    return load_papers_gold(SHARED)


def test_the_readme_table_is_read_whole() -> None:
    files = {p.relative_to(PAPERS).as_posix() for p in PAPERS.glob("*/*") if p.is_file()}
    assert {g.file for g in _gold()} == files


def test_every_paper_has_its_type_council_committee_and_date() -> None:
    failures: list[str] = []
    for gold in _gold():
        meta = paper_documents(PAPERS / gold.file)[0]
        got = (meta.doc_type in gold.doc_types, meta.council, meta.committee, meta.date)
        expected = (True, gold.council, gold.committee, gold.date)
        if got != expected:
            failures.append(f"{gold.file}: got {got}, expected {expected}")
        if gold.published and meta.published != gold.published:
            failures.append(f"{gold.file}: published {meta.published} != {gold.published}")
    assert failures == []


def test_the_pack_keeps_the_previous_meetings_minutes_on_their_own_date() -> None:
    if not PAPERS.exists():
        pytest.skip(f"{PAPERS} is not here")
    agenda, minutes = paper_documents(
        PAPERS / "merton_council/Audit_Committee_agenda_2009-10-22.pdf"
    )
    assert (agenda.doc_type, agenda.date, agenda.committee) == (
        "agenda",
        "2009-10-22",
        "Audit Committee",
    )
    assert (minutes.doc_type, minutes.date, minutes.committee) == (
        "minutes",
        "2009-09-24",
        "Audit Committee",
    )
