"""The comparison routes: JSON, exports with their headers, and the HTML pages, on a small
knowledge base with the fake embedder."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import main
from kb.search.knowledge import KnowledgeBase
from tests.utils.factories import AFI, CL, STR
from tests.utils.factories import write_findings as add_doc
from tests.utils.writes import for_test_client


@pytest.fixture
def client(fake_kb: KnowledgeBase) -> Iterator[TestClient]:
    add_doc(
        fake_kb,
        "/g/letter.pdf",
        [
            (
                "Findings",
                [CL],
                [
                    ("Pathway plans were of poor quality.", AFI),
                    ("Personal advisers know care leavers well.", STR),
                ],
            )
        ],
        council="Gateshead",
        title="Ofsted focused visit letter, 9 May 2018",
        visit_type="focused visit",
        visit_start="2018-03-20",
    )
    add_doc(
        fake_kb,
        "/m/report.pdf",
        [("Care leavers", [CL], [("Pathway plans for care leavers varied in quality.", AFI)])],
        council="Middlesbrough",
        doc_type="ofsted_report",
        date="2020-01-24",
        title="Ofsted standard inspection report, 24 January 2020",
        visit_type="standard inspection",
        visit_start="2019-11-04",
        visit_end="2019-11-15",
        grades={"overall_effectiveness": "inadequate"},
    )
    add_doc(
        fake_kb,
        "/m/minutes.txt",
        [("Ofsted", [CL], [("Care leavers said <b>moving on</b> felt rushed.", AFI)])],
        council="Middlesbrough",
        doc_type="minutes",
        date="2020-03-02",
        title="Minutes: scrutiny panel, 2 March 2020",
        visit_type="standard inspection",
        visit_start="2019-11-04",
    )
    with TestClient(create_app(for_test_client(fake_kb.settings), fake_kb)) as test_client:
        yield test_client


def test_compare_json(client: TestClient) -> None:
    body = client.get(
        "/api/compare", params={"councils": "Gateshead,middlesbrough", "theme": CL}
    ).json()
    assert body["councils"] == ["Gateshead", "Middlesbrough"]
    gateshead, middlesbrough = body["columns"]
    assert [f["text"] for f in gateshead["areas_for_improvement"]] == [
        "Pathway plans were of poor quality."
    ]
    assert gateshead["strengths"][0]["url"].startswith("/passages/")
    assert {f["source_kind"] for f in middlesbrough["areas_for_improvement"]} == {
        "ofsted",
        "council report of Ofsted findings",
    }
    repeated = client.get(
        "/api/compare", params=[("councils", "Gateshead"), ("councils", "Kent"), ("q", "plans")]
    ).json()
    assert [c["status"] for c in repeated["columns"]] == ["findings", "no_documents"]


@pytest.mark.parametrize(
    "params",
    [
        {"councils": "Gateshead", "theme": "nope"},
        {"councils": "Gateshead"},
        {"theme": CL},
        {"councils": "Gateshead", "theme": CL, "since": "last year"},
        {"councils": "Gateshead", "theme": CL, "format": "pdf"},
    ],
)
def test_compare_refuses_bad_requests(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/api/compare", params=params)
    assert response.status_code == 422
    assert "detail" in response.json()


def test_exports_are_attachments_with_their_types(client: TestClient) -> None:
    params = {"councils": "Gateshead,Middlesbrough", "theme": CL}
    response = client.get("/api/compare", params={**params, "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == (
        'attachment; filename="compare-gateshead-middlesbrough-care_leavers_pathway_planning.csv"'
    )
    assert response.content.startswith(codecs.BOM_UTF8)  # Excel on Windows needs it
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    # Without KB_PUBLIC_URL links lead to the server's own address (TestClient's is
    # testserver:80), never to the request's Host header.
    assert len(rows) == 4 and rows[0]["link"].startswith("http://testserver:80/passages/")

    markdown = client.get("/api/compare", params={**params, "format": "md"})
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert "> “Pathway plans were of poor quality.”" in markdown.text

    word = client.get("/api/timeline", params={"council": "Middlesbrough", "format": "docx"})
    assert word.headers["content-type"] == FORMAT_DOCX
    assert word.headers["content-disposition"].endswith('timeline-middlesbrough.docx"')
    assert docx.Document(io.BytesIO(word.content)).paragraphs[0].text == (
        "Inspection timeline: Middlesbrough"
    )
    for path, query in (
        ("/api/grid", {}),
        ("/api/judgements", {}),
        ("/api/ask/export", {"q": "pathway plans"}),
    ):
        for fmt in ("csv", "md", "docx"):
            response = client.get(path, params={**query, "format": fmt})
            assert response.status_code == 200, (path, fmt)
            assert response.headers["content-disposition"].startswith("attachment; filename=")


FORMAT_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_grid_timeline_and_judgements_json(client: TestClient) -> None:
    grid = client.get("/api/grid", params={"since": "2019-01-01"}).json()
    assert grid["councils"] == ["Gateshead", "Middlesbrough"]
    row = next(r for r in grid["rows"] if r["theme"] == CL)
    assert [c["areas_for_improvement"] for c in row["cells"]] == [0, 2]
    assert row["cells"][1]["url"] == (
        "/compare?councils=Middlesbrough&theme=care_leavers_pathway_planning&since=2019-01-01"
    )
    line = client.get("/api/timeline", params={"council": "Middlesbrough"}).json()
    (visit,) = line["visits"]
    assert visit["grades"] == {"overall_effectiveness": "inadequate"}
    assert [d["title"] for d in visit["discussed_in"]] == ["Minutes: scrutiny panel, 2 March 2020"]
    table = client.get("/api/judgements", params={"councils": "Middlesbrough"}).json()
    assert [r["grades"] for r in table["rows"]] == [{"overall_effectiveness": "inadequate"}]
    assert client.get("/api/timeline").status_code == 422


def test_compare_page_shows_councils_side_by_side(client: TestClient) -> None:
    page = client.get("/compare", params={"councils": "Gateshead,Middlesbrough", "theme": CL})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert html.count('class="compare-column compare-column--findings"') == 2
    assert "Pathway plans were of poor quality." in html
    assert 'href="/passages/' in html
    assert "Care leavers: pathway planning and support" in html  # the picker's labels
    assert "&lt;b&gt;moving on&lt;/b&gt;" in html  # document text is escaped
    assert "/api/compare?councils=Gateshead%2CMiddlesbrough" in html  # export links
    assert "style=" not in html and "<script>" not in html


def test_compare_page_without_choices_and_with_errors(client: TestClient) -> None:
    empty = client.get("/compare")
    assert empty.status_code == 200 and "What each theme covers" in empty.text
    wrong = client.get("/compare", params={"councils": "Gateshead", "theme": "nope"})
    assert wrong.status_code == 422 and "unknown theme" in wrong.text


def test_grid_timeline_and_judgements_pages(client: TestClient) -> None:
    grid = client.get("/grid").text
    assert "/compare?councils=Middlesbrough&amp;theme=care_leavers_pathway_planning" in grid
    for url in ("/timeline?council=Middlesbrough", "/timeline/Middlesbrough"):
        html = client.get(url).text
        assert "Standard inspection, 4 to 15 November 2019" in html
        assert "Minutes: scrutiny panel, 2 March 2020" in html
        assert "Inadequate" in html
    assert "Gateshead" in client.get("/timeline").text
    judged = client.get("/judgements").text
    assert "Overall effectiveness" in judged and "Inadequate" in judged


def test_cli_compare_prints_json_and_exports(
    client: TestClient, fake_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    base = ["compare", "--councils", "Gateshead,Middlesbrough", "--theme", CL]
    assert main(base, fake_kb.settings) == 0
    text = capsys.readouterr().out
    assert "== Gateshead: 2 findings" in text
    assert "“Pathway plans for care leavers varied in quality.”" in text
    assert main([*base, "--json"], fake_kb.settings) == 0
    body = json.loads(capsys.readouterr().out)
    assert [c["council"] for c in body["columns"]] == ["Gateshead", "Middlesbrough"]
    out = tmp_path / "c.csv"
    assert main([*base, "--export", "csv", "--output", str(out)], fake_kb.settings) == 0
    assert len(list(csv.DictReader(out.open(encoding="utf-8")))) == 4
    assert main(["compare", "--councils", "Gateshead", "--theme", "nope"], fake_kb.settings) == 2


@pytest.mark.parametrize(
    "path",
    [
        "/compare?councils=Gateshead,Middlesbrough&theme=care_leavers_pathway_planning",
        "/grid",
        "/timeline?council=Middlesbrough",
        "/judgements",
    ],
)
def test_every_comparison_page_has_a_json_twin(client: TestClient, path: str) -> None:
    """The README promises it: `.json`, or the same URL with Accept: application/json."""
    api = client.get("/api" + path).json()
    base, _, query = path.partition("?")
    twin = client.get(f"{base}.json?{query}")
    asked = client.get(path, headers={"Accept": "application/json"})
    for response in (twin, asked):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/json")
        assert response.json()["result"] == api
        assert response.json()["exports"]


def test_a_json_twin_reports_a_page_error_as_detail(client: TestClient) -> None:
    response = client.get("/compare.json?councils=Gateshead&theme=x&since=soon")
    assert response.status_code == 422 and "since" in response.json()["detail"]
