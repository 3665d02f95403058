"""A council's visits in date order with grades, headlines, minutes and recurring themes;
and the judgements table."""

from __future__ import annotations

import pytest

from api.urls import SITE
from kb.reports.findings import Citation, Finding
from kb.reports.judgements import judgements
from kb.reports.timeline import headlines, improvement_themes, timeline
from kb.search.knowledge import KnowledgeBase
from kb.vocab.judgement_areas import area_order, judgement_label
from tests.utils.factories import AFI, CL, STR
from tests.utils.factories import write_findings as add_doc

WF = "workforce"
LG = "leadership_and_governance"
GRADES = {
    "overall_effectiveness": "inadequate",
    "impact_of_leaders": "inadequate",
    "care_leavers": "requires improvement to be good",
}


@pytest.fixture
def history(fake_kb: KnowledgeBase) -> KnowledgeBase:
    m = "Middlesbrough"
    add_doc(
        fake_kb,
        "/m/inspection.pdf",
        [
            (
                "What needs to improve",
                [CL, WF],
                [
                    ("Pathway plans for care leavers are not good enough.", AFI),
                    ("Social workers carry high caseloads.", AFI),
                    ("Leaders know the service well.", STR),
                ],
            )
        ],
        council=m,
        doc_type="ofsted_report",
        date="2020-01-24",
        visit_type="standard inspection",
        visit_start="2019-11-04",
        visit_end="2019-11-15",
        grades=GRADES,
    )
    add_doc(
        fake_kb,
        "/m/mv4.pdf",
        [("Findings", [WF], [("Caseloads for social workers remain too high.", AFI)])],
        council=m,
        date="2022-08-17",
        visit_type="monitoring visit",
        visit_number=4,
        visit_start="2022-07-13",
        visit_end="2022-07-14",
    )
    # Two council documents about a monitoring visit whose letter is not held.
    add_doc(
        fake_kb,
        "/m/minutes-mv3.txt",
        [("Update", [CL], [("Permanence planning for children had improved.", STR)])],
        council=m,
        doc_type="minutes",
        date="2022-05-24",
        visit_type="monitoring visit",
        visit_number=3,
        visit_start="2022-03-29",
        visit_end="2022-03-30",
    )
    add_doc(
        fake_kb,
        "/m/report-mv3.txt",
        [("Update", [CL], [("Children in care are visited regularly.", STR)])],
        council=m,
        doc_type="report",
        date="2022-06-20",
        visit_type="monitoring visit",
        visit_number=3,
    )
    add_doc(
        fake_kb,
        "/m/minutes-mv4.txt",
        [("Update", [CL], [("Care leavers said pathway plans were rushed.", AFI)])],
        council=m,
        doc_type="minutes",
        date="2022-09-27",
        visit_type="monitoring visit",
        visit_start="2022-07-13",
    )
    add_doc(
        fake_kb,
        "/m/budget.txt",
        [("Budget", [LG], [("The budget is overspent by a large sum.", AFI)])],
        council=m,
        doc_type="minutes",
        date="2021-03-01",
    )
    add_doc(
        fake_kb,
        "/g/2019.pdf",
        [("Overall", [LG], [("Leaders are ambitious for children.", STR)])],
        council="Gateshead",
        doc_type="ofsted_report",
        date="2019-06-11",
        visit_type="standard inspection",
        visit_start="2019-05-13",
        visit_end="2019-05-24",
        grades={"overall_effectiveness": "good", "in_care": "good"},
    )
    return fake_kb


def test_timeline_lists_visits_in_date_order_with_their_minutes(history: KnowledgeBase) -> None:
    line = timeline(history, "middlesbrough")
    assert line.council == "Middlesbrough"
    assert [(v.visit.visit_type, v.visit.visit_start) for v in line.visits] == [
        ("standard inspection", "2019-11-04"),
        ("monitoring visit", "2022-03-29"),
        ("monitoring visit", "2022-07-13"),
    ]
    inspection, mv3, mv4 = line.visits
    assert inspection.grades["overall_effectiveness"] == "inadequate"
    assert inspection.published == "2020-01-24" and inspection.known_from == "Ofsted"
    assert inspection.discussed_in == []
    # The letter-less visit is told by two council documents, merged into one visit.
    assert mv3.known_from == "council documents only"
    assert [d.doc_type for d in mv3.discussed_in] == ["minutes", "report"]
    assert [d.date for d in mv4.discussed_in] == ["2022-09-27"]
    assert mv4.visit.label == "4th monitoring visit, 13 to 14 July 2022"
    assert [f.text for f in inspection.areas_for_improvement] == [
        "Pathway plans for care leavers are not good enough.",
        "Social workers carry high caseloads.",
    ]
    assert [f.text for f in inspection.strengths] == ["Leaders know the service well."]


def test_recurring_areas_for_improvement_are_flagged(history: KnowledgeBase) -> None:
    line = timeline(history, "Middlesbrough")
    recurring = {r.theme: r.visits for r in line.recurring}
    assert set(recurring) == {WF, CL}
    assert len(recurring[WF]) == 2
    assert set(line.visits[0].recurring) == {WF, CL}
    assert line.visits[1].recurring == []
    data = line.to_dict(SITE)
    assert data["visits"][0]["grade_labels"]["Overall effectiveness"] == "Inadequate"


