"""One finding once, a comparison read at a glance, and combined judgements."""

from __future__ import annotations

import numpy as np

from api.urls import SITE
from kb.reports.findings import Citation, Finding
from kb.reports.glance import at_a_glance, folded_by_visit, rate_label
from kb.reports.samepoint import merge_same_points
from kb.reports.visits import VisitRef
from kb.vocab.judgement_areas import fold_combined, judgement_label, spread_combined

AFI = "area_for_improvement"
CL = "care_leavers_pathway_planning"


def finding(
    text: str,
    when: str,
    doc: str,
    kind: str = "ofsted",
    visit: str | None = None,
    doc_type: str = "ofsted_letter",
    stance: str = AFI,
    index: int = 0,
) -> Finding:
    ref = VisitRef("Gateshead", "focused visit", None, visit or when, None)
    return Finding(
        text=text,
        stance=stance,
        themes=[CL],
        council="Gateshead",
        source_kind=kind,
        visit=ref,
        citation=Citation(f"p-{doc}", doc, doc, doc_type, when, 1, "Gateshead"),
        start=index,
        end=index + len(text),
        when=when,
        index=index,
    )


LETTER = finding(
    "The pathway planning and plans written by personal advisers are of poor quality.",
    "2018-05-09",
    "letter",
    visit="2018-03-20",
)
REPORT = finding(
    "The pathway planning and plans written by personal advisers were of poor quality.",
    "2018-06-12",
    "report",
    kind="council report of Ofsted findings",
    visit="2018-03-20",
    doc_type="report",
)
LATER = finding(
    "Pathway plans written by personal advisers are still of poor quality overall.",
    "2021-10-27",
    "letter2",
    visit="2021-09-28",
)
OTHER = finding("Managers do not audit casework often enough.", "2021-10-27", "letter2", index=90)


def test_same_point_in_letter_and_council_report_is_one_finding_with_both_citations() -> None:
    merged = merge_same_points([REPORT, LETTER, OTHER], {})
    assert [f.citation.document_id for f in merged] == ["letter2", "letter"]
    letter = merged[1]
    assert [e.citation.document_id for e in letter.echoes] == ["report"]
    said = letter.to_dict(SITE)["said_in"]
    assert said == "the May 2018 Ofsted letter and the council's report of June 2018"
    assert letter.recurrence == 1  # one visit: a restatement, not a recurrence


def test_a_point_made_again_at_a_later_visit_shows_as_recurrence_newest_first() -> None:
    merged = merge_same_points([LETTER, REPORT, LATER], {})
    assert len(merged) == 1
    newest = merged[0]
    assert newest.when == "2021-10-27"  # never the 2018 wording above the newer one
    assert newest.recurrence == 2
    assert len(newest.to_dict(SITE)["recurs_at"]) == 2


def test_different_points_and_different_stances_stay_apart() -> None:
    strength = finding(
        "The pathway planning and plans written by personal advisers are of good quality.",
        "2018-05-09",
        "letter",
        stance="strength",
        index=200,
    )
    assert len(merge_same_points([LETTER, OTHER, strength], {})) == 3


def test_close_meaning_with_shared_words_merges_by_vectors() -> None:
    a = finding("Contingency planning is weak and not specific for parents.", "2020-01-24", "a")
    b = finding("Contingency planning lacks detail for parents.", "2019-05-21", "b")
    apart = merge_same_points([a, b], {})
    assert len(apart) == 2
    same = {"p-a": np.array([[1.0, 0.1]]), "p-b": np.array([[1.0, 0.12]])}
    assert len(merge_same_points([a, b], same)) == 1


def test_glance_leads_with_the_latest_visit_and_folds_the_rest_by_visit() -> None:
    found = [
        finding(f"Point {i} about pathway plans and care leavers here.", day, f"d{i}", visit=day)
        for i, day in enumerate(["2016-03-11", "2018-05-09", "2021-10-27", "2025-01-29"] * 2)
    ]
    shown = at_a_glance(found, CL, n=3)
    assert [f.when for f in shown] == ["2025-01-29", "2021-10-27", "2018-05-09"]
    folds = folded_by_visit(found, shown)
    assert folds[0].label.endswith("2025")
    assert sum(len(f.findings) for f in folds) == len(found) - 3


def test_rates_are_per_visit_and_say_so() -> None:
    label = rate_label({AFI: 10, "strength": 5}, visits=4, documents=17)
    assert label == "2.5 areas for improvement and 1.2 strengths per visit (4 visits)"
    assert "per document (3 documents)" in rate_label({AFI: 3}, visits=0, documents=3)


def test_combined_judgement_applies_to_each_area_it_covers() -> None:
    grades = {"overall_effectiveness": "good", "in_care": "good"}
    grades["in_care_and_care_leavers"] = "good"
    spread, marks = spread_combined(grades)
    assert spread == {"overall_effectiveness": "good", "in_care": "good", "care_leavers": "good"}
    assert set(marks) == {"in_care", "care_leavers"}
    assert fold_combined(grades) == {
        "overall_effectiveness": "good",
        "in_care_and_care_leavers": "good",
    }
    assert judgement_label("lscb") == "LSCB"
    assert judgement_label("in_care_and_care_leavers") == "Children in care and care leavers"
