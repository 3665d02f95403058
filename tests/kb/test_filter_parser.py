"""The one filter parser and council resolver (kb/search/filter_parser.py): what HTTP, pages,
compare and the CLI all use, so a wrong filter is the same clear error everywhere."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import main
from kb.search.filter_parser import FilterError, parse_filters
from kb.search.knowledge import KnowledgeBase
from kb.vocab.councils import resolve_council
from tests.utils.writes import for_test_client


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("Stockton", "Stockton-on-Tees"),
        ("Newcastle", "Newcastle upon Tyne"),
        ("Redcar", "Redcar and Cleveland"),
        ("Durham", "Durham"),
        ("Hull", "Kingston upon Hull"),
        ("Brighton", "Brighton and Hove"),
        ("middlesborough", "Middlesbrough"),  # a common misspelling, by fuzzy matching
        ("gateshead council", "Gateshead"),
        ("Sunderland City Council", "Sunderland"),
    ],
)
def test_short_forms_and_misspellings_resolve(typed: str, canonical: str) -> None:
    assert resolve_council(typed) == canonical
    assert parse_filters(council=[typed]).councils == (canonical,)


@pytest.mark.parametrize(
    ("kwargs", "param", "words"),
    [
        ({"council": ["Narnia"]}, "council", ["'Narnia' is not a council", "did you mean"]),
        ({"doc_type": ["memo"]}, "doc_type", ["'memo'", "ofsted_letter", "minutes"]),
        ({"visit_type": ["site visit"]}, "visit_type", ["'site visit'", "monitoring visit"]),
        ({"theme": ["weather"]}, "theme", ["'weather'", "workforce"]),
        ({"stance": "happy"}, "stance", ["'happy'", "area_for_improvement"]),
        ({"since": "2020-01-01", "until": "2019-01-01"}, "since", ["after until"]),
        ({"year": 2019, "since": "2019-02-01"}, "year", ["not both"]),
        ({"since": "garbage"}, "since", ["YYYY-MM-DD", "'garbage'"]),
    ],
)
def test_a_wrong_filter_names_the_value_and_what_is_allowed(
    kwargs: dict, param: str, words: list[str]
) -> None:
    with pytest.raises(FilterError) as caught:
        parse_filters(**kwargs)
    assert caught.value.param == param
    for word in words:
        assert word in str(caught.value), (word, str(caught.value))


def test_allowed_values_in_any_case_or_spacing() -> None:
    filters = parse_filters(doc_type=["Ofsted-Letter"], visit_type=["jtai"], stance="Strength")
    assert filters.doc_types == ("ofsted_letter",)
    assert filters.visit_types == ("JTAI",) and filters.stance == "strength"


@pytest.fixture
def client(fake_kb: KnowledgeBase) -> TestClient:
    return TestClient(create_app(for_test_client(fake_kb.settings), fake_kb))


def test_http_pages_and_compare_answer_422_for_a_wrong_filter(client: TestClient) -> None:
    for url in (
        "/api/search?q=care&council=Narnia",
        "/api/search?q=care&doc_type=memo",
        "/api/search?q=care&theme=weather",
        "/api/search?q=care&since=2020-01-01&until=2019-01-01",
        "/api/search?q=care&year=2019&since=2019-02-01",
        "/api/documents?visit_type=site+visit",
        "/api/compare?councils=Narnia&theme=workforce",
        "/search.json?q=care&stance=happy",
    ):
        response = client.get(url)
        assert response.status_code == 422, url
        assert isinstance(response.json()["detail"], str), url
    page = client.get("/search?q=care&council=Narnia")
    assert page.status_code == 422 and "is not a council we know" in page.text


def test_a_short_form_filters_by_the_canonical_name(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "care", "council": "Stockton"}).json()
    assert data["filters"]["councils"] == ["Stockton-on-Tees"]
    page = client.get("/search", params={"q": "care leavers", "council": "Stockton"})
    assert page.status_code == 200
    assert "Stockton-on-Tees has no documents in the knowledge base yet." in page.text


def test_the_cli_refuses_a_wrong_filter_or_k(fake_kb: KnowledgeBase, capsys) -> None:
    assert main(["search", "care", "--since", "garbage"], fake_kb.settings) == 2
    assert "--since" in capsys.readouterr().err
    assert main(["search", "care", "--council", "Narnia"], fake_kb.settings) == 2
    assert "did you mean" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["search", "care", "--k", "-5"], fake_kb.settings)
    assert exited.value.code == 2
    assert "between 1 and 50" in capsys.readouterr().err
