"""The store, the vectors and the keyword index kept in step, on real SQLite and Chroma."""

from __future__ import annotations

import pytest

from kb.search.filters import Filters
from kb.search.knowledge import KnowledgeBase
from kb.search.records import Sentence, wording
from kb.search.store import Store
from tests.utils.factories import make_doc
from tests.utils.factories import write_texts as write


def test_write_search_and_replace(fake_kb: KnowledgeBase) -> None:
    summary = write(fake_kb, "/x/a.pdf", ["Pathway plans are poor.", "Social workers are stable."])
    assert (summary.added, summary.unchanged, summary.removed) == (2, 0, 0)
    hits = fake_kb.search("pathway plans").hits
    assert hits[0].text == "Pathway plans are poor."
    assert hits[0].council == "Gateshead" and hits[0].citation.startswith("Gateshead, Doc")

    summary = write(fake_kb, "/x/a.pdf", ["Pathway plans are poor.", "Caseloads are high."], "b")
    assert (summary.added, summary.unchanged, summary.removed) == (1, 1, 1)
    report = fake_kb.check()
    assert report.ok and report.sqlite == report.chroma == report.fts == 2
    assert not fake_kb.search("stable social workers", mode="keyword").hits


def test_remove_deletes_everywhere(fake_kb: KnowledgeBase) -> None:
    write(fake_kb, "/x/a.pdf", ["Pathway plans are poor."])
    write(fake_kb, "/x/b.pdf", ["Caseloads are high."])
    assert fake_kb.remove("/x/a.pdf") == 1
    report = fake_kb.check()
    assert report.ok and report.sqlite == report.chroma == report.fts == 1
    assert fake_kb.file("/x/a.pdf") is None


def test_filters_never_fall_back_to_everything(fake_kb: KnowledgeBase) -> None:
    write(fake_kb, "/x/a.pdf", ["Pathway plans are poor."], date="2018-05-09")
    write(
        fake_kb, "/x/b.pdf", ["Pathway plans are good."], council="Middlesbrough", date="2022-08-17"
    )
    for mode in ("hybrid", "dense", "keyword"):
        only = fake_kb.search("pathway plans", Filters(councils=("Middlesbrough",)), mode=mode)
        assert [h.council for h in only.hits] == ["Middlesbrough"]
        none = fake_kb.search("pathway plans", Filters(councils=("Kent",)), mode=mode)
        assert none.hits == []
        dated = fake_kb.search("pathway plans", Filters(since="2020-01-01"), mode=mode)
        assert [h.date for h in dated.hits] == ["2022-08-17"]


def test_sentence_ranking_obeys_every_filter_as_sqlite_does(fake_kb: KnowledgeBase) -> None:
    """The sentences scored are those of the passages Chroma finds under the filters: every
    filter must keep exactly the passages SQLite keeps."""
    write(fake_kb, "/x/a.pdf", ["Social workers are stable.", "Plans are poor."], date="2018-05-09")
    write(
        fake_kb,
        "/x/b.pdf",
        ["Social work caseloads are high.", "Leaders know their services."],
        council="Middlesbrough",
        date="2022-08-17",
        visit_type="focused visit",
    )
    write(fake_kb, "/x/c.pdf", ["Plans for care leavers improved."], council="Middlesbrough")
    b_doc = fake_kb.store.documents(Filters(since="2022-01-01"))[0].id
    vector = fake_kb.embed(["social workers plans"])[0]
    cases = [
        Filters(),
        Filters(councils=("Middlesbrough",)),
        Filters(councils=("Kent",)),
        Filters(since="2019-01-01"),
        Filters(until="2019-01-01"),
        Filters(visit_types=("focused visit",)),
        Filters(doc_types=("ofsted_letter",), councils=("Gateshead",)),
        Filters(themes=("workforce",)),
        Filters(themes=("workforce",), councils=("Middlesbrough",)),
        Filters(stance="neutral", since="2022-01-01"),
        Filters(document_id=b_doc),
        Filters(document_id=b_doc, councils=("Gateshead",)),
    ]
    for filters in cases:
        expected = {h.id for h in fake_kb.hits_where(filters)}
        ranked, _ = fake_kb.retriever.sentences(vector, filters, 100)
        assert set(ranked) == expected, filters
    assert len({h.id for h in fake_kb.hits_where(Filters())}) == 5


def test_council_in_question_becomes_a_filter_and_is_reported(fake_kb: KnowledgeBase) -> None:
    write(fake_kb, "/x/a.pdf", ["Pathway plans are poor."])
    write(fake_kb, "/x/b.pdf", ["Pathway plans are good."], council="Middlesbrough")
    result = fake_kb.search("pathway plans in Middlesbrough")
    assert result.applied["councils"] == ["Middlesbrough"]
    assert {h.council for h in result.hits} == {"Middlesbrough"}


