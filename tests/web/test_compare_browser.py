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
    # At a glance: shown without opening anything.
    glance = ".findings--glance.findings--area_for_improvement .finding__text"
    gateshead_afi = " ".join(gateshead.locator(glance).all_inner_texts()).lower()
    assert re.search(r"pathway plan.*poor quality", gateshead_afi)
    middlesbrough_afi = " ".join(middlesbrough.locator(glance).all_inner_texts()).lower()
    assert "pathway plans varied in quality" in middlesbrough_afi
    for column in (gateshead, middlesbrough):
        for stance in ("area_for_improvement", "strength"):
            shown = column.locator(f".findings--glance.findings--{stance} > .finding")
            assert 0 < shown.count() <= 5
            when = [w for w in shown.evaluate_all("els => els.map(e => e.dataset.when)") if w]
            assert when == sorted(when, reverse=True)  # the latest visit first
        # Counts are per visit, and say so.
        assert "per visit" in column.locator(".compare-column__status").inner_text()
        assert column.locator("details.findings__visit").count() > 0
    page.screenshot(path=str(screenshots / "compare.png"), full_page=True)

    finding = middlesbrough.locator(".findings--glance .finding__text a").filter(
        has_text=re.compile("varied in quality", re.I)
    )
    finding.first.click()
    page.wait_for_url(re.compile(r"/documents/"))
    assert "varied in quality" in page.locator("mark").first.inner_text().lower()
    assert page.console_errors == []


@pytest.mark.parametrize("width", [1280, 375])
def test_compare_fits_the_screen(
    browser: Any, live_server: str, screenshots: Path, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    try:
        tab.goto(f"{live_server}/compare?councils=Gateshead,Middlesbrough&theme={CL}")
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{overflow}px of horizontal overflow at {width}px"
        tab.screenshot(path=str(screenshots / f"compare-{width}.png"), full_page=True)
    finally:
        context.close()


def test_judgements_mark_combined_grades(page: Any, live_server: str, screenshots: Path) -> None:
    page.goto(f"{live_server}/judgements?councils=Gateshead,Middlesbrough")
    combined = page.locator("td.grade--combined")
    assert combined.count() >= 2  # one judgement shown under both areas it covers
    headers = page.locator("thead th").all_inner_texts()
    care_leavers = headers.index("Care leavers")
    for row in page.locator("tbody tr").all():
        cells = row.locator("th, td").all_inner_texts()
        if "(combined" in " ".join(cells):
            assert cells[care_leavers].strip() != "–"
    page.screenshot(path=str(screenshots / "judgements.png"), full_page=True)
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
    # The cell shows rates per visit; its title gives the counts behind them.
    counts = re.match(
        r"(\d+) areas for improvement and (\d+) strengths", cell.get_attribute("title")
    )
    assert counts, cell.get_attribute("title")
    afi, strengths = int(counts.group(1)), int(counts.group(2))
    assert "per visit" in cell.get_attribute("aria-label")
    page.screenshot(path=str(screenshots / "grid.png"), full_page=True)
    cell.click()
    page.wait_for_url(re.compile(r"/compare\?councils=Middlesbrough&theme="))
    column = page.locator('.compare-column[data-council="Middlesbrough"]')
    assert column.locator(".findings--area_for_improvement .finding").count() == afi
    assert column.locator(".findings--strength .finding").count() == strengths
    assert page.console_errors == []
