"""Ingest does not follow symlinks out of the folders it is given (a link to /etc/passwd
was ingested and served), says so in its summary, and the API shows sources relative to
the folder ingested, never as absolute server paths."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from ingest.discover import discover
from ingest.pipeline import ingest_paths
from kb.search.embedder import FakeEmbedder
from kb.search.knowledge import KnowledgeBase
from kb.settings import Settings
from tests.utils.live import run_kb
from tests.utils.store import server_env
from tests.utils.writes import for_test_client

MINUTES = (
    "Panel minutes, Gateshead Council.\n\nThe Panel discussed pathway plans for care leavers.\n"
)


def papers(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    folder = tmp_path / "papers"
    (folder / "sub").mkdir(parents=True)
    (folder / "minutes.txt").write_text(MINUTES, encoding="utf-8")
    (folder / "sub" / "report.md").write_text("# Report\n\nFostering sufficiency.\n", "utf-8")
    (folder / "passwd.txt").symlink_to(outside / "secret.txt")
    (folder / "alias.txt").symlink_to(folder / "minutes.txt")  # inside: read as its target
    return folder


def test_links_out_of_the_folder_are_not_followed(tmp_path: Path) -> None:
    folder = papers(tmp_path)
    skipped: list[tuple[Path, str]] = []
    found = list(discover([folder], skipped))
    assert folder / "passwd.txt" not in found
    assert {p.name for p in found} == {"alias.txt", "report.md"}  # alias sorts first: once
    assert skipped == [(folder / "passwd.txt", f"a symlink out of {folder}: not followed")]


def test_kb_ingest_says_which_links_it_did_not_follow(tmp_path: Path) -> None:
    folder = papers(tmp_path)
    env = server_env(tmp_path / "home")
    text = run_kb(env, "ingest", str(folder), "--quiet")
    assert text.returncode == 0, text.stderr
    assert "skipped" in text.stdout and "passwd.txt" in text.stdout
    assert "1 symlinks out of the folders not followed" in text.stdout
    data = json.loads(run_kb(env, "ingest", str(folder), "--json", "--quiet").stdout)
    assert [s["path"] for s in data["skipped"]] == [str(folder / "passwd.txt")]
    assert not any("secret" in f["source"] or "passwd" in f["source"] for f in data["files"])


def test_the_api_shows_sources_relative_to_the_folder_ingested(tmp_path: Path) -> None:
    folder = papers(tmp_path)
    kb = KnowledgeBase(Settings(home=tmp_path / "home"), FakeEmbedder())
    ingest_paths(kb, [folder])
    assert not any("root:x" in p.text for d in kb.documents() for p in kb.passages_of(d.id))
    with TestClient(create_app(for_test_client(kb.settings), kb)) as client:
        listed = client.get("/api/documents").json()["documents"]
        assert sorted(d["source"] for d in listed) == ["minutes.txt", "sub/report.md"]
        for url in (
            "/api/search?q=pathway+plans",
            "/api/ask?q=pathway+plans",
            "/search.json?q=pathway+plans",
            "/search.json",
            f"/api/documents/{listed[0]['id']}",
            f"/documents/{listed[0]['id']}.json",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            assert str(tmp_path) not in response.text, url
        hits = client.get("/api/search?q=pathway+plans").json()["results"]
        assert hits and hits[0]["source"] == "minutes.txt"
