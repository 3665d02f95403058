"""The pages in real headless Chromium against a real server over the default corpus (real
model): ask, follow a citation, filter, follow up, upload, stay inert with hostile text, and
leave screenshots of the main views in tests/screenshots/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from kb.search.knowledge import KnowledgeBase
from kb.search.records import Document, Passage, Sentence, content_hash
from tests.utils.browser import NARROW, QUESTION, WIDE, ask, expect
from tests.web.conftest import BROWSER_TEST

pytestmark = BROWSER_TEST
XSS_SOURCE = "/nowhere/xss-test-note.txt"
XSS_TEXT = (
    "Scrutiny test note for the evidence pack: <script>alert(1)</script> and "
    "<img src=x onerror=alert(1)> were pasted into this record."
)


@pytest.fixture(scope="module")
def xss_document(corpus_kb: KnowledgeBase) -> Iterator[str]:
    """A document whose text is an attack; removed again so other tests see the corpus."""
    doc_id = content_hash(XSS_SOURCE, "0")
    document = Document(
        id=doc_id,
        source=XSS_SOURCE,
        part=0,
        title="Test note <b>bold</b>",
        doc_type="report",
        text=XSS_TEXT,
        page_offsets=[(1, 0)],
        council="Sunderland",
    )
    passage = Passage(
        id=content_hash(XSS_SOURCE, XSS_TEXT),
        document_id=doc_id,
        ordinal=0,
        text=XSS_TEXT,
        heading="Evidence <i>pack</i>",
        page=1,
        start=0,
        end=len(XSS_TEXT),
        sentences=[Sentence(0, len(XSS_TEXT))],
    )
    corpus_kb.write_file(XSS_SOURCE, "xss", len(XSS_TEXT), [document], [passage])
    yield doc_id
    corpus_kb.remove(XSS_SOURCE)


def councils_of(scope: Any) -> list[str]:
    return scope.locator(".citation").evaluate_all("els => els.map(e => e.dataset.council)")


def test_question_gets_a_cited_answer(page: Any, screenshots: Path) -> None:
    page.goto("/")
    turn = ask(page, QUESTION)
    councils = councils_of(turn)
    assert len(councils) >= 2
    assert {"Middlesbrough", "Gateshead"} <= set(councils)
    expect(turn.locator(".quotes .quote").first).to_be_visible()
    expect(turn.locator(".citation mark").first).to_be_visible()
    expect(turn.locator(".citation__cite").first).to_contain_text(" · ")
    page.screenshot(path=screenshots / "ask-1280.png", full_page=True)


def test_citation_lands_on_the_highlighted_passage(page: Any, screenshots: Path) -> None:
    page.goto("/")
    turn = ask(page, QUESTION)
    turn.locator(".citation__open").first.click()
    page.wait_for_url(re.compile(r"/documents/[0-9a-f]+\?passage=[0-9a-f]+.*#p-[0-9a-f]+$"))
    passage_id = page.url.rsplit("#p-", 1)[1]
    target = page.locator(f"#p-{passage_id}")
    expect(target).to_have_class(re.compile(r"\bis-target\b"))
    expect(target).to_be_in_viewport()
    expect(target.locator("mark").first).to_be_visible()
    expect(page.locator(".doc__meta")).to_contain_text("Date")
    page.screenshot(path=screenshots / "document-1280.png")


def test_council_facet_filters_the_search_page(page: Any, screenshots: Path) -> None:
    page.goto(f"/search?q={quote(QUESTION)}")
    assert {"Middlesbrough", "Gateshead"} <= set(councils_of(page))
    page.locator('.facet__link[data-param="council"][data-value="Middlesbrough"]').click()
    page.wait_for_url(re.compile(r"council=Middlesbrough"))
    assert set(councils_of(page)) == {"Middlesbrough"}
    active = page.locator('.facet__link[data-value="Middlesbrough"]')
    expect(active).to_have_attribute("aria-current", "true")
    expect(page.locator(".chips")).to_contain_text("Council: Middlesbrough")
    page.screenshot(path=screenshots / "search-1280.png", full_page=True)


def test_followup_keeps_the_topic_and_changes_the_council(page: Any) -> None:
    page.goto("/")
    ask(page, QUESTION)
    turn = ask(page, "and in Gateshead?")
    councils = councils_of(turn)
    assert councils and set(councils) == {"Gateshead"}
    expect(turn.locator(".note--followup")).to_contain_text("contingency planning in Gateshead")


def test_hostile_document_text_stays_inert(page: Any, xss_document: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"/documents/{xss_document}")
    text = page.locator(".doc__text")
    expect(text).to_contain_text("<script>alert(1)</script>")
    expect(text).to_contain_text("<img src=x onerror=alert(1)>")
    expect(page.locator("h1")).to_have_text("Test note <b>bold</b>")
    assert page.locator("main img, main script, main b").count() == 0

    page.goto("/")
    turn = ask(page, "scrutiny test note evidence pack in Sunderland")
    expect(turn.locator(".citation__text").first).to_contain_text("<script>alert(1)</script>")
    assert turn.locator("img, script, b, i").count() == 0
    page.goto("/search?q=scrutiny+test+note+evidence+pack&council=Sunderland")
    expect(page.locator(".citation__text").first).to_contain_text("onerror=alert(1)>")
    assert page.locator("main img, main script").count() == 0
    page.wait_for_timeout(200)  # give any injected handler the chance to fire
    assert dialogs == []


def test_upload_shows_the_error_for_a_file_it_cannot_read(page: Any) -> None:
    page.goto("/")
    page.locator("#upload summary").click()
    page.locator("#file").set_input_files(
        {"name": "minutes.exe", "mimeType": "application/octet-stream", "buffer": b"MZ"}
    )
    page.locator("#upload-form button").click()
    status = page.locator("#upload-status")
    expect(status).to_contain_text("unsupported file type")
    expect(status).to_have_class(re.compile("upload__status--error"))


def test_keyboard_skip_link_and_visible_focus(page: Any) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    outline = skip.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_narrow_screens(browser: Any, live_server: str, screenshots: Path) -> None:
    context = browser.new_context(viewport=NARROW, base_url=live_server)
    tab = context.new_page()
    try:
        tab.goto("/")
        ask(tab, QUESTION)
        _assert_no_sideways_scroll(tab)
        tab.screenshot(path=screenshots / "ask-375.png", full_page=True)

        tab.goto(f"/search?q={quote(QUESTION)}")
        expect(tab.locator(".facets__toggle")).to_be_visible()
        expect(tab.locator(".facets__body")).to_be_hidden()  # facets fold away
        _assert_no_sideways_scroll(tab)
        tab.screenshot(path=screenshots / "search-375.png", full_page=True)
        tab.locator(".facets__toggle").click()
        expect(tab.locator(".facets__body")).to_be_visible()

        tab.locator(".citation__open").first.click()
        expect(tab.locator(".passage.is-target")).to_be_in_viewport()
        _assert_no_sideways_scroll(tab)
        tab.screenshot(path=screenshots / "document-375.png")
    finally:
        context.close()


def _assert_no_sideways_scroll(tab: Any) -> None:
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= tab.viewport_size["width"], f"page is {width}px wide"


def test_without_javascript_the_form_gives_a_permalink_page(browser: Any, live_server: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=WIDE, base_url=live_server)
    tab = context.new_page()
    try:
        tab.goto("/")
        tab.locator("#q").fill(QUESTION)
        tab.locator("#q").press("Enter")
        tab.wait_for_url(re.compile(r"/search\?q=what\+did"))
        assert {"Middlesbrough", "Gateshead"} <= set(councils_of(tab))
        expect(tab.locator(".facets__body")).to_be_visible()  # open on wide screens, no script
        tab.locator("#q").fill("and in Gateshead?")
        tab.locator("#q").press("Enter")
        tab.wait_for_url(re.compile(r"prev=what\+did"))
        assert set(councils_of(tab)) == {"Gateshead"}
    finally:
        context.close()
