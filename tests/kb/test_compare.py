"""Councils compared on a theme or a topic, and the councils × themes grid."""

from __future__ import annotations

import pytest

from api.urls import SITE
from kb.reports.compare import (
    STATUS_FINDINGS,
    STATUS_NO_DOCUMENTS,
    STATUS_NOTHING_ON_TOPIC,
    compare,
)
from kb.reports.grid import grid
from kb.reports.selection import CompareError, resolve_councils
from kb.search.knowledge import KnowledgeBase
from tests.utils.factories import AFI, CL, FIN, NEU, STR
from tests.utils.factories import write_findings as add_doc

WF = "workforce"


@pytest.fixture
def two_councils(fake_kb: KnowledgeBase) -> KnowledgeBase:
    add_doc(
        fake_kb,
        "/g/2018.pdf",
        [
            (
                "Care leavers",
                [CL],
                [
                    ("The pathway planning and plans were poor in quality.", AFI),
                    ("Personal advisers develop trusting relationships with care leavers.", STR),
                ],
            ),
            ("Staff", [WF], [("Caseloads are manageable for social workers.", STR)]),
        ],
        council="Gateshead",
        date="2018-05-09",
        visit_type="focused visit",
        visit_start="2018-03-20",
    )
    add_doc(
        fake_kb,
        "/g/2021.pdf",
        [("Care leavers", [CL], [("Care leavers now have stronger pathway plans.", STR)])],
        council="Gateshead",
        date="2021-10-27",
        visit_type="focused visit",
        visit_start="2021-09-28",
    )
    add_doc(
        fake_kb,
        "/m/2022.txt",
        [
            (
                "Areas for improvement",
                [CL, FIN],
                [
                    ("Needs assessments and the resulting pathway plans varied in quality.", AFI),
                    ("Some young people needed more financial support for food.", AFI),
                    ("The panel noted the report.", NEU),
                ],
            )
        ],
        council="Middlesbrough",
        doc_type="minutes",
        date="2022-12-13",
        visit_type="monitoring visit",
        visit_start="2022-11-01",
    )
    add_doc(
        fake_kb,
        "/m/2016.pdf",
        [("Staff", [WF], [("Social workers have high caseloads.", AFI)])],
        council="Middlesbrough",
        doc_type="ofsted_report",
        date="2016-02-19",
    )
    return fake_kb


def test_theme_comparison_quotes_each_council_by_stance(two_councils: KnowledgeBase) -> None:
    result = compare(two_councils, ["gateshead", "Middlesbrough"], theme=CL)
    assert result.councils == ["Gateshead", "Middlesbrough"]
    gateshead, middlesbrough = result.columns
    assert gateshead.status == STATUS_FINDINGS
    # Newest first within each stance.
    assert [f.text for f in gateshead.strengths] == [
        "Care leavers now have stronger pathway plans.",
        "Personal advisers develop trusting relationships with care leavers.",
    ]
    assert [f.text for f in gateshead.areas_for_improvement] == [
        "The pathway planning and plans were poor in quality."
    ]
    # The financial-support sentence names another theme, so it is not a pathway finding.
    assert [f.text for f in middlesbrough.areas_for_improvement] == [
        "Needs assessments and the resulting pathway plans varied in quality."
    ]
    finding = middlesbrough.areas_for_improvement[0]
    assert finding.source_kind == "council report of Ofsted findings"
    assert finding.link(SITE).startswith("/passages/")
    data = result.to_dict(SITE)
    assert data["columns"][0]["counts"] == {"area_for_improvement": 1, "strength": 2}
    assert data["columns"][1]["areas_for_improvement"][0]["citation"]["doc_type"] == "minutes"


def test_empty_columns_say_why(two_councils: KnowledgeBase) -> None:
    result = compare(
        two_councils, ["Gateshead", "Kent", "Middlesbrough"], theme=CL, since="2019-01-01"
    )
    gateshead, kent, middlesbrough = result.columns
    assert kent.status == STATUS_NO_DOCUMENTS and kent.documents == []
    assert gateshead.status == STATUS_FINDINGS
    assert [d.date for d in gateshead.documents] == ["2021-10-27"]
    assert middlesbrough.status == STATUS_FINDINGS

    nothing = compare(two_councils, ["Middlesbrough"], theme="early_help")
    assert nothing.columns[0].status == STATUS_NOTHING_ON_TOPIC
    assert len(nothing.columns[0].documents) == 2
    assert "2 documents searched" in nothing.columns[0].message


def test_source_filter_keeps_ofsted_only(two_councils: KnowledgeBase) -> None:
    result = compare(two_councils, ["Middlesbrough"], theme=CL, source="ofsted")
    assert result.columns[0].status == STATUS_NOTHING_ON_TOPIC


def test_topic_comparison_keeps_sentences_on_the_topic(two_councils: KnowledgeBase) -> None:
    result = compare(two_councils, ["Gateshead", "Middlesbrough"], q="pathway plans quality")
    gateshead, middlesbrough = result.columns
    texts = [f.text for f in gateshead.findings]
    assert "The pathway planning and plans were poor in quality." in texts
    assert "Caseloads are manageable for social workers." not in texts
    assert [f.text for f in middlesbrough.areas_for_improvement] == [
        "Needs assessments and the resulting pathway plans varied in quality."
    ]


