"""Time in words: date ranges and the newest-first cut read from a question."""

from __future__ import annotations

from datetime import date

import pytest

from kb.search.query import keyword_phrases, parse_query
from kb.vocab.timewords import read_time

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("words", "since", "until"),
    [
        ("How have pathway plans changed since 2019?", "2019-01-01", None),
        ("since March 2021", "2021-03-01", None),
        ("what happened after 2019", "2020-01-01", None),
        ("after May 2019", "2019-06-01", None),
        ("before 2020", None, "2019-12-31"),
        ("before March 2020", None, "2020-02-29"),
        ("up to 2020", None, "2020-12-31"),
        ("between 2018 and 2020", "2018-01-01", "2020-12-31"),
        ("from 2020 to 2018", "2018-01-01", "2020-12-31"),
        ("between May 2018 and Oct 2019", "2018-05-01", "2019-10-31"),
        ("in the last two years", "2024-12-01", None),
        ("over the past 18 months", "2025-06-01", None),
        ("in the last year", "2025-12-01", None),
        ("since 2019 and before 2023", "2019-01-01", "2022-12-31"),
    ],
)
def test_time_words_become_a_date_range(words: str, since: str | None, until: str | None) -> None:
    found = read_time(words, TODAY)
    assert (found.since, found.until) == (since, until)
    assert found.said


@pytest.mark.parametrize(
    "words",
    ["contingency planning", "the November 2022 visit", "in May the panel met", "in 2019"],
)
def test_other_words_set_no_range(words: str) -> None:
    found = read_time(words, TODAY)
    assert (found.since, found.until, found.latest) == (None, None, None)


def test_the_latest_inspection_asks_for_the_newest_ofsted_document() -> None:
    assert read_time("what did the latest inspection say?", TODAY).latest == (
        "ofsted_report",
        "ofsted_letter",
    )
    assert read_time("Gateshead’s most recent monitoring visit", TODAY).latest
    assert read_time("what changed since the last inspection?", TODAY).latest is None


def test_time_words_are_not_searched_as_the_topic() -> None:
    parsed = parse_query("pathway plans since 2019")
    assert parsed.years == ()  # read as the range, not as a 2019 lift
    assert parsed.time.since == "2019-01-01"
    assert '"since"' not in keyword_phrases(parsed)
