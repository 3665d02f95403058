"""The JSON API over the default corpus, ingested with the real model."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kb.search.knowledge import KnowledgeBase
from tests.utils.writes import for_test_client

pytestmark = pytest.mark.model

HIT_KEYS = {
    "id",
    "text",
    "score",
    "source",
    "title",
    "council",
    "doc_type",
    "date",
    "visit_type",
    "visit_number",
    "page",
    "themes",
    "citation",
}


@pytest.fixture(scope="module")
def client(corpus_kb: KnowledgeBase) -> TestClient:
    return TestClient(create_app(for_test_client(corpus_kb.settings), corpus_kb))


def test_search_returns_hits_with_every_field(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "pathway plans", "k": 5}).json()
    assert len(body["results"]) == 5
    for hit in body["results"]:
        assert set(hit) >= HIT_KEYS
        assert hit["citation"].startswith(hit["council"])


def test_search_filters_and_reports_what_the_question_applied(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "pathway plans in Gateshead"}).json()
    assert body["applied"]["councils"] == ["Gateshead"]
    assert {h["council"] for h in body["results"]} == {"Gateshead"}
    body = client.get(
        "/api/search", params={"q": "caseloads", "council": "Middlesbrough", "doc_type": "minutes"}
    ).json()
    assert body["results"] and all(
        h["council"] == "Middlesbrough" and h["doc_type"] == "minutes" for h in body["results"]
    )


def test_ask_cites_middlesbrough_minutes_and_gateshead(client: TestClient) -> None:
    body = client.get("/api/ask", params={"q": "what did Ofsted say about contingency planning"})
    body = body.json()
    texts = [c["text"] for c in body["citations"]]
    assert any("Contingency planning was mostly absent" in t for t in texts)
    assert {"Middlesbrough", "Gateshead"} <= {c["council"] for c in body["citations"]}
    for quote in body["quotes"]:  # every quoted word is a slice of a cited passage
        cited = body["citations"][quote["n"] - 1]
        assert quote["passage_id"] == cited["id"]
        assert quote["text"] in cited["text"]
        assert f"[{quote['n']}]" in body["answer"]


def test_a_real_council_with_no_documents_is_named_as_empty(client: TestClient) -> None:
    """ "Stockton" is Stockton-on-Tees, which the default corpus has nothing on: the answer is
    empty and says why, in JSON and on the page; a council with documents is not flagged."""
    for route in ("/api/search", "/api/ask"):
        body = client.get(route, params={"q": "pathway plans", "council": "Stockton"}).json()
        assert body["councils_without_documents"] == ["Stockton-on-Tees"]
        assert body["found"] is False
        assert not body.get("results") and not body.get("citations")
    body = client.get("/api/search", params={"q": "pathway plans in Gateshead"}).json()
    assert body["councils_without_documents"] == [] and body["results"]
    page = client.get("/search", params={"q": "pathway plans", "council": "Stockton"}).text
    assert "Stockton-on-Tees has no documents in the knowledge base yet." in page


def test_documents_list_with_sources(client: TestClient) -> None:
    docs = client.get("/api/documents").json()["documents"]
    assert len(docs) >= 19
    assert all(d["source"] and d["doc_type"] for d in docs)


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"q": ""}, 422),
        ({"q": "x" * 2000}, 422),
        ({"q": "ok", "k": 0}, 422),
        ({"q": "ok", "since": "yesterday"}, 422),
        ({"q": 'care* AND "x" NEAR( -:'}, 200),
    ],
)
def test_bad_queries_get_4xx_never_5xx(client: TestClient, params: dict, status: int) -> None:
    assert client.get("/api/search", params=params).status_code == status


def test_health(client: TestClient) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["passages"] > 0
