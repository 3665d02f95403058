"""What the browser tests share: the two screen sizes, the first question, and asking it."""

from __future__ import annotations

from typing import Any

import pytest

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
expect.set_options(timeout=15_000)  # an answer runs the model; allow for a busy machine

WIDE, NARROW = {"width": 1280, "height": 900}, {"width": 375, "height": 812}
QUESTION = "what did Ofsted say about contingency planning?"


def ask(page: Any, question: str) -> Any:
    """Type a question, press Enter, and wait for its answer; returns the new turn."""
    turns = page.locator(".thread .turn")
    before = turns.count()
    page.locator("#q").fill(question)
    page.locator("#q").press("Enter")
    turn = turns.nth(before)
    expect(turn.locator(".answer")).to_be_visible()
    return turn
