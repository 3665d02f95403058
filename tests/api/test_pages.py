"""The HTML pages and their JSON twins, over a small knowledge base written by hand."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.views.viewer import segments
from kb.search.knowledge import KnowledgeBase
from kb.search.records import Document, Passage, content_hash
from kb.settings import Settings
from tests.utils.factories import AFI, CL, NEU, Piece, write_document
from tests.utils.writes import for_test_client, write_headers

XSS = "<script>alert(1)</script> and <img src=x onerror=alert(1)>"


def add_document(
    kb: KnowledgeBase,
    source: str,
    blocks: list[str],
    council: str,
    pages: list[tuple[int, int]] | None = None,
    **meta: object,
) -> tuple[Document, list[Passage]]:
    """A letter whose passages are its blocks: "poor" marks an area for improvement and
    "pathway" the care leavers' pathway planning theme."""
    pieces = [
        Piece(b, themes=[CL] if "pathway" in b else [], stance=AFI if "poor" in b else NEU)
        for b in blocks
    ]
    title = f"Letter {source.rsplit('/', 1)[-1]}"
    return write_document(kb, source, pieces, council=council, title=title, pages=pages, **meta)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """A 1 MB upload limit, so the 413 test sends 1 MB rather than 50."""
    return Settings(home=tmp_path / "kbhome", max_upload_mb=1)


@pytest.fixture
def client(fake_kb: KnowledgeBase, settings: Settings) -> Iterator[TestClient]:
    add_document(
        fake_kb,
        "/x/gateshead.pdf",
        [
            "Findings",
            "Pathway plans lack contingency planning for care leavers.",
            "- Personal advisers keep in touch with care leavers.",
            "Caseloads are manageable and social workers are stable.",
        ],
        "Gateshead",
        pages=[(1, 0), (2, 69)],  # page 2 starts at the bullet
        date="2018-05-09",
        visit_type="focused visit",
        inspectors=["Jo Smith"],
        grades={"overall effectiveness": "good"},
    )
    add_document(
        fake_kb,
        "/x/middlesbrough.pdf",
        ["Contingency planning in pathway plans is poor.", "Leaders know their services well."],
        "Middlesbrough",
        date="2022-08-17",
    )
    add_document(fake_kb, "/x/xss.txt", [f"Evidence of {XSS} in a pathway plan."], "Sunderland")
    with TestClient(create_app(for_test_client(settings), fake_kb)) as test_client:
        yield test_client


def passage_ids(kb: KnowledgeBase, source: str) -> list[str]:
    return [p.id for p in kb.passages_of(content_hash(source, "0"))]


# --- the pages render ------------------------------------------------------------------------


