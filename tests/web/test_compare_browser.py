"""The comparison pages in headless Chromium over the default corpus: picking councils and a
theme, drilling down from a finding and from a grid cell, and reading a timeline."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.model]

CL = "care_leavers_pathway_planning"


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.console_errors = []  # CSP violations and script errors show up here
    tab.on("console", lambda m: _console_error(tab, m))
    tab.on("response", lambda r: _failed_response(tab, r))
    yield tab
    context.close()


def _console_error(tab: Any, message: Any) -> None:
    # Failed loads are reported with their address by _failed_response.
    if message.type == "error" and "Failed to load resource" not in message.text:
        tab.console_errors.append(message.text)


def _failed_response(tab: Any, response: Any) -> None:
    # The browser asks for /favicon.ico on its own; no page links it.
    if response.status >= 400 and not response.url.endswith("/favicon.ico"):
        tab.console_errors.append(f"{response.status} {response.url}")


def _texts(locator: Any) -> str:
    """Text of every match, shown or folded away under "Show more"."""
    return " ".join(locator.all_text_contents()).lower()


def test_compare_page_picks_councils_and_theme_and_drills_down(
    page: Any, live_server: str, screenshots: Path
) -> None:
    page.goto(f"{live_server}/compare")
    page.get_by_label("Gateshead", exact=True).check()
    page.get_by_label("Middlesbrough", exact=True).check()
    page.select_option("#theme", CL)
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url(re.compile(r"/compare\?.*theme=care_leavers_pathway_planning"))

    columns = page.locator(".compare-column")
    assert columns.count() == 2
    gateshead = page.locator('.compare-column[data-council="Gateshead"]')
    middlesbrough = page.locator('.compare-column[data-council="Middlesbrough"]')
    gateshead_afi = _texts(gateshead.locator(".findings--area_for_improvement .finding__text"))
    assert "pathway plan" in gateshead_afi and "poor" in gateshead_afi
    middlesbrough_afi = middlesbrough.locator(".findings--area_for_improvement .finding__text")
    assert "varied in quality" in _texts(middlesbrough_afi)
    assert gateshead.locator(".findings--strength .finding").count() > 0
    assert middlesbrough.locator(".findings--strength .finding").count() > 0
    page.screenshot(path=str(screenshots / "compare.png"), full_page=True)

    finding = middlesbrough_afi.locator("a").filter(has_text=re.compile("varied in quality", re.I))
    if not finding.first.is_visible():  # folded under "Show more"
        middlesbrough.locator(".findings--area_for_improvement + .findings__more summary").click()
    finding.first.click()
    page.wait_for_url(re.compile(r"/documents/"))
    assert "varied in quality" in page.locator("mark").first.inner_text().lower()
    assert page.console_errors == []


def test_timeline_lists_visits_in_order_with_minutes(
    page: Any, live_server: str, screenshots: Path
) -> None:
    page.goto(f"{live_server}/timeline")
    page.fill("#council", "Middlesbrough")
    page.get_by_role("button", name="Show timeline").click()
    page.wait_for_url(re.compile(r"/timeline\?council=Middlesbrough"))
    visits = page.locator(".timeline__visit")
    titles = [t.lower() for t in visits.locator(".timeline__title").all_inner_texts()]
    assert len(titles) >= 5
    years = [int(re.findall(r"(20\d\d)", t)[-1]) for t in titles]
    assert years == sorted(years)
    title = page.locator(".timeline__title", has_text=re.compile(r"Standard inspection.*2019"))
    inspection = visits.filter(has=title)
    assert inspection.count() == 1
    assert "Inadequate" in inspection.locator(".timeline__grades").inner_text()
    discussed = visits.filter(has=page.locator(".timeline__discussed"))
    assert any("2022" in t for t in discussed.locator(".timeline__title").all_inner_texts())
    page.screenshot(path=str(screenshots / "timeline.png"), full_page=True)
    assert page.console_errors == []


def test_grid_cell_links_to_the_findings_it_counts(
    page: Any, live_server: str, screenshots: Path
) -> None:
    page.goto(f"{live_server}/grid?councils=Gateshead,Middlesbrough")
    row = page.locator("tbody tr").filter(has_text="Care leavers: pathway planning")
    cell = row.locator("td").nth(1).locator("a")
    afi = int(cell.locator(".grid-count--area_for_improvement").inner_text())
    strengths = int(cell.locator(".grid-count--strength").inner_text())
    page.screenshot(path=str(screenshots / "grid.png"), full_page=True)
    cell.click()
    page.wait_for_url(re.compile(r"/compare\?councils=Middlesbrough&theme="))
    column = page.locator('.compare-column[data-council="Middlesbrough"]')
    assert column.locator(".findings--area_for_improvement .finding").count() == afi
    assert column.locator(".findings--strength .finding").count() == strengths
    assert page.console_errors == []
