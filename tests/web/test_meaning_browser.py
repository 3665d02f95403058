"""In real Chromium over the default corpus: a question nothing answers says so, and
"since 2019" cites nothing older."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from kb.search.answer import NOTHING_ANSWERS
from tests.utils.browser import NARROW, ask
from tests.web.conftest import BROWSER_TEST

pytestmark = BROWSER_TEST
expect = pytest.importorskip("playwright.sync_api").expect

UNANSWERABLE = "How often are household bins collected in Middlesbrough?"
SINCE = "How have pathway plans changed in Middlesbrough since 2019?"


def test_a_question_nothing_answers_says_so_on_both_pages(
    page: Any,
    browser: Any,
    live_server: str,
    screenshots: Path,
) -> None:
    page.goto("/")
    turn = ask(page, UNANSWERABLE)
    expect(turn.locator(".answer__none")).to_have_text(NOTHING_ANSWERS)
    expect(turn.locator(".answer")).to_contain_text("not an answer")
    expect(turn.locator(".quotes")).to_have_count(0)
    page.goto(f"/search?q={quote(UNANSWERABLE)}")
    expect(page.locator(".answer__none")).to_have_text(NOTHING_ANSWERS)
    expect(page.locator(".answer")).to_contain_text("Closest passages found: not an answer")
    page.screenshot(path=screenshots / "nothing-answers-1280.png", full_page=True)
    context = browser.new_context(viewport=NARROW, base_url=live_server)
    tab = context.new_page()
    tab.goto(f"/search?q={quote(UNANSWERABLE)}")
    expect(tab.locator(".answer__none")).to_be_visible()
    tab.screenshot(path=screenshots / "nothing-answers-375.png", full_page=True)
    context.close()


def test_since_2019_cites_nothing_older(page: Any, screenshots: Path) -> None:
    page.goto(f"/search?q={quote(SINCE)}")
    expect(page.locator(".notes")).to_contain_text("Dates from the question: from 2019-01-01")
    metas = page.locator(".doc-group__meta").all_inner_texts()
    assert metas and min(document_years(metas)) >= 2019, metas
    page.screenshot(path=screenshots / "since-2019-1280.png", full_page=True)
    page.goto("/")
    turn = ask(page, SINCE)
    metas = turn.locator(".doc-group__meta").all_inner_texts()
    assert metas and min(document_years(metas)) >= 2019, metas


def document_years(metas: list[str]) -> list[int]:
    """The year of each document's date: the first year its line names ("Ofsted letter ·
    2 September 2024 · Focused visit, ...")."""
    found = [re.search(r"\b(?:19|20)\d\d\b", meta) for meta in metas]
    assert all(found), metas
    return [int(m.group(0)) for m in found if m]
