"""20 clients searching a live `kb serve` while `kb ingest` writes to the same store from
another process: no request may fail, and the store must be consistent afterwards."""

from __future__ import annotations

import sqlite3
import subprocess
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.utils.live import ROOT, kb_command, live_server, run_kb
from tests.utils.store import make_store, server_env

CLIENTS = 20
MIN_REQUESTS_DURING_INGEST = 100
TIME_CAP_S = 120.0
QUESTIONS = [
    "pathway plans for care leavers",
    "caseloads of social workers",
    "what did Ofsted say about contingency planning?",
    "front door and the multi-agency safeguarding hub",
    "workforce plan in Middlesbrough",
    "personal advisers in Gateshead",
]


def write_papers(folder: Path, count: int) -> None:
    """Council papers for the ingest that runs under load; each names its own marker word."""
    folder.mkdir()
    for n in range(count):
        paragraphs = [
            f"## Item {i}: report on care leavers and pathway plans (paperword{n})\n\n"
            f"The Board noted report {n}.{i} on personal advisers, caseloads and the front door. "
            "Members asked how the service would keep in touch with young people."
            for i in range(8)
        ]
        (folder / f"paper-{n:02}.md").write_text(
            f"# Corporate Parenting Board {n}\n\n" + "\n\n".join(paragraphs), encoding="utf-8"
        )


def test_twenty_clients_search_without_errors_while_an_ingest_runs(tmp_path: Path) -> None:
    home = tmp_path / "home"
    make_store(home, tmp_path / "seed")
    write_papers(tmp_path / "papers", 60)
    env = server_env(home)
    with live_server(env, tmp_path / "serve.log") as server:
        ingest = subprocess.Popen(
            [*kb_command(), "ingest", "--quiet", str(tmp_path / "papers")],
            cwd=ROOT,
            # a write per file (8 passages each): 60 writes for the searches to run into
            env={**env, "KB_INGEST_GROUP_PASSAGES": "8"},
            stdout=(tmp_path / "ingest.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_writing(home, ingest)
            outcomes, during = _search_until_done(server.url, ingest)
        finally:
            if ingest.poll() is None:
                ingest.kill()
            ingest.wait()
        log = (tmp_path / "ingest.log").read_text()
        assert ingest.returncode == 0, log
        assert "60 files in" in log and "0 files failed" in log, log
        print(f"{sum(outcomes.values())} searches, {during} while the ingest ran: {outcomes}")
        errors = {k: v for k, v in outcomes.items() if k != 200}
        assert not errors, (errors, server.output())
        assert during >= MIN_REQUESTS_DURING_INGEST, (during, outcomes)

        # the server answers from what the other process wrote, by keyword and by meaning
        with httpx.Client(base_url=server.url, timeout=60) as client:
            hits = client.get(
                "/api/search", params={"q": "paperword29", "mode": "keyword", "k": 3}
            ).json()["results"]
            assert hits and hits[0]["source"].endswith("paper-29.md"), hits[:1]
            question = "the Board noted the report on personal advisers caseloads and front door"
            hits = client.get(
                "/api/search", params={"q": question, "mode": "dense", "k": 20}
            ).json()["results"]
            papers = {Path(h["source"]).name for h in hits if "paper-" in h["source"]}
            assert len(papers) >= 5, [h["source"] for h in hits]
            stats = client.get("/healthz").json()
            assert stats["files"] == 63 and stats["failed_files"] == 0, stats

    checked = run_kb(env, "check")
    assert checked.returncode == 0 and "consistent" in checked.stdout, checked.stdout


def _wait_until_writing(home: Path, ingest: subprocess.Popen) -> None:
    """Until the ingest has marked its first file: from then on it is writing."""
    db = sqlite3.connect(home / "kb.sqlite3", timeout=30)
    deadline = time.monotonic() + TIME_CAP_S
    try:
        while time.monotonic() < deadline and ingest.poll() is None:
            if db.execute("SELECT COUNT(*) FROM files WHERE source LIKE '%paper-%'").fetchone()[0]:
                return
            time.sleep(0.05)
    finally:
        db.close()
    pytest.fail(f"the ingest never started writing (exit {ingest.poll()})")


def _search_until_done(url: str, ingest: subprocess.Popen) -> tuple[Counter, int]:
    """Each client searches until the ingest ends (and at least a few times); returns the
    status counts (exceptions by name) and how many requests finished while it ran."""
    outcomes: Counter = Counter()
    during = 0
    lock = threading.Lock()
    deadline = time.monotonic() + TIME_CAP_S

    def client(n: int) -> None:
        nonlocal during
        done = 0
        with httpx.Client(base_url=url, timeout=60) as http:
            while time.monotonic() < deadline and (ingest.poll() is None or done < 3):
                question = QUESTIONS[(n + done) % len(QUESTIONS)]
                try:
                    status: int | str = http.get("/api/search", params={"q": question}).status_code
                except httpx.HTTPError as error:
                    status = type(error).__name__
                running = ingest.poll() is None
                done += 1
                with lock:
                    outcomes[status] += 1
                    during += running

    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(client, range(CLIENTS)))
    return outcomes, during
