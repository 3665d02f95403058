"""The officer's day in real headless Chromium over the default corpus (real model): gather
quotations from two questions and a comparison into the basket, export it as Word and read it
back; Back, reload and a shared link restore a conversation; nothing overflows at 375 px.
Screenshots of the ask page with a basket and of the basket go to tests/screenshots/."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import docx

from tests.utils.browser import NARROW, QUESTION, WIDE, ask, expect
from tests.web.conftest import BROWSER_TEST

pytestmark = BROWSER_TEST


WORKFORCE = "How stable is the social work workforce?"
COMPARE = "/compare?councils=Gateshead,Middlesbrough&theme=care_leavers_pathway_planning"


def _words(text: str) -> str:
    return " ".join(text.split())


def _basket_count(tab: Any) -> str:
    return tab.locator("#basket-count").inner_text().strip()


def test_basket_gathers_two_answers_and_a_comparison_into_a_word_report(
    page: Any, screenshots: Path
) -> None:
    page.goto("/")
    first = ask(page, QUESTION)
    quote = first.locator(".quotes .quote").first
    quoted = _words(quote.locator("q").inner_text())
    quote.locator("button.basket-add").click()
    expect(quote.locator("button.basket-add")).to_have_attribute("aria-pressed", "true")
    second = ask(page, WORKFORCE)
    second.locator(".citation button.basket-add").first.click()
    assert _basket_count(page) == "2"
    page.screenshot(path=screenshots / "ask-basket-1280.png", full_page=True)

    page.goto(COMPARE)  # the basket survives navigation
    finding = page.locator(".finding").first
    found = _words(finding.locator(".finding__text").inner_text()).strip("“”")
    finding.locator("button.basket-add").click()
    assert _basket_count(page) == "3"

    page.locator("#basket-link").click()
    page.wait_for_url(re.compile(r"/basket\?item="))
    page.reload()  # and reloads
    evidence = page.locator(".evidence")
    expect(evidence).to_have_count(3)
    shown = [_words(t) for t in evidence.locator(".evidence__quote").all_inner_texts()]
    assert quoted in shown[0] and found in shown[2]
    page.screenshot(path=screenshots / "basket-1280.png", full_page=True)

    with page.expect_download() as download:
        page.locator("a.export--docx").click()
    saved = screenshots / "basket-report.docx"  # kept beside the screenshots, to look at
    download.value.save_as(saved)
    report = docx.Document(io.BytesIO(saved.read_bytes()))
    texts = [p.text for p in report.paragraphs]
    quotes = [i for i, t in enumerate(texts) if t.startswith("“")]
    assert len(quotes) == 3
    for n, at in enumerate(quotes, 1):
        assert _words(texts[at]).strip("“”") in shown[n - 1]
        reference = texts[at + 1]  # — [n] council, document, type, date, p. N source passage
        assert reference.startswith(f"— [{n}] ") and re.search(r"p\. \d", reference), reference
        assert any(t.startswith(f"[{n}] ") and "/passages/" in t for t in texts)
    assert quoted in _words(texts[quotes[0]]) and found in _words(texts[quotes[2]])


def test_back_reload_and_a_shared_link_restore_the_conversation(
    page: Any, browser: Any, live_server: str
) -> None:
    page.goto("/")
    ask(page, QUESTION)
    ask(page, "and in Gateshead?")
    page.wait_for_url(re.compile(r"/\?thread=what.*&thread=and\+in\+Gateshead"))
    thread_url = page.url
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/api/ask" in r.url else None)

    page.locator("#t2 .citation__open").first.click()
    page.wait_for_url(re.compile(r"/documents/"))
    page.go_back()
    page.wait_for_url(thread_url)
    turns = page.locator(".thread .turn")
    expect(turns).to_have_count(2)
    expect(turns.nth(1).locator(".note--followup")).to_contain_text("in Gateshead")
    page.reload()
    expect(turns).to_have_count(2)
    expect(turns.nth(0).locator(".citation").first).to_be_visible()
    assert asked == []  # answered from this tab's storage, not asked again

    context = browser.new_context(viewport=WIDE, base_url=live_server)  # someone else
    try:
        other = context.new_page()
        other.goto(thread_url)
        expect(other.locator(".thread .turn .answer")).to_have_count(2, timeout=30_000)
        councils = other.locator("#t2 .citation").evaluate_all(
            "els => els.map(e => e.dataset.council)"
        )
        assert councils and set(councils) == {"Gateshead"}
    finally:
        context.close()


def test_nothing_overflows_at_375_px(browser: Any, live_server: str, screenshots: Path) -> None:
    context = browser.new_context(viewport=NARROW, base_url=live_server)
    tab = context.new_page()
    try:
        tab.goto("/")
        turn = ask(tab, QUESTION)
        turn.locator(".quotes .quote button.basket-add").first.click()
        _no_sideways_scroll(tab, "ask")
        tab.screenshot(path=screenshots / "ask-basket-375.png", full_page=True)
        tab.locator("#basket-link").click()
        expect(tab.locator(".evidence")).to_have_count(1)
        _no_sideways_scroll(tab, "basket")
        tab.screenshot(path=screenshots / "basket-375.png", full_page=True)
        for name, path in (
            ("search", f"/search?q={QUESTION}"),
            ("documents", "/search"),
            ("timeline", "/timeline?council=Middlesbrough"),
            ("judgements", "/judgements"),
        ):
            tab.goto(path)
            _no_sideways_scroll(tab, name)
            tab.screenshot(path=screenshots / f"{name}-375.png", full_page=True)
        table = tab.locator(".grid-wrap").first
        if table.count():  # the wide table scrolls inside its box, its first column stays
            first_cell = table.locator("tbody tr > :first-child").first
            left = first_cell.bounding_box()["x"]
            table.evaluate("e => { e.scrollLeft = 200; }")
            assert abs(first_cell.bounding_box()["x"] - left) < 1
    finally:
        context.close()


def _no_sideways_scroll(tab: Any, name: str) -> None:
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= tab.viewport_size["width"], f"{name} page is {width}px wide"