def test_facets_count_under_the_other_filters(fake_kb: KnowledgeBase) -> None:
    write(fake_kb, "/x/a.pdf", ["Pathway plans are poor.", "Social workers leave."])
    write(fake_kb, "/x/b.pdf", ["Pathway plans are good."], council="Middlesbrough")
    facets = fake_kb.facets(Filters(councils=("Gateshead",)))
    assert facets["council"] == {"Gateshead": 2, "Middlesbrough": 1}
    assert facets["themes"] == {"workforce": 1}
    assert sum(facets["doc_type"].values()) == 2


def test_check_finds_and_repair_fixes_drift(fake_kb: KnowledgeBase) -> None:
    write(fake_kb, "/x/a.pdf", ["Pathway plans are poor.", "Caseloads are high."])
    ids = sorted(fake_kb.store.passage_ids())
    fake_kb.vectors.delete([ids[0]])
    stray = fake_kb.embed(["stray"])
    fake_kb.vectors.upsert(["stray"], stray, [{"council": "X", "source": "/y"}])
    report = fake_kb.check()
    assert report.missing_in_chroma == [ids[0]] and report.extra_in_chroma == ["stray"]
    assert fake_kb.repair().ok


def test_sentences_are_scored_exactly_from_the_vectors_sqlite_keeps(
    fake_kb: KnowledgeBase,
) -> None:
    doc, (passage,) = make_doc("/x/a.pdf", ["Pathway plans are poor. Caseloads are high."])
    passage.sentences = [Sentence(0, 23), Sentence(24, len(passage.text))]
    fake_kb.write_file("/x/a.pdf", "a", 10, [doc], [passage])
    pid = passage.id
    stored = fake_kb.store.sentence_vectors([pid], fake_kb.embedder.name)[pid]
    assert stored.shape == (2, fake_kb.embedder.dimension)
    vector = fake_kb.embed(["caseloads high"])[0]
    ranked, seen = fake_kb.retriever.sentences(vector, Filters(), 10)
    assert ranked == [pid]
    assert seen[pid] == pytest.approx({0: stored[0] @ vector, 1: stored[1] @ vector})
    assert seen[pid][1] > seen[pid][0]  # the caseload sentence answers


def test_check_finds_passages_without_sentence_vectors_and_repair_embeds_them(
    fake_kb: KnowledgeBase,
) -> None:
    write(fake_kb, "/x/a.pdf", ["Pathway plans are poor.", "Caseloads are high."])
    fake_kb.store.db.execute("UPDATE embeddings SET sentences = NULL")
    ids = sorted(fake_kb.store.passage_ids())
    assert fake_kb.check().missing_sentence_vectors == ids
    # Search still finds them, each passage scored as one sentence by its own vector.
    vector = fake_kb.embed(["caseloads"])[0]
    ranked, seen = fake_kb.retriever.sentences(vector, Filters(), 10)
    assert set(ranked) == set(ids) and all(list(s) == [0] for s in seen.values())
    assert fake_kb.repair().ok
    assert set(fake_kb.store.sentence_vectors(ids, fake_kb.embedder.name)) == set(ids)


def test_embeddings_are_cached_by_content(fake_kb: KnowledgeBase) -> None:
    fake_kb.embed(["one text", "two text"])
    assert fake_kb.missing_embeddings(["one text", "two text", "three"]) == 1


def test_reindex_rebuilds_chroma_from_sqlite(fake_kb: KnowledgeBase) -> None:
    write(fake_kb, "/x/a.pdf", ["Pathway plans are poor.", "Caseloads are high."])
    fake_kb.vectors.reset()
    assert not fake_kb.check().ok
    assert fake_kb.reindex() == 2
    assert fake_kb.check().ok


def test_named_month_lifts_documents_of_that_month(fake_kb: KnowledgeBase) -> None:
    write(
        fake_kb,
        "/x/a.pdf",
        ["Next steps: an action plan is being written."],
        date="2022-08-17",
        visit_start="2022-07-13",
    )
    write(
        fake_kb,
        "/x/b.pdf",
        ["Next steps: an action plan is being written now."],
        date="2022-12-01",
        visit_start="2022-11-01",
    )
    result = fake_kb.search("next steps after the November 2022 visit")
    assert result.hits[0].visit_start == "2022-11-01"
    assert result.applied["month_boost"] == ["2022-11"]


def test_a_named_council_without_a_date_prefers_the_latest_document(fake_kb: KnowledgeBase) -> None:
    write(
        fake_kb,
        "/x/old.pdf",
        ["Caseloads are too high for social workers."],
        council="Kent",
        date="2013-08-23",
    )
    write(
        fake_kb,
        "/x/new.pdf",
        ["Caseloads are too high for some social workers."],
        council="Kent",
        date="2026-02-02",
    )
    latest = fake_kb.search("Are social workers' caseloads in Kent manageable?")
    assert latest.hits[0].date == "2026-02-02" and latest.applied["recency_boost"]
    dated = fake_kb.search("caseloads in Kent in 2013")
    assert dated.hits[0].date == "2013-08-23" and "recency_boost" not in dated.applied


