"""Uploads on a live server: refused while streaming (413 before the body ends, or at once
from Content-Length), one file part, a cap on uploads in flight (503), nothing left on disk
after a refusal; one document per name (a new version replaces the old everywhere, the same
bytes under another name are unchanged), concurrent uploads of one file all land."""

from __future__ import annotations

import socket
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from kb.search.embedder import FakeEmbedder
from kb.search.knowledge import KnowledgeBase
from kb.settings import Settings
from tests.utils.writes import write_headers
from tests.web.conftest import serve

BOUNDARY = "kbtestboundary"


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder the server would spool to, empty, to see what is left in it."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def live(tmp_path: Path, private_tmp: Path) -> Iterator[tuple[str, KnowledgeBase]]:
    settings = Settings(home=tmp_path / "home", max_upload_mb=1, max_concurrent_uploads=1)
    kb = KnowledgeBase(settings, FakeEmbedder())
    with serve(kb) as url:
        yield url, kb


def leftovers(kb: KnowledgeBase, private_tmp: Path) -> list[Path]:
    """Upload files in KB_HOME and anything in the temporary folder."""
    uploads = kb.settings.files_path
    found = [p for p in uploads.rglob("*") if p.is_file()] if uploads.exists() else []
    return found + list(private_tmp.rglob("*"))


def part_head(name: str = "minutes.txt") -> bytes:
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()


def open_upload(url: str, headers: dict[str, str], length: int | None = None) -> socket.socket:
    """A raw connection that has sent the request line and headers of an upload (chunked
    unless `length` is given), ready to stream the body."""
    host, port = url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=30)
    lines = [
        "POST /api/documents HTTP/1.1",
        f"Host: {host}:{port}",
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}",
        *[f"{k}: {v}" for k, v in headers.items()],
        f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked",
    ]
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
    return sock


def send_chunk(sock: socket.socket, data: bytes) -> None:
    sock.sendall(f"{len(data):x}\r\n".encode() + data + b"\r\n")


def response_waiting(sock: socket.socket) -> bytes:
    """Whatever the server has answered so far, without waiting."""
    sock.setblocking(False)
    try:
        return sock.recv(65536)
    except BlockingIOError:
        return b""
    finally:
        sock.setblocking(True)


def session(url: str) -> dict[str, str]:
    with httpx.Client(base_url=url, timeout=60) as client:
        headers = write_headers(client)
        return {**headers, "Cookie": f"kb_session={client.cookies['kb_session']}"}


def test_an_upload_past_the_limit_is_refused_before_the_body_ends(
    live: tuple[str, KnowledgeBase], private_tmp: Path
) -> None:
    url, kb = live
    sock = open_upload(url, session(url))
    total, sent, answer = 8 * 1024 * 1024, 0, b""  # eight times the 1 MB limit
    send_chunk(sock, part_head())
    chunk = b"care leavers pathway plans\n" * 2400  # about 64 KB
    with sock:
        while sent < total and not answer:
            try:
                send_chunk(sock, chunk)
            except OSError:  # the server closed the connection after answering
                break
            sent += len(chunk)
            answer = response_waiting(sock)
            time.sleep(0.002)
        answer = answer or sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"larger than 1 MB" in answer
    assert sent < total / 2, f"413 came only after {sent} of {total} bytes"
    assert leftovers(kb, private_tmp) == []
    assert kb.documents() == []


def test_a_declared_length_past_the_limit_is_refused_unread(
    live: tuple[str, KnowledgeBase], private_tmp: Path
) -> None:
    url, kb = live
    with open_upload(url, session(url), length=10 * 1024**3) as sock:
        answer = sock.recv(65536)  # no body sent at all
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert leftovers(kb, private_tmp) == []


def test_one_file_part_per_upload(live: tuple[str, KnowledgeBase], private_tmp: Path) -> None:
    url, kb = live
    files = [("file", ("a.txt", b"Pathway plans.")), ("file", ("b.txt", b"Care leavers."))]
    with httpx.Client(base_url=url, timeout=60) as client:
        response = client.post("/api/documents", files=files, headers=write_headers(client))
    assert response.status_code == 400 and "one file per upload" in response.json()["detail"]
    assert leftovers(kb, private_tmp) == [] and kb.documents() == []


