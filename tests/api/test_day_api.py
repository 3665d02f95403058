"""Corrections and saved searches over HTTP (fake model): the upload result says what was
read, corrections and saved searches are guarded writes with 422s that name the field, and
each saved search has a well-formed Atom feed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from lxml import etree

from api.app import create_app
from kb.search.knowledge import KnowledgeBase
from tests.utils.factories import write_texts as write
from tests.utils.writes import for_test_client, write_headers

ATOM = "{http://www.w3.org/2005/Atom}"
NOTE = ("board.md", b"# Gateshead Corporate Parenting Board\n\nPathway plans were discussed.\n")


@pytest.fixture
def client(fake_kb: KnowledgeBase) -> Iterator[TestClient]:
    with TestClient(create_app(for_test_client(fake_kb.settings), fake_kb)) as test_client:
        yield test_client


def test_upload_says_what_was_read_and_a_guarded_correction_fixes_it(client: TestClient) -> None:
    headers = write_headers(client)
    uploaded = client.post("/api/documents", files={"file": NOTE}, headers=headers)
    assert uploaded.status_code == 201, uploaded.text
    (read,) = uploaded.json()["read"]
    assert read["council"] == "Gateshead" and read["date"] is None and read["corrected"] == {}
    url = f"/api/documents/{read['id']}/metadata"

    assert client.post(url, json={"date": "2024-09-02"}).status_code == 403  # no token
    refused = client.post(url, json={"date": "2 September 2024"}, headers=headers)
    assert refused.status_code == 422 and refused.json()["detail"].startswith("date: ")
    fixed = client.post(url, json={"date": "2024-09-02", "doc_type": "minutes"}, headers=headers)
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["corrected"]["date"] == {"value": "2024-09-02", "read": None}
    facets = client.get("/api/facets", params={"council": "Gateshead"}).json()["facets"]
    assert facets["year"] == {"2024": 1} and "minutes" in facets["doc_type"]
    missing = client.post(
        "/api/documents/nosuch/metadata", json={"date": "2024-09-02"}, headers=headers
    )
    assert missing.status_code == 404

    page = client.get(f"/documents/{read['id']}")
    assert "corrected" in page.text and 'name="csrf_token"' in page.text
    form = {"csrf_token": headers["X-CSRF-Token"], "date": "02/09/2024"}
    again = client.post(
        f"/documents/{read['id']}/metadata", data=form, headers={"Origin": headers["Origin"]}
    )
    assert again.status_code == 422 and "Not saved: date: must be a date" in again.text


def test_a_saved_search_counts_new_passages_and_has_an_atom_feed(
    client: TestClient, fake_kb: KnowledgeBase
) -> None:
    headers = write_headers(client)
    body = {"name": "Pathway plans", "q": "pathway plans"}
    assert client.post("/api/saved", json=body).status_code == 403
    assert client.post("/api/saved", json={"name": " "}, headers=headers).status_code == 422
    saved = client.post("/api/saved", params={"council": "Gateshead"}, json=body, headers=headers)
    assert saved.status_code == 201 and saved.json()["filters"] == {"councils": ["Gateshead"]}
    number = saved.json()["id"]

    write(fake_kb, "/x/new.pdf", ["Pathway plans are now timely & <reviewed>."])
    assert [s["new"] for s in client.get("/api/saved").json()["saved"]] == [1]
    news = client.get(f"/api/saved/{number}").json()
    assert [p["text"] for p in news["passages"]] == ["Pathway plans are now timely & <reviewed>."]

    feed = client.get(f"/saved/{number}/feed.atom")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    root = etree.fromstring(feed.content)
    assert root.tag == f"{ATOM}feed"
    (entry,) = root.findall(f"{ATOM}entry")
    for element in (root, entry):
        assert all(element.findtext(f"{ATOM}{name}") for name in ("id", "title", "updated"))
        assert element.find(f"{ATOM}link").get("href").startswith("http://testserver/")
    assert entry.findtext(f"{ATOM}content") == "Pathway plans are now timely & <reviewed>."

    assert client.post(f"/api/saved/{number}/seen", headers=headers).json()["new"] == 0
    assert client.get(f"/api/saved/{number}").json()["passages"] == []
    assert len(client.get(f"/saved/{number}/feed.atom").content) == len(feed.content)  # kept
    assert client.delete(f"/api/saved/{number}", headers=headers).status_code == 204
    assert client.get(f"/saved/{number}/feed.atom").status_code == 404