def test_writers_take_turns_across_processes(fake_kb: KnowledgeBase) -> None:
    import subprocess
    import sys
    import time

    script = (
        "import fcntl, sys, time\n"
        "h = open(sys.argv[1], 'a'); fcntl.flock(h, fcntl.LOCK_EX)\n"
        "print('locked', flush=True); time.sleep(1.5)\n"
    )
    fake_kb.settings.home.mkdir(parents=True, exist_ok=True)
    lock = fake_kb.settings.home / "write.lock"
    other = subprocess.Popen([sys.executable, "-c", script, str(lock)], stdout=subprocess.PIPE)
    assert other.stdout is not None and other.stdout.readline().strip() == b"locked"
    started = time.perf_counter()
    write(fake_kb, "/x/a.pdf", ["Pathway plans are poor."])
    assert time.perf_counter() - started > 0.5  # waited for the other writer
    other.wait()
    assert fake_kb.check().ok


BACK_PAGE = (
    "If you would like a copy of this document in a different format, please telephone "
    "Ofsted. Crown copyright {year}. Ofsted inspects children's services."
)


def test_words_found_in_three_files_sink_below_findings(fake_kb: KnowledgeBase) -> None:
    """A publisher's back page (its year and word order aside) is not a finding."""
    finding = "Ofsted found that plans lack contingency."
    for n, year in enumerate((2019, 2022)):
        write(fake_kb, f"/x/{n}.pdf", [f"Report {n} body.", BACK_PAGE.format(year=year)])
    question = "what did Ofsted say about children's services"
    write(fake_kb, "/x/finding.pdf", [finding])
    # in two files the back page is still ordinary text, and it matches the question best
    assert [h.text[:10] for h in fake_kb.search(question).hits[:3]] == [
        "If you wou",
        "If you wou",
        finding[:10],
    ]
    reworded = "Crown copyright 2024. Children's services Ofsted inspects. " + BACK_PAGE[:-45]
    write(fake_kb, "/x/2.pdf", ["Report 2 body.", reworded])
    hits = fake_kb.search(question).hits
    assert hits[0].text == finding
    assert {h.text[:10] for h in hits[1:4]} == {"If you wou", "Crown copy"}
    assert fake_kb.search(question, mode="dense").hits[0].text == finding  # every mode


def test_a_store_from_before_numbered_migrations_is_brought_up_to_date(
    fake_kb: KnowledgeBase,
) -> None:
    doc, passages = make_doc("/x/a.pdf", ["Pathway plans are poor.", "Caseloads are high."])
    doc.page_offsets = [(1, 0), (2, passages[1].start)]
    fake_kb.write_file("/x/a.pdf", "a", 10, [doc], passages)
    db = fake_kb.store.db  # as a store written before any of the migrations
    for statement in (
        "DROP INDEX passages_wording",
        "DROP INDEX passages_added",
        "ALTER TABLE passages DROP COLUMN wording",
        "ALTER TABLE passages DROP COLUMN page_end",
        "ALTER TABLE passages DROP COLUMN added_at",
        "ALTER TABLE documents DROP COLUMN published",
        "ALTER TABLE documents DROP COLUMN blocks",
        "DROP TABLE overrides",
        "DROP TABLE saved_searches",
        "UPDATE passages SET sentences = '[[0, 19, \"neutral\"]]'",
        "PRAGMA user_version = 0",
    ):
        db.execute(statement)
    reopened = Store(fake_kb.settings.sqlite_path)
    rows = reopened.db.execute(
        "SELECT wording, page, page_end, sentences, added_at FROM passages ORDER BY ordinal"
    ).fetchall()
    assert [r[0] for r in rows] == [wording(p.text) for p in passages]
    assert [(r[1], r[2]) for r in rows] == [(1, 1), (1, 2)]  # page_end from the page offsets
    assert [r[3] for r in rows] == [
        '[[0, 19, "neutral", null, "sentence", 1]]',
        '[[0, 19, "neutral", null, "sentence", 2]]',
    ]
    assert all(r[4] and r[4] >= "2000" for r in rows)  # arrived when their file was written
    indexes = {r[1] for r in reopened.db.execute("PRAGMA index_list(passages)")}
    assert {"passages_wording", "passages_added"} <= indexes
    assert reopened.db.execute("SELECT COUNT(*) FROM overrides").fetchone()[0] == 0
    assert "published" in {r[1] for r in reopened.db.execute("PRAGMA table_info(documents)")}
    read = reopened.document(doc.id)
    assert read is not None and read.text == doc.text and read.blocks is None  # kinds unknown
    assert reopened.db.execute("PRAGMA user_version").fetchone()[0] == 6


def test_check_needs_no_model(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`kb check` names the model whose vectors it looks for without loading it (seconds)."""
    from kb.settings import Settings

    kb = KnowledgeBase(Settings(home=tmp_path))
    assert kb.check().ok and kb._embedder is None
    name = kb.model_name
    assert kb.embedder.name == name  # the loaded model keeps its vectors under that name
