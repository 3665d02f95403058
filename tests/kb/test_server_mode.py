"""Server mode: vectors in a real `chroma run` server (KB_CHROMA_URL) instead of embedded
Chroma; and `kb serve` refusing several workers without one."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.utils.live import ROOT, free_port, kb_command, live_server, run_kb
from tests.utils.store import make_store, server_env

CHROMA = Path(sys.executable).with_name("chroma")


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A `chroma run` server on loopback with its data in a temporary folder."""
    if not CHROMA.exists():
        pytest.skip(f"no chroma command at {CHROMA}")
    tmp = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log = (tmp / "chroma.log").open("wb")
    process = subprocess.Popen(
        [
            str(CHROMA),
            "run",
            "--path",
            str(tmp / "data"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert process.poll() is None, (tmp / "chroma.log").read_text(errors="replace")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=2).status_code == 200:
                    break
            time.sleep(0.2)
        else:
            pytest.fail("chroma run did not answer in 60 s")
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_ingest_search_and_check_against_a_chroma_server(chroma_url: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    kb = make_store(home, tmp_path / "papers", chroma_url)
    assert not kb.settings.chroma_path.exists(), "no embedded Chroma was created"

    hits = kb.search("pathway plans for care leavers", k=5).hits
    assert hits and "pathway plans" in hits[0].text
    dense = kb.search("care leavers value their advisers", k=3, mode="dense").hits
    assert dense and dense[0].source.endswith("visit.pdf")

    # the vectors are in the server: a client of its own sees every passage
    import chromadb

    client = chromadb.HttpClient(host="127.0.0.1", port=int(chroma_url.rsplit(":", 1)[1]))
    passages = client.get_collection("passages")
    assert set(passages.get(include=[])["ids"]) == kb.store.passage_ids()

    # `kb check` in its own process, pointed at the same server
    env = server_env(home, KB_CHROMA_URL=chroma_url)
    checked = run_kb(env, "check", "--json")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert '"ok": true' in checked.stdout

    # a removal reaches the server too
    letter = str((tmp_path / "papers" / "letter.md").resolve())
    assert kb.remove(letter) > 0
    assert set(passages.get(include=[])["ids"]) == kb.store.passage_ids()
    assert kb.check().ok


def test_kb_serve_with_workers_and_a_chroma_server(chroma_url: str, tmp_path: Path) -> None:
    """Two worker processes share the Chroma server; both answer searches."""
    home = tmp_path / "home"
    make_store(home, tmp_path / "papers", chroma_url)
    env = server_env(home, KB_CHROMA_URL=chroma_url, KB_WORKERS="2")
    with live_server(env, tmp_path / "serve.log") as server:
        workers = _children(server.pid)
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
            workers = _children(server.pid)
        assert len(workers) >= 2, (workers, server.output())
        for worker in workers:  # each runs the model on one thread, as a single server does
            assert b"KB_THREADS=1\0" in Path(f"/proc/{worker}/environ").read_bytes()
        with httpx.Client(base_url=server.url, timeout=60) as client:
            for _ in range(20):
                body = client.get("/api/search", params={"q": "pathway plans"}).json()
                assert any("pathway plans" in h["text"] for h in body["results"])


def _children(pid: int) -> list[int]:
    """Worker processes of a uvicorn supervisor (its multiprocessing helpers left out)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            for child in (task / "children").read_text().split():
                cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
                if b"resource_tracker" not in cmdline:
                    found.append(int(child))
    return found


def test_kb_serve_refuses_several_workers_with_embedded_chroma(tmp_path: Path) -> None:
    env = server_env(tmp_path / "home", KB_WORKERS="2")
    started = time.monotonic()
    result = subprocess.run(
        [*kb_command(), "serve", "--port", str(free_port())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Embedded Chroma allows one worker process" in result.stderr
    assert "KB_CHROMA_URL" in result.stderr
    assert time.monotonic() - started < 120  # it refuses; it does not start serving
