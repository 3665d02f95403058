"""Quotes that stand alone: headings, lead-ins, boilerplate and leaning sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.reports.passage_findings import FindingSource, findings_of
from kb.search.answer import quote_of
from kb.search.records import DocMeta, Hit, Sentence
from kb.search.standalone import (
    ALONE,
    BOILERPLATE,
    HEADING,
    LEAD_IN,
    LEANING,
    kind_of,
    quote_span,
    rules,
)
from tests.utils.factories import make_passage


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("12. Ofsted identified the following areas for improvement:", LEAD_IN),
        ("Plans need to -", LEAD_IN),
        ("I am copying this letter to the Department for Education.", BOILERPLATE),
        ("Yours sincerely", BOILERPLATE),
        ("Areas for improvement", HEADING),
        ("Children in Care and Care Leavers", HEADING),
        ("The experiences and progress of care leavers: good", HEADING),
        ("This means that some care leavers do not get the support they need.", LEANING),
        ("As a result, children wait too long for help.", LEANING),
        ("They do not always reflect young people's needs.", LEANING),
        ("This inspection found that pathway plans are of poor quality.", ALONE),
        ("Pathway plans varied in quality.", ALONE),
        ("Improve the quality of pathway plans", ALONE),
        ("Themselves a strong group, personal advisers know young people well.", ALONE),
    ],
)
def test_kind_of_sentences(text: str, kind: str) -> None:
    assert kind_of(text) == kind


def test_heading_of_the_passage_is_a_heading() -> None:
    assert kind_of("Care leavers support", heading="Care leavers support") == HEADING


TEXT = (
    "Pathway plans are not updated. This means that plans are out of date.\n"
    "The following areas need to improve:\n- the quality of supervision.\n"
    "- the timeliness of reviews.\nI am copying this letter to the DfE."
)


def spans_of(text: str, parts: list[str]) -> list[tuple[int, int]]:
    out, at = [], 0
    for part in parts:
        start = text.index(part, at)
        out.append((start, start + len(part)))
        at = start + len(part)
    return out


PARTS = [
    "Pathway plans are not updated.",
    "This means that plans are out of date.",
    "The following areas need to improve:",
    "- the quality of supervision.",
    "- the timeliness of reviews.",
    "I am copying this letter to the DfE.",
]


def test_quote_span_joins_leaning_and_replaces_lead_ins() -> None:
    spans = spans_of(TEXT, PARTS)
    assert quote_span(TEXT, spans, 0) == spans[0]
    assert quote_span(TEXT, spans, 1) == (spans[0][0], spans[1][1])
    assert quote_span(TEXT, spans, 2) == (spans[3][0], spans[4][1])
    assert quote_span(TEXT, spans, 2, lead_in_items=0) is None
    assert quote_span(TEXT, spans, 5) is None
    # A leaning first sentence has nothing to lean on.
    assert quote_span(PARTS[1], [(0, len(PARTS[1]))], 0) is None


def _source(stances: list[str]) -> FindingSource:
    spans = spans_of(TEXT, PARTS)
    sentences = [Sentence(s, e, st) for (s, e), st in zip(spans, stances, strict=True)]
    passage = make_passage(TEXT, sentences)
    meta = DocMeta(title="Letter", doc_type="ofsted_letter", council="Gateshead", date="2018-05-09")
    return FindingSource(passage, meta)


def test_findings_never_quote_lead_ins_or_boilerplate_and_join_leaning() -> None:
    afi = "area_for_improvement"
    found = findings_of(_source([afi] * 6))
    texts = [f.text for f in found]
    assert texts[0] == "Pathway plans are not updated. This means that plans are out of date."
    assert "The following areas need to improve:" not in " ".join(texts)
    assert not any("copying" in t for t in texts)
    assert texts[1:] == ["the quality of supervision.", "the timeliness of reviews."]


def test_answers_quote_the_items_of_a_lead_in() -> None:
    spans = spans_of(TEXT, PARTS)
    hit = Hit(
        id="p1",
        text=TEXT,
        score=1.0,
        source="s",
        title="t",
        council="Gateshead",
        doc_type="ofsted_letter",
        page=1,
        heading="Findings",
        document_id="d1",
        ordinal=0,
        start=0,
        end=len(TEXT),
        sentences=[Sentence(s, e, "neutral") for s, e in spans],
        marked=[spans[2], spans[5]],
        sentence_scores={2: 0.9, 5: 0.8},
    )
    start, end = quote_of(hit) or (0, 0)
    assert TEXT[start:end].startswith("the quality of supervision.")
    hit.marked = [spans[5]]
    assert quote_of(hit) is None


def test_malformed_rules_file_names_itself(tmp_path: Path) -> None:
    bad = tmp_path / "quotes.toml"
    bad.write_text("[lead_in]\npatterns = ['(']\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"quotes\.toml"):
        rules(bad)
