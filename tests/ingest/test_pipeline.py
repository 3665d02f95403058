"""Ingest end to end on real files, real SQLite and real Chroma."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from pypdf import PdfWriter

from ingest.discover import discover
from ingest.pipeline import FileOutcome, ingest_paths
from kb.search.embedder import FakeEmbedder
from kb.search.filters import Filters
from kb.search.knowledge import KnowledgeBase
from kb.settings import Settings
from tests.conftest import CORPUS

GOOD_TEXT = """Ofsted focused visit: findings

Gateshead Council children's services were visited on 20 and 21 March 2018.

Areas for improvement

- Most pathway plans written by personal advisers could be better.
- Contingency planning is vague and lacks meaning for young people.
"""


def make_bad_folder(folder: Path) -> None:
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.pdf").write_bytes(bytes(range(256)) * 20)
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret")
    with (folder / "encrypted.pdf").open("wb") as handle:
        writer.write(handle)
    (folder / "cp1252.txt").write_bytes(
        "Children’s services in Gateshead: care leavers’ pathway plans – could be better.\n".encode(
            "cp1252"
        )
    )
    (folder / "good.md").write_text(GOOD_TEXT, encoding="utf-8")


def test_bad_files_are_reported_and_nothing_else_is_lost(tmp_path: Path) -> None:
    kb = KnowledgeBase(Settings(home=tmp_path / "home"), FakeEmbedder())
    seed = tmp_path / "seed"
    seed.mkdir()
    shutil.copy(CORPUS / "000_1c2d862c8c7cb7f7.txt", seed)
    ingest_paths(kb, [seed])
    before = kb.store.passage_ids()

    make_bad_folder(tmp_path / "batch")
    outcomes = {Path(o.source).name: o for o in ingest_paths(kb, [tmp_path / "batch"])}
    assert outcomes["empty.txt"].status == "failed" and "empty" in outcomes["empty.txt"].error
    assert outcomes["binary.pdf"].status == "failed"
    assert "encrypt" in outcomes["encrypted.pdf"].error.lower()
    assert outcomes["cp1252.txt"].status == "added"
    assert outcomes["good.md"].status == "added"
    assert before <= kb.store.passage_ids()
    texts = " ".join(h.text for h in kb.search("pathway plans", k=20).hits)
    assert "Children’s services in Gateshead" in texts
    assert kb.check().ok


def test_reingest_is_free_and_a_change_replaces_old_passages(tmp_path: Path) -> None:
    kb = KnowledgeBase(Settings(home=tmp_path / "home"), FakeEmbedder())
    doc = tmp_path / "docs" / "letter.md"
    doc.parent.mkdir()
    doc.write_text(GOOD_TEXT, encoding="utf-8")
    first = ingest_paths(kb, [doc.parent])[0]
    assert first.status == "added" and first.added > 0

    again = ingest_paths(kb, [doc.parent])[0]
    assert again.status == "unchanged" and again.unchanged == first.added

    doc.write_text(GOOD_TEXT.replace("could be better", "are now good"), encoding="utf-8")
    changed = ingest_paths(kb, [doc.parent])[0]
    assert changed.status == "replaced" and changed.removed >= 1 and changed.added >= 1
    all_text = " ".join(h.text for h in kb.search("pathway plans", k=20).hits)
    assert "are now good" in all_text and "could be better" not in all_text
    assert kb.check().ok

    assert kb.remove(str(doc.resolve())) > 0
    assert kb.store.stats()["passages"] == 0 and kb.check().ok


@pytest.mark.model
def test_corpus_passages_fit_the_model_window_and_carry_metadata(corpus_kb: KnowledgeBase) -> None:
    embedder = corpus_kb.embedder
    hits = corpus_kb.hits_where(corpus_kb_filters())
    assert len(hits) > 300
    for hit in hits:
        tokens = embedder.token_count(hit.embed_text)
        assert tokens <= embedder.max_tokens, (hit.source, tokens)
        assert hit.council in ("Middlesbrough", "Gateshead"), hit.source
        assert hit.doc_type


def corpus_kb_filters():
    from kb.search.filters import Filters

    return Filters()


@pytest.mark.model
def test_second_ingest_of_the_corpus_embeds_nothing(corpus_kb: KnowledgeBase) -> None:
    started = time.perf_counter()
    outcomes = ingest_paths(corpus_kb, [CORPUS])
    assert {o.status for o in outcomes} == {"unchanged"}
    assert time.perf_counter() - started < 5


def test_manifest_override_completes_what_the_text_does_not_say(tmp_path: Path) -> None:
    import json

    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "letter.md").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "manifest.json").write_text(
        json.dumps(
            {"files": {"letter.md": {"publisher": "Ofsted", "override": {"date": "2018-05-09"}}}}
        ),
        encoding="utf-8",
    )
    kb = KnowledgeBase(Settings(home=tmp_path / "home"), FakeEmbedder())
    ingest_paths(kb, [folder])
    (document,) = kb.documents()
    assert document.date == "2018-05-09"
    assert document.council == "Gateshead"  # read from the text, not the manifest


def _store_contents(kb: KnowledgeBase) -> dict[str, tuple]:
    rows = kb.store.db.execute("SELECT id, text, themes, stance, page FROM passages").fetchall()
    return {r[0]: tuple(r[1:]) for r in rows}


def test_files_written_in_groups_end_as_files_written_one_by_one(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    make_bad_folder(folder)
    shutil.copy(CORPUS / "000_1c2d862c8c7cb7f7.txt", folder)
    (folder / "second.md").write_text(GOOD_TEXT.replace("Gateshead", "Middlesbrough"))
    stores = {}
    for group in (1, 10_000):
        settings = Settings(home=tmp_path / f"home{group}", ingest_group_passages=group)
        kb = KnowledgeBase(settings, FakeEmbedder())
        heard: list[FileOutcome] = []
        outcomes = ingest_paths(kb, [folder], on_file=heard.append)
        # outcomes come back in the order of the files, each heard once as it was settled
        assert [o.source for o in outcomes] == [str(p.resolve()) for p in discover([folder])]
        assert sorted(o.source for o in heard) == sorted(o.source for o in outcomes)
        assert len(heard) == 7
        assert [o.status for o in outcomes].count("added") == 4
        assert kb.check().ok and kb.vectors.count() == kb.store.stats()["passages"]
        stores[group] = _store_contents(kb)
    assert stores[1] == stores[10_000] and len(stores[1]) >= 10


def test_a_passage_over_a_page_break_cites_both_pages_and_opens_at_the_answer(
    tmp_path: Path,
) -> None:
    letter = (
        CORPUS / "80523_middlesbrough" / "children's services focused visit - 02 september 2024.pdf"
    )
    kb = KnowledgeBase(Settings(home=tmp_path / "kb"), FakeEmbedder())
    ingest_paths(kb, [letter])
    hit = next(h for h in kb.hits_where(Filters()) if "timeliness of pathway plans" in h.text)
    sentence = next(s for s in hit.sentences if "timeliness" in hit.text[s.start : s.end])
    assert (hit.page, hit.page_end, sentence.page) == (1, 2, 2)  # the sentence is on p. 2
    assert hit.pages == "pp. 1–2" and hit.citation.endswith("pp. 1–2")
    hit.marked = [(sentence.start, sentence.end)]
    assert hit.answer_page == 2
    hit.marked = [(hit.sentences[0].start, hit.sentences[0].end)]
    assert hit.answer_page == 1


def test_the_block_kinds_ingest_lays_out_are_stored_with_the_document(tmp_path: Path) -> None:
    kb = KnowledgeBase(Settings(home=tmp_path / "home"), FakeEmbedder())
    (tmp_path / "good.md").write_text(GOOD_TEXT, encoding="utf-8")
    ingest_paths(kb, [tmp_path / "good.md"])
    [document] = kb.store.documents_of_source(str((tmp_path / "good.md").resolve()))
    assert document.blocks is not None
    shown = [(document.text[start:end], kind) for start, end, kind in document.blocks]
    assert shown == [
        ("Ofsted focused visit: findings", "heading"),
        (
            "Gateshead Council children's services were visited on 20 and 21 March 2018.",
            "paragraph",
        ),
        ("Areas for improvement", "heading"),
        ("- Most pathway plans written by personal advisers could be better.", "bullet"),
        ("- Contingency planning is vague and lacks meaning for young people.", "bullet"),
    ]
    assert "blocks" not in document.to_dict()  # layout for the viewer, not metadata
