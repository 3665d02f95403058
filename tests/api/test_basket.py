"""The evidence basket's routes, links that work outside this machine (KB_PUBLIC_URL), and
the conversation kept in the ask page's URL: a small knowledge base, the fake embedder."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator

import docx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kb.search.knowledge import KnowledgeBase
from kb.settings import Settings
from tests.utils.factories import AFI, CL, STR
from tests.utils.factories import write_findings as add_doc
from tests.utils.writes import for_test_client

PUBLIC = "https://kb.example.gov.uk/scrutiny"
POOR = "Pathway plans were of poor quality."
WELL = "Personal advisers know care leavers well."


def _add_letter(kb: KnowledgeBase) -> None:
    add_doc(
        kb,
        "/g/letter.pdf",
        [("Findings", [CL], [(POOR, AFI), (WELL, STR)])],
        council="Gateshead",
        title="Ofsted focused visit letter",
        visit_type="focused visit",
        visit_start="2018-03-20",
    )


ALIAS = "kb-alias.example"  # a name the server answers to, but not its own address


def _client(kb: KnowledgeBase, settings: Settings) -> TestClient:
    settings = for_test_client(settings)
    hosts = f"{settings.allowed_hosts},{ALIAS}"
    return TestClient(create_app(settings.model_copy(update={"allowed_hosts": hosts}), kb))


@pytest.fixture
def client(fake_kb: KnowledgeBase) -> Iterator[TestClient]:
    _add_letter(fake_kb)
    with _client(fake_kb, fake_kb.settings) as test_client:
        yield test_client


@pytest.fixture
def public(fake_kb: KnowledgeBase) -> Iterator[TestClient]:
    _add_letter(fake_kb)
    settings = fake_kb.settings.model_copy(update={"public_url": PUBLIC})
    with _client(fake_kb, settings) as test_client:
        yield test_client


def _items(kb: KnowledgeBase) -> tuple[str, str]:
    """Basket items quoting the two sentences of the letter's one passage."""
    (passage,) = kb.passages_of(next(iter(kb.documents())).id)
    poor, well = (passage.text.index(s) for s in (POOR, WELL))
    return (
        f"{passage.id}:{poor}-{poor + len(POOR)}",
        f"{passage.id}:{well}-{well + len(WELL)}",
    )


def test_basket_quotes_are_read_from_the_passage(client: TestClient, fake_kb: KnowledgeBase):
    first, second = _items(fake_kb)
    body = client.get("/api/basket", params=[("item", second), ("item", first)]).json()
    assert [i["quote"] for i in body["items"]] == [WELL, POOR]  # the basket's order
    assert [i["n"] for i in body["items"]] == [1, 2]
    assert body["items"][0]["citation"].startswith("Gateshead, Ofsted focused visit letter")
    assert body["missing"] == []


def test_basket_word_export_numbers_each_quote_with_its_reference(
    public: TestClient, fake_kb: KnowledgeBase
) -> None:
    first, second = _items(fake_kb)
    params = [("item", first), ("item", second), ("format", "docx"), ("title", "Care leavers")]
    response = public.get("/api/basket/export", params=params)
    assert response.status_code == 200
    assert response.headers["content-disposition"].endswith('evidence-care-leavers.docx"')
    document = docx.Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Care leavers"
    for n, quote in ((1, POOR), (2, WELL)):
        at = texts.index(f"“{quote}”")
        assert texts[at + 1].startswith(f"— [{n}] Gateshead, Ofsted focused visit letter")
        assert any(t.startswith(f"[{n}] Gateshead") and PUBLIC in t for t in texts)
    links = {r.target_ref for r in document.part.rels.values() if r.is_external}
    # The public address is one the server answers to, without a KB_ALLOWED_HOSTS entry.
    assert public.get("/basket", headers={"Host": "kb.example.gov.uk"}).status_code == 200
    assert links and all(url.startswith(f"{PUBLIC}/passages/") for url in links)
    assert "local link" not in " ".join(texts)


def test_without_a_public_url_links_say_local_and_ignore_the_host_header(
    client: TestClient, fake_kb: KnowledgeBase
) -> None:
    first, _ = _items(fake_kb)
    headers = {"Host": ALIAS}
    markdown = client.get(
        "/api/basket/export", params={"item": first, "format": "md"}, headers=headers
    ).text
    assert markdown.startswith("# Evidence") and ALIAS not in markdown
    assert "(local link)" in markdown and "KB_PUBLIC_URL" in markdown
    assert "[local link: http://testserver:80/passages/" in markdown  # a reference's link
    page = client.get("/basket", params={"item": first}, headers=headers).text
    assert "/passages/" in page and ALIAS not in page and "local link" in page


def test_csv_exports_start_with_a_byte_order_mark(client: TestClient, fake_kb: KnowledgeBase):
    first, _ = _items(fake_kb)
    for path, params in (
        ("/api/basket/export", {"item": first}),
        ("/api/ask/export", {"q": "pathway plans"}),
        ("/api/timeline", {"council": "Gateshead"}),
    ):
        response = client.get(path, params={**params, "format": "csv"})
        assert response.content.startswith(codecs.BOM_UTF8), path
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows and "council" in rows[0]


def test_basket_refuses_bad_items_and_reports_missing_passages(client: TestClient) -> None:
    bad = client.get("/api/basket", params={"item": "../etc/passwd"})
    assert bad.status_code == 422 and "item" in bad.json()["detail"]
    too_many = client.get("/api/basket", params=[("item", f"{n:016x}") for n in range(101)])
    assert too_many.status_code == 422 and "at most 100" in too_many.json()["detail"]
    gone = client.get("/api/basket", params={"item": "00000000deadbeef:0-10"}).json()
    assert gone == {"items": [], "missing": ["00000000deadbeef:0-10"]}
    page = client.get("/basket", params={"item": "00000000deadbeef"}).text
    assert "no longer in the knowledge base" in page


def test_pages_carry_basket_items_exports_and_public_permalinks(
    public: TestClient, fake_kb: KnowledgeBase
) -> None:
    first, _ = _items(fake_kb)
    search = public.get("/search", params={"q": "pathway plans", "council": "Gateshead"}).text
    assert f'data-basket-item="{first}"' in search  # the quoted sentence
    assert "/api/ask/export?q=pathway+plans&amp;council=Gateshead&amp;format=docx" in search
    assert f"{PUBLIC}/search?q=pathway+plans&amp;council=Gateshead" in search
    compare = public.get("/compare", params={"councils": "Gateshead", "theme": CL}).text
    passage_id, marks = first.split(":")
    assert f'data-basket-item="{passage_id}:' in compare  # a finding
    document_id = next(iter(fake_kb.documents())).id
    viewer = public.get(f"/documents/{document_id}", params={"passage": passage_id, "mark": marks})
    assert f'data-basket-item="{first}"' in viewer.text  # the cited passage in its document


def test_the_ask_page_lists_a_conversation_from_its_url(client: TestClient) -> None:
    asked = ["what about pathway plans?", "and in Middlesbrough?"]
    html = client.get("/", params=[("thread", q) for q in asked]).text
    assert "Open the answer to “what about pathway plans?”" in html
    # The follow-up's permalink carries the question it follows, resolved.
    assert "/search?q=and+in+Middlesbrough%3F&amp;prev=what+about+pathway+plans%3F" in html
    assert 'class="chat has-thread"' in html