def test_index_renders_the_question_form_and_upload(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.text
    assert '<form class="ask-form ask-form--chat"' in html and 'action="/search"' in html
    assert 'id="upload-form"' in html and 'enctype="multipart/form-data"' in html
    assert 'href="#main"' in html  # skip link
    assert "<script>" not in html and " style=" not in html and " onclick" not in html


def test_index_with_a_question_redirects_to_the_permalink(client: TestClient) -> None:
    response = client.get("/?q=pathway+plans&council=Gateshead", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/search?q=pathway+plans&council=Gateshead"


def test_search_renders_an_answer_with_citations_on_the_server(client: TestClient) -> None:
    response = client.get("/search", params={"q": "contingency planning in pathway plans"})
    assert response.status_code == 200
    html = response.text
    assert "What the documents say" in html
    assert html.count('class="citation"') >= 2
    assert 'data-council="Gateshead"' in html and 'data-council="Middlesbrough"' in html
    assert "<mark>" in html  # the sentences that answer are highlighted
    assert re.search(r'href="/passages/[0-9a-f]{16}\?mark=\d+-\d+"', html)
    assert 'href="/documents/' in html and "/file#page=" in html


def test_search_without_a_question_lists_documents_with_facets(client: TestClient) -> None:
    html = client.get("/search").text
    assert "3 documents" in html
    assert 'data-param="council" data-value="Gateshead"' in html


def test_facets_put_the_filter_in_the_url(client: TestClient) -> None:
    html = client.get("/search", params={"q": "pathway plans"}).text
    link = re.search(r'href="([^"]+)"\s+data-param="council" data-value="Middlesbrough"', html)
    assert link is not None
    url = link.group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(url).query) == {"q": ["pathway plans"], "council": ["Middlesbrough"]}
    filtered = client.get(url).text
    assert 'data-council="Middlesbrough"' in filtered
    assert 'data-council="Gateshead"' not in filtered
    assert 'aria-current="true"' in filtered  # the facet shows as on, and links to remove it


def test_theme_facet_uses_taxonomy_labels(client: TestClient) -> None:
    html = client.get("/search", params={"theme": "care_leavers_pathway_planning"}).text
    assert "Care leavers: pathway planning and support" in html
    assert "Theme: Care leavers: pathway planning and support" in html  # the chip


def test_a_filter_matching_nothing_says_so(client: TestClient) -> None:
    html = client.get("/search", params={"q": "pathway plans", "council": "Kent"}).text
    assert "Kent has no documents in the knowledge base yet." in html  # a real council, empty
    assert 'class="citation"' not in html
    html = client.get("/search", params={"q": "pathway plans", "year": "2001"}).text
    assert "No passages match year=2001." in html
    params = {"q": "pathway plans", "council": "Gateshead", "year": "2001"}
    html = client.get("/search", params=params).text
    assert "No passages match council=Gateshead, year=2001." in html


def test_followup_keeps_the_topic(client: TestClient) -> None:
    params = {"q": "and in Gateshead?", "prev": "contingency planning in pathway plans"}
    data = client.get("/search.json", params=params).json()
    assert data["question"] == "contingency planning in pathway plans in Gateshead?"
    assert data["asked"] == "and in Gateshead?"
    assert {c["council"] for c in data["citations"]} == {"Gateshead"}
    api = client.get("/api/ask", params=params).json()
    assert api["question"] == data["question"] and api["applied"]["councils"] == ["Gateshead"]
    html = client.get("/search", params=params).text
    assert "Read as:" in html


# --- JSON twins ------------------------------------------------------------------------------


def test_search_json_and_content_negotiation_agree(client: TestClient) -> None:
    params = {"q": "pathway plans", "council": "Gateshead"}
    data = client.get("/search.json", params=params).json()
    assert data["filters"] == {"councils": ["Gateshead"]}
    assert data["citations"] and data["facets"]["council"]["Gateshead"] >= 1
    negotiated = client.get("/search", params=params, headers={"Accept": "application/json"})
    assert negotiated.headers["content-type"].startswith("application/json")
    assert negotiated.json()["citations"] == data["citations"]
    listing = client.get("/search.json").json()
    assert len(listing["documents"]) == 3


def test_document_json_and_content_negotiation(client: TestClient, fake_kb: KnowledgeBase) -> None:
    doc_id = content_hash("/x/gateshead.pdf", "0")
    data = client.get(f"/documents/{doc_id}.json").json()
    assert data["council"] == "Gateshead" and len(data["passages"]) == 4
    negotiated = client.get(f"/documents/{doc_id}", headers={"Accept": "application/json"})
    assert negotiated.json() == data


def test_openapi_docs_stay(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert "/search.json" in paths and "/api/ask" in paths


# --- the source viewer -----------------------------------------------------------------------


def test_document_page_shows_text_metadata_pages_and_passages(
    client: TestClient, fake_kb: KnowledgeBase
) -> None:
    doc_id = content_hash("/x/gateshead.pdf", "0")
    html = client.get(f"/documents/{doc_id}").text
    for pid in passage_ids(fake_kb, "/x/gateshead.pdf"):
        assert f'id="p-{pid}"' in html
    assert '<h2 class="doc__heading">Findings</h2>' in html
    assert '<ul class="bullets"><li>Personal advisers keep in touch' in html
    assert "Page 2" in html and f"/documents/{doc_id}/file#page=2" in html
    assert "Focused visit" in html and "Jo Smith" in html and "Good" in html
    assert "9 May 2018" in html


def test_passage_redirects_to_its_highlighted_place(
    client: TestClient, fake_kb: KnowledgeBase
) -> None:
    pid = passage_ids(fake_kb, "/x/gateshead.pdf")[1]
    doc_id = content_hash("/x/gateshead.pdf", "0")
    response = client.get(f"/passages/{pid}?mark=0-13", follow_redirects=False)
    assert response.status_code == 303
    location = response.headers["location"]
    assert location == f"/documents/{doc_id}?passage={pid}&mark=0-13#p-{pid}"
    html = client.get(location).text
    assert f'class="passage is-target" id="p-{pid}"' in html
    assert "<mark>Pathway plans</mark> lack" in html
    assert client.get("/passages/0000000000000000", follow_redirects=False).status_code == 404


def test_a_page_break_inside_a_paragraph_is_marked_inline() -> None:
    text = "Heading one\n\nA paragraph that runs over the page break.\n\n- a bullet"
    document = Document(
        id="d",
        source="/x/a.pdf",
        part=0,
        title="T",
        doc_type="report",
        text=text,
        page_offsets=[(1, 0), (2, 30)],
    )
    passage = Passage(
        id="p",
        document_id="d",
        ordinal=0,
        text=text[13:],
        heading="Heading one",
        page=1,
        start=13,
        end=len(text),
    )
    [intro, body] = segments(document, [passage], "p", [(2, 11)])
    assert intro.passage is None and intro.blocks[0].kind == "heading"
    assert intro.blocks[0].page == 1
    paragraph, bullet = body.blocks
    assert [(p.text, p.marked, p.page) for p in paragraph.pieces] == [
        ("A ", False, None),
        ("paragraph", True, None),
        (" that ", False, None),
        ("", False, 2),
        ("runs over the page break.", False, None),
    ]
    assert bullet.kind == "bullet" and bullet.pieces[0].text == "a bullet"


def test_the_viewer_shows_the_block_kinds_ingest_stored_and_guesses_for_old_stores() -> None:
    text = "What needs to improve?\n\nShort label line\n\n- a bullet"
    stored = [(0, 22, "heading"), (24, 40, "paragraph"), (42, len(text), "bullet")]
    fields = dict(id="d", source="/x/a.pdf", part=0, title="T", doc_type="report", text=text)
    kinds = [
        b.kind
        for seg in segments(Document(**fields, blocks=stored), [], None, [])
        for b in seg.blocks
    ]
    assert kinds == ["heading", "paragraph", "bullet"]  # as ingest laid them out
    guessed = [b.kind for seg in segments(Document(**fields), [], None, []) for b in seg.blocks]
    assert guessed == ["heading", "heading", "bullet"]  # written before kinds were kept


@pytest.mark.parametrize(
    "path",
    [
        "/documents/../../etc/passwd",
        "/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd/file",
        "/documents/%2Fetc%2Fpasswd",
        "/documents//etc/passwd",
        "/documents/%2Fetc%2Fpasswd.json",
        "/documents/..%2f..%2fetc%2fpasswd/file",
    ],
)
def test_paths_never_reach_files_outside_the_store(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "root:" not in response.text


def test_unknown_document_is_a_404_page(client: TestClient) -> None:
    response = client.get("/documents/nope")
    assert response.status_code == 404 and "not here" in response.text


# --- safety ----------------------------------------------------------------------------------


def test_long_question_is_a_clear_422(client: TestClient) -> None:
    response = client.get("/search", params={"q": "x" * 2000})
    assert response.status_code == 422
    assert "the limit is 500" in response.text and "<h1" in response.text
    assert client.get("/search.json", params={"q": "x" * 2000}).status_code == 422
    assert client.get("/api/ask", params={"q": "x", "prev": "y" * 2000}).status_code == 422


def test_csp_header_on_every_page(client: TestClient) -> None:
    for path in ("/", "/search?q=pathway", "/search.json", "/documents/nope"):
        csp = client.get(path).headers["content-security-policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp


def test_document_text_is_escaped_everywhere(client: TestClient, fake_kb: KnowledgeBase) -> None:
    doc_id = content_hash("/x/xss.txt", "0")
    pid = passage_ids(fake_kb, "/x/xss.txt")[0]
    for url in (f"/documents/{doc_id}?passage={pid}&mark=0-40", "/search?q=evidence+pathway"):
        html = client.get(url).text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
        assert "<script>alert" not in html and "<img" not in html


def test_question_text_is_escaped(client: TestClient) -> None:
    html = client.get("/search", params={"q": '"><script>alert(1)</script>'}).text
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_upload_errors_are_json(client: TestClient, settings: Settings) -> None:
    writes = write_headers(client)
    bad = client.post(
        "/api/documents", files={"file": ("notes.exe", b"MZ", "application/x")}, headers=writes
    )
    assert bad.status_code == 422 and "unsupported file type" in bad.json()["detail"]
    limit = settings.max_upload_mb * 1024 * 1024
    big = client.post(
        "/api/documents",
        files={"file": ("big.txt", b"a" * (limit + 1), "text/plain")},
        headers=writes,
    )
    assert big.status_code == 413 and "larger than" in big.json()["detail"]


def test_static_assets_are_served(client: TestClient) -> None:
    assert "fetch" in client.get("/static/app.js").text
    assert "prefers-reduced-motion" in client.get("/static/style.css").text
