"""Follow-up questions: a short question naming only a council, year or theme keeps the
previous question's topic; anything with a topic of its own is left as asked."""

from __future__ import annotations

import pytest

from kb.search.followup import resolve_followup

TOPIC = "what did Ofsted say about contingency planning?"


@pytest.mark.parametrize(
    ("question", "previous", "expected"),
    [
        (
            "and in Gateshead?",
            TOPIC,
            "what did Ofsted say about contingency planning in Gateshead?",
        ),
        (
            "what about Middlesbrough",
            TOPIC,
            "what did Ofsted say about contingency planning in Middlesbrough?",
        ),
        ("and in 2019?", TOPIC, "what did Ofsted say about contingency planning in 2019?"),
        ("Gateshead?", TOPIC, "what did Ofsted say about contingency planning in Gateshead?"),
        (
            "what did they say in Gateshead?",
            TOPIC,
            "what did Ofsted say about contingency planning in Gateshead?",
        ),
        (
            "and for care leavers?",
            TOPIC,
            "what did Ofsted say about contingency planning for care leavers?",
        ),
        ("and for SEND?", TOPIC, "what did Ofsted say about contingency planning for SEND?"),
        # a new council replaces the old one, a new year the old year; the other stays
        (
            "and in Gateshead?",
            "contingency planning in Middlesbrough?",
            "contingency planning in Gateshead?",
        ),
        ("and in Middlesbrough?", "Gateshead's pathway plans", "pathway plans in Middlesbrough?"),
        (
            "and in 2021?",
            "pathway plans in Gateshead in 2019",
            "pathway plans in Gateshead in 2021?",
        ),
        (
            "and in 2019?",
            "contingency planning in Gateshead?",
            "contingency planning in Gateshead in 2019?",
        ),
        (
            "Gateshead and Sunderland?",
            "pathway plans",
            "pathway plans in Gateshead and Sunderland?",
        ),
    ],
)
def test_a_followup_keeps_the_previous_topic(question: str, previous: str, expected: str) -> None:
    assert resolve_followup(question, previous) == expected


@pytest.mark.parametrize(
    ("question", "previous"),
    [
        ("and in Gateshead?", None),  # nothing to follow
        ("and in Gateshead?", ""),
        ("how are caseloads in Gateshead?", TOPIC),  # its own topic
        ("what did Ofsted say about adoption in Gateshead", TOPIC),
        ("and?", TOPIC),  # names nothing
        ("and for send?", TOPIC),  # "send" in lower case is the verb, not SEND
        ("and what about the quality of supervision for social workers in Gateshead?", TOPIC),
    ],
)
def test_anything_else_is_left_as_asked(question: str, previous: str | None) -> None:
    assert resolve_followup(question, previous) == question


def test_whitespace_is_tidied_and_a_repeat_is_not_doubled() -> None:
    assert resolve_followup("  and in   Gateshead? ", TOPIC).endswith("planning in Gateshead?")
    assert resolve_followup(TOPIC, TOPIC) == TOPIC
    chained = resolve_followup("and in 2019?", resolve_followup("and in Gateshead?", TOPIC))
    assert chained == "what did Ofsted say about contingency planning in Gateshead in 2019?"