def test_bad_requests_are_refused(two_councils: KnowledgeBase) -> None:
    with pytest.raises(CompareError, match="unknown theme"):
        compare(two_councils, ["Gateshead"], theme="nope")
    with pytest.raises(CompareError, match="theme or"):
        compare(two_councils, ["Gateshead"])
    with pytest.raises(CompareError, match="council"):
        compare(two_councils, [" "], theme=CL)
    with pytest.raises(CompareError, match="source"):
        compare(two_councils, ["Gateshead"], theme=CL, source="press")


def test_resolve_councils_canonicalises_and_refuses_names_that_are_no_council() -> None:
    assert resolve_councils(["gateshead council", "Gateshead", " Stockton "]) == [
        "Gateshead",
        "Stockton-on-Tees",
    ]
    with pytest.raises(CompareError, match="'Narnia' is not a council we know"):
        resolve_councils(["Gateshead", " Narnia "])


def test_grid_counts_match_the_comparison_each_cell_links_to(two_councils: KnowledgeBase) -> None:
    table = grid(two_councils, ["Gateshead", "Middlesbrough"])
    cell = table.cell("Gateshead", CL)
    assert (cell.strengths, cell.areas_for_improvement) == (2, 1)
    # Per visit (Gateshead has two): 0.5 to improve, the highest rate in this grid, so
    # the darkest shade; a cell with none to improve is not shaded.
    assert (cell.base, cell.unit, cell.afi_rate) == (2, "visit", 0.5)
    assert cell.shade == 4
    assert table.cell("Gateshead", WF).shade == 0
    assert cell.to_dict(table.drill_down("Gateshead", CL, SITE))["per"] == "visit"
    assert (
        table.drill_down("Gateshead", CL, SITE)
        == "/compare?councils=Gateshead&theme=care_leavers_pathway_planning"
    )
    assert table.cell("Middlesbrough", WF).areas_for_improvement == 1
    assert table.cell("Middlesbrough", FIN).areas_for_improvement == 1
    for council in table.councils:
        for theme in (CL, WF, FIN, "early_help"):
            column = compare(two_councils, [council], theme=theme).columns[0]
            cell = table.cell(council, theme)
            assert (cell.strengths, cell.areas_for_improvement) == (
                len(column.strengths),
                len(column.areas_for_improvement),
            )
    dated = grid(two_councils, since="2020-01-01", until="2021-12-31")
    assert dated.councils == ["Gateshead", "Middlesbrough"]
    assert dated.cell("Gateshead", CL).strengths == 1
    assert dated.documents == {"Gateshead": 1, "Middlesbrough": 0}
    assert "since=2020-01-01" in dated.drill_down("Gateshead", CL, SITE)
    assert len(dated.to_dict(SITE)["rows"]) == 17


# --- the default corpus (done-when checks) -------------------------------------------------


@pytest.mark.model
def test_corpus_care_leavers_comparison(corpus_kb: KnowledgeBase) -> None:
    """Gateshead's 2018 finding that pathway plans were of poor quality and Middlesbrough's
    that they varied in quality, both areas for improvement, cited; strengths for both."""
    result = compare(corpus_kb, ["Gateshead", "Middlesbrough"], theme=CL)
    gateshead, middlesbrough = result.columns
    poor = [
        f
        for f in gateshead.areas_for_improvement
        if "pathway plan" in f.text.lower() and "poor" in f.text.lower()
    ]
    assert any(f.when and f.when.startswith("2018") for f in poor), poor
    varied = [
        f for f in middlesbrough.areas_for_improvement if "varied in quality" in f.text.lower()
    ]
    assert varied and "pathway plan" in varied[0].text.lower()
    for finding in (*poor, *varied):
        assert finding.link(SITE).startswith(f"/passages/{finding.citation.passage_id}?mark=")
        assert finding.citation.title and finding.citation.document_id
        passage = corpus_kb.hits([finding.citation.passage_id])[finding.citation.passage_id]
        assert " ".join(passage.text[finding.start : finding.end].split()).endswith(
            finding.text[-20:]
        )
    assert gateshead.strengths and middlesbrough.strengths
    assert gateshead.strengths[0].source_kind == "ofsted"
    # Newest first: no finding is older than the one after it.
    whens = [f.when or "" for f in gateshead.areas_for_improvement]
    assert whens == sorted(whens, reverse=True)


@pytest.mark.model
def test_corpus_topic_comparison_and_empty_columns(corpus_kb: KnowledgeBase) -> None:
    result = compare(corpus_kb, ["Gateshead", "Middlesbrough", "Kent"], q="contingency planning")
    gateshead, middlesbrough, kent = result.columns
    assert kent.status == STATUS_NO_DOCUMENTS
    assert any("contingency" in f.text.lower() for f in gateshead.areas_for_improvement)
    assert any(
        "contingency planning was mostly absent" in f.text.lower()
        for f in middlesbrough.areas_for_improvement
    )
    dated = compare(corpus_kb, ["Gateshead"], theme=CL, since="2024-01-01")
    # The 2024 report bears no date of its own; its inspection dates place it in the period.
    assert dated.columns[0].findings
    assert all((f.when or "") >= "2024-01-01" for f in dated.columns[0].findings)
