"""An officer's day in real Chromium over the default corpus (real model): correct what an
upload misread and see it in the facets and the timeline, also after a re-ingest; open a
passage that runs over a page break at the page of the sentence that answers; save a
search and see a newly ingested passage as new, with an Atom feed that validates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from lxml import etree

from ingest.pipeline import Ingestor
from kb.search.knowledge import KnowledgeBase
from tests.web.conftest import BROWSER_TEST

pytestmark = BROWSER_TEST
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
expect.set_options(timeout=15_000)

WIDE, NARROW = {"width": 1280, "height": 900}, {"width": 375, "height": 812}
ATOM = "{http://www.w3.org/2005/Atom}"
LETTER = (
    "Ofsted\n\nFocused visit to Gateshead children's services\n\n"
    "Inspectors looked at the council's arrangements for care leavers.\n\n"
    "Personal advisers know their young people well, and staying-put arrangements help "
    "young people move on from care when they are ready.\n"
)


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[Any]:
    context = browser.new_context(viewport=WIDE, base_url=live_server)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture
def uploaded(corpus_kb: KnowledgeBase) -> Iterator[list[str]]:
    """Sources this test added; removed again so other tests see the corpus as it is."""
    sources: list[str] = []
    yield sources
    for source in sources:
        corpus_kb.remove(source)


def _narrow_too(browser: Any, live_server: str, path: str, shot: Path) -> None:
    context = browser.new_context(viewport=NARROW, base_url=live_server)
    tab = context.new_page()
    try:
        tab.goto(path)
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} is {width}px wide at 375 px"
        tab.screenshot(path=shot, full_page=True)
    finally:
        context.close()


def test_correct_an_uploads_date_and_see_it_everywhere_also_after_reingest(
    page: Any,
    browser: Any,
    live_server: str,
    corpus_kb: KnowledgeBase,
    uploaded: list[str],
    screenshots: Path,
) -> None:
    page.goto("/")
    page.locator("#upload summary").click()
    page.locator("#file").set_input_files(
        {"name": "gateshead-focused-visit.txt", "mimeType": "text/plain", "buffer": LETTER.encode()}
    )
    page.locator("#upload-form button").click()
    read = page.locator("#upload-read")
    expect(read).to_contain_text("Gateshead")  # what was read is shown
    expect(read).to_contain_text("Date")
    page.screenshot(path=screenshots / "upload-read-1280.png", full_page=True)
    read.locator(".upload__correct").click()
    document_id = re.findall(r"/documents/([0-9a-f]+)", page.url)[0]
    uploaded.append(corpus_kb.document(document_id).source)  # type: ignore[union-attr]

    expect(page.locator(".metadata__details")).to_have_attribute("open", "")  # opened at #metadata
    page.select_option("#meta-doc_type", "ofsted_letter")
    page.fill("#meta-date", "2013-05-15")
    page.select_option("#meta-visit_type", "focused visit")
    page.fill("#meta-visit_start", "2013-05-14")
    page.fill("#meta-visit_end", "2013-05-15")
    page.get_by_role("button", name="Save corrections").click()
    expect(page.locator(".metadata__note--ok")).to_be_visible()
    expect(page.locator(".doc__meta")).to_contain_text("15 May 2013")
    expect(page.locator(".doc__meta .corrected")).to_be_visible()
    # the date and the visit's dates at least; type and visit type too where misread
    assert page.locator(".metadata__field.is-corrected").count() >= 3
    page.screenshot(path=screenshots / "document-corrected-1280.png", full_page=True)
    _narrow_too(browser, live_server, page.url, screenshots / "document-corrected-375.png")

    def seen_everywhere() -> None:
        page.goto("/search?council=Gateshead")
        year = page.locator('.facet__link[data-param="year"][data-value="2013"]')
        expect(year).to_have_count(1)
        page.goto("/timeline?council=Gateshead")
        visit = page.locator(".timeline__visit", has_text="2013")
        expect(visit.first).to_contain_text("Focused visit")

    seen_everywhere()
    source = Path(uploaded[0])  # re-ingest a new version of the file: the correction holds
    source.write_text(LETTER + "\nLeaders have a clear plan for the service.\n")
    assert Ingestor(corpus_kb).ingest_file(source).status == "replaced"
    seen_everywhere()
    page.goto(f"/documents/{document_id}")
    expect(page.locator(".doc__meta")).to_contain_text("15 May 2013")

    page.locator(".metadata__details summary").click()
    page.locator("#meta-date").evaluate("e => e.type = 'text'")  # as a browser without one
    page.fill("#meta-date", "15/05/2013")  # a refused value names its field
    page.fill("#meta-date", "15/05/2013")
    page.get_by_role("button", name="Save corrections").click()
    expect(page.locator(".metadata__note--error")).to_contain_text("date: must be a date")


def test_a_passage_over_a_page_break_opens_at_the_page_that_answers(
    page: Any, screenshots: Path
) -> None:
    question = quote("the quality and timeliness of pathway plans")
    page.goto(f"/search?q={question}&council=Middlesbrough&year=2024")
    card = page.locator(".citation", has_text="The quality and timeliness of pathway plans.").first
    expect(card.locator(".citation__where")).to_contain_text("pp. 1–2")
    expect(card.locator(".citation__file")).to_have_attribute("href", re.compile(r"#page=2$"))
    expect(card.locator(".citation__file")).to_contain_text("page 2")
    card.locator(".citation__open").click()
    expect(page.locator(".doc__target-note")).to_contain_text("pp. 1–2")
    opener = page.locator(".doc__actions .button")
    expect(opener).to_have_text("Open the original at page 2")
    expect(opener).to_have_attribute("href", re.compile(r"/file#page=2$"))
    response = page.request.get(opener.get_attribute("href").split("#")[0])
    assert response.ok and response.headers["content-type"] == "application/pdf"


def test_a_saved_search_shows_a_new_passage_and_its_feed_is_atom(
    page: Any,
    browser: Any,
    live_server: str,
    corpus_kb: KnowledgeBase,
    uploaded: list[str],
    tmp_path: Path,
    screenshots: Path,
) -> None:
    page.goto(f"/search?q={quote('staying put arrangements for care leavers')}&council=Gateshead")
    page.locator("#save-search summary").click()
    page.fill("#save-name", "Staying put in Gateshead")
    page.get_by_role("button", name="Save search").click()
    page.wait_for_url(re.compile(r"/saved/\d+$"))
    feed_url = f"{page.url}/feed.atom"
    expect(page.locator("h2#new")).to_contain_text("Nothing new")

    paper = tmp_path / "gateshead-corporate-parenting-board.txt"
    paper.write_text(
        "Gateshead Council\n\nCorporate Parenting Board\n\n"
        "The Board heard that more care leavers are staying put with their foster carers "
        "after eighteen, and asked for a report on staying-put arrangements.\n"
    )
    uploaded.append(str(paper.resolve()))
    assert Ingestor(corpus_kb).ingest_file(paper).status == "added"

    page.goto("/saved")
    item = page.locator(".saved-list__item", has_text="Staying put in Gateshead")
    expect(item.locator(".badge--new")).to_have_text("1 new")
    item.locator(".saved-list__name").click()
    expect(page.locator("h2#new")).to_contain_text("1 new passage")
    expect(page.locator(".citation")).to_contain_text("staying put with their foster carers")
    page.screenshot(path=screenshots / "saved-search-1280.png", full_page=True)
    _narrow_too(browser, live_server, page.url, screenshots / "saved-search-375.png")

    response = httpx.get(feed_url, timeout=60)
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = etree.fromstring(response.content)  # well-formed, or this raises
    assert feed.tag == f"{ATOM}feed"
    for element in (feed, *feed.findall(f"{ATOM}entry")):
        for required in ("id", "title", "updated"):
            assert (element.findtext(f"{ATOM}{required}") or "").strip(), (element.tag, required)
        assert element.find(f"{ATOM}link").get("href", "").startswith("http")
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1 and "foster carers" in entries[0].findtext(f"{ATOM}content")

    page.get_by_role("button", name="Mark all as seen").click()
    expect(page.locator("h2#new")).to_contain_text("Nothing new")