def test_uploads_past_the_cap_get_503_and_a_dropped_upload_leaves_nothing(
    live: tuple[str, KnowledgeBase], private_tmp: Path
) -> None:
    url, kb = live
    headers = session(url)
    slow = open_upload(url, headers)
    send_chunk(slow, part_head() + b"The Panel noted the report.\n" * 100)
    time.sleep(0.5)  # the first upload holds the one place
    with httpx.Client(base_url=url, timeout=60) as client:
        second = client.post(
            "/api/documents", files={"file": ("b.txt", b"x")}, headers=write_headers(client)
        )
    assert second.status_code == 503 and "KB_MAX_CONCURRENT_UPLOADS" in second.json()["detail"]
    assert second.headers["retry-after"]
    slow.close()  # the officer closed the tab mid-upload
    deadline = time.monotonic() + 10
    while leftovers(kb, private_tmp) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert leftovers(kb, private_tmp) == []
    with httpx.Client(base_url=url, timeout=60) as client:  # the place is free again
        third = client.post(
            "/api/documents",
            files={"file": ("c.txt", b"Care leavers.")},
            headers=write_headers(client),
        )
    assert third.status_code == 201, third.text


def upload(client: httpx.Client, name: str, data: bytes) -> httpx.Response:
    return client.post(
        "/api/documents", files={"file": (name, data)}, headers=write_headers(client)
    )


def test_one_document_per_name(tmp_path: Path, private_tmp: Path) -> None:
    kb = KnowledgeBase(Settings(home=tmp_path / "home"), FakeEmbedder())
    old = b"Panel minutes.\n\nThe Panel agreed the fostering recruitment plan.\n"
    new = b"Panel minutes.\n\nThe Panel agreed the adoption sufficiency strategy.\n"
    with serve(kb) as url, httpx.Client(base_url=url, timeout=60) as client:
        assert upload(client, "panel.txt", old).json()["status"] == "added"
        replaced = upload(client, "panel.txt", new).json()
        assert replaced["status"] == "replaced" and replaced["removed"] >= 1
        again = upload(client, "panel (1).txt", new).json()
        assert again["status"] == "unchanged"
        assert again["source"].endswith("panel.txt")
        bad = upload(client, "panel.pdf", b"not a pdf at all")
        assert bad.status_code == 422
    assert [Path(d.source).name for d in kb.documents()] == ["panel.txt"]
    texts = " ".join(p.text for d in kb.documents() for p in kb.passages_of(d.id))
    assert "adoption" in texts and "fostering" not in texts
    assert not kb.search("fostering recruitment", mode="keyword").hits  # FTS
    ids = kb.vectors.ids_of_source(kb.documents()[0].source)  # Chroma
    assert ids == {p.id for p in kb.passages_of(kb.documents()[0].id)}
    assert sorted(p.name for p in kb.settings.files_path.rglob("*") if p.is_file()) == ["panel.txt"]
    assert list(private_tmp.rglob("*")) == []


def test_concurrent_uploads_of_one_file_all_land_once(tmp_path: Path) -> None:
    kb = KnowledgeBase(Settings(home=tmp_path / "home", max_concurrent_uploads=8), FakeEmbedder())
    data = b"Corporate parenting board.\n\nMembers discussed care leavers' accommodation.\n"
    with serve(kb) as url:

        def one(_: int) -> httpx.Response:
            with httpx.Client(base_url=url, timeout=120) as client:
                return upload(client, "board.txt", data)

        with ThreadPoolExecutor(8) as pool:
            responses = list(pool.map(one, range(8)))
    assert all(r.status_code == 201 for r in responses), [r.text for r in responses]
    statuses = sorted(r.json()["status"] for r in responses)
    assert statuses == ["added"] + ["unchanged"] * 7, statuses
    assert len(kb.documents()) == 1


def test_a_document_is_removed_only_by_a_same_origin_request(tmp_path: Path) -> None:
    kb = KnowledgeBase(Settings(home=tmp_path / "home"), FakeEmbedder())
    with serve(kb) as url, httpx.Client(base_url=url, timeout=60) as client:
        assert upload(client, "panel.txt", b"Panel minutes.\n\nFostering.\n").status_code == 201
        doc_id = kb.documents()[0].id
        headers = write_headers(client)
        evil = {**headers, "Origin": "http://evil.example"}
        assert client.delete(f"/api/documents/{doc_id}", headers=evil).status_code == 403
        form = {"csrf_token": headers["X-CSRF-Token"]}
        forged = client.post(f"/documents/{doc_id}/remove", data=form, headers=evil)
        assert forged.status_code == 403 and len(kb.documents()) == 1
        gone = client.delete(f"/api/documents/{doc_id}", headers=headers)
        assert gone.status_code == 200 and gone.json()["removed"] >= 1
        assert client.delete(f"/api/documents/{doc_id}", headers=headers).status_code == 404
    assert kb.documents() == [] and not kb.vectors.ids_of_source(str(tmp_path))
    assert not any(p.is_file() for p in kb.settings.files_path.rglob("*"))
