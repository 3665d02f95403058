"""`kb ingest --watch`: the store follows a folder as files arrive, change and disappear."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from ingest.watch import watch
from kb.search.filters import Filters
from kb.search.knowledge import KnowledgeBase


def _until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the store did not follow the folder"
        time.sleep(0.1)


def _texts(kb: KnowledgeBase) -> set[str]:
    return {h.text for h in kb.hits_where(Filters())}


def test_the_store_follows_a_watched_folder(fake_kb: KnowledgeBase, tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "kept.txt").write_text("Caseloads in Gateshead are high.\n")
    stop, ready = threading.Event(), threading.Event()
    thread = threading.Thread(
        target=watch, args=(fake_kb, [folder]), daemon=True, kwargs={"stop": stop, "ready": ready}
    )
    thread.start()
    try:
        assert ready.wait(20)
        assert _texts(fake_kb) == {"Caseloads in Gateshead are high."}

        paper = folder / "minutes.txt"
        paper.write_text("Pathway plans in Gateshead are poor.\n")
        _until(lambda: "Pathway plans in Gateshead are poor." in _texts(fake_kb))

        paper.write_text("Pathway plans in Gateshead are now timely.\n")
        _until(lambda: "Pathway plans in Gateshead are now timely." in _texts(fake_kb))
        assert "Pathway plans in Gateshead are poor." not in _texts(fake_kb)

        paper.unlink()
        _until(lambda: _texts(fake_kb) == {"Caseloads in Gateshead are high."})
        assert fake_kb.file(str(paper.resolve())) is None and fake_kb.check().ok
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