def test_headlines_prefer_ofsted_and_cover_themes_first(history: KnowledgeBase) -> None:
    found = timeline(history, "Middlesbrough").visits[2]
    assert [f.source_kind for f in found.areas_for_improvement] == ["ofsted"]
    assert headlines([], AFI) == []


def test_judgements_table(history: KnowledgeBase) -> None:
    table = judgements(history)
    assert table.councils == ["Gateshead", "Middlesbrough"]
    assert table.areas == ["overall_effectiveness", "impact_of_leaders", "in_care", "care_leavers"]
    assert [(r.council, r.grades["overall_effectiveness"]) for r in table.rows] == [
        ("Gateshead", "good"),
        ("Middlesbrough", "inadequate"),
    ]
    only = judgements(history, ["Middlesbrough"]).to_dict(SITE)
    assert only["areas"][0]["label"] == "Overall effectiveness"
    assert only["rows"][0]["document"]["url"].startswith("/documents/")


def test_unknown_council_has_an_empty_timeline(history: KnowledgeBase) -> None:
    line = timeline(history, "Kent")
    assert line.visits == [] and line.documents == 0


# --- the default corpus (done-when checks) -------------------------------------------------


def _middlesbrough(kb: KnowledgeBase) -> list:
    return timeline(kb, "Middlesbrough").visits


@pytest.mark.model
def test_corpus_middlesbrough_timeline(corpus_kb: KnowledgeBase) -> None:
    visits = _middlesbrough(corpus_kb)
    starts = [v.visit.visit_start for v in visits]
    assert all(starts) and starts == sorted(starts)
    kinds = [(v.visit.visit_type, (v.visit.visit_start or "")[:4]) for v in visits]
    inadequate = [
        v
        for v in visits
        if v.visit.visit_type == "standard inspection" and (v.visit.visit_start or "") < "2020"
    ]
    assert [v.grades.get("overall_effectiveness") for v in inadequate] == ["inadequate"]
    assert ("standard inspection", "2023") in kinds  # the re-inspection
    focused = [v for v in visits if v.visit.visit_type == "focused visit"]
    assert len(focused) >= 4
    monitoring_2022 = [
        v
        for v in visits
        if v.visit.visit_type == "monitoring visit" and (v.visit.visit_start or "")[:4] == "2022"
    ]
    assert len(monitoring_2022) >= 3
    with_minutes = [
        v for v in monitoring_2022 if any(d.doc_type == "minutes" for d in v.discussed_in)
    ]
    assert len(with_minutes) >= 2
    for visit in monitoring_2022:
        assert visit.discussed_in, visit.visit.label  # minutes or slides discussed each one
    assert all(v.visit.visit_start > inadequate[0].visit.visit_start for v in monitoring_2022)
    assert inadequate[0].areas_for_improvement and inadequate[0].strengths


@pytest.mark.model
def test_corpus_2019_inspection_report_published_january_2020(corpus_kb: KnowledgeBase) -> None:
    visit = next(
        v
        for v in _middlesbrough(corpus_kb)
        if v.grades.get("overall_effectiveness") == "inadequate"
    )
    assert (visit.published or "").startswith("2020-01")


@pytest.mark.model
def test_corpus_recurring_themes_and_judgements(corpus_kb: KnowledgeBase) -> None:
    line = timeline(corpus_kb, "Middlesbrough")
    assert line.recurring and all(len(r.visits) >= 2 for r in line.recurring)
    assert len(line.recurring) < 17  # a flag, not every theme
    table = judgements(corpus_kb, ["Gateshead", "Middlesbrough"])
    middlesbrough = [r for r in table.rows if r.council == "Middlesbrough"]
    assert "inadequate" in [r.grades.get("overall_effectiveness") for r in middlesbrough]
    assert {"overall_effectiveness", "impact_of_leaders"} <= set(table.areas)


def test_undatable_council_documents_are_listed_apart(history: KnowledgeBase) -> None:
    add_doc(
        history,
        "/m/focus.txt",
        [("Ofsted", [CL], [("There were comments about children missing education.", AFI)])],
        council="Middlesbrough",
        doc_type="minutes",
        date=None,
        visit_type="focused visit",
    )
    line = timeline(history, "Middlesbrough")
    assert len(line.visits) == 3
    assert [d.title for d in line.unplaced] == ["minutes None"]


def test_a_theme_counts_for_a_visit_only_when_stressed() -> None:
    def finding(text: str, themes: list[str]) -> Finding:
        citation = Citation("p", "d", "t", "ofsted_report", None, 1, "X")
        return Finding(text, AFI, themes, "X", "ofsted", None, citation, 0, 1)

    many = [finding(f"Social workers carry high caseloads {i}.", [WF]) for i in range(9)]
    one_off = finding("Pathway plans for care leavers are weak.", [CL])
    assert improvement_themes([*many, one_off]) == [WF, CL]  # 1 of 10: at the 10% floor
    assert improvement_themes([*many, *many, one_off]) == [WF]  # 1 of 19: below it


def test_judgement_areas_are_labelled_as_officers_write_them() -> None:
    assert judgement_label("lscb") == "LSCB"  # was "Lscb" from the id
    assert judgement_label("leadership_management_governance") == (
        "Leadership, management and governance"
    )
    assert area_order()[0] == "overall_effectiveness"  # Ofsted's order kept
    assert judgement_label("new_area") == "New area"  # an area of a future framework
