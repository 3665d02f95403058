"""Council list, alias lookup and finding councils in free text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb.vocab.councils import (
    COUNCILS,
    RETIRED_COUNCILS,
    canonical_council,
    council_for_domain,
    council_mentions,
    count_councils,
    find_councils,
)

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def test_list_covers_every_children_services_authority() -> None:
    current = [c for c in COUNCILS if c not in RETIRED_COUNCILS]
    assert 150 <= len(current) <= 156
    for name in (
        "Middlesbrough",
        "Gateshead",
        "Stockton-on-Tees",
        "Brighton and Hove",
        "City of London",
        "Dorset",
        "Bournemouth, Christchurch and Poole",
        "North Northamptonshire",
        "West Northamptonshire",
        "Cumberland",
        "Westmorland and Furness",
        "North Yorkshire",
        "Somerset",
        "Isles of Scilly",
        "Kingston upon Hull",
        "Durham",
    ):
        assert name in COUNCILS
    for retired in ("Northamptonshire", "Cumbria", "Poole", "Bournemouth"):
        assert retired in COUNCILS and retired in RETIRED_COUNCILS
    assert len(set(COUNCILS)) == len(COUNCILS)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Stockton", "Stockton-on-Tees"),
        ("stockton on tees", "Stockton-on-Tees"),
        ("Hull", "Kingston upon Hull"),
        ("Kingston Upon Hull City Council", "Kingston upon Hull"),
        ("City of Bristol", "Bristol"),
        ("Bristol City of", "Bristol"),
        ("County of Herefordshire", "Herefordshire"),
        ("St. Helens", "St Helens"),
        ("St Helens Council", "St Helens"),
        ("Telford & Wrekin", "Telford and Wrekin"),
        ("Brighton & Hove City Council", "Brighton and Hove"),
        ("London Corporation", "City of London"),
        ("City of London", "City of London"),
        ("County Durham", "Durham"),
        ("Durham County Council", "Durham"),
        ("Metropolitan Borough of Barnsley", "Barnsley"),
        ("London Borough of Redbridge", "Redbridge"),
        ("Royal Borough of Greenwich", "Greenwich"),
        ("Wakefield District Metropolitan Council", "Wakefield"),
        ("Dudley MBC", "Dudley"),
        ("City of York Council", "York"),
        ("Council of the Isles of Scilly", "Isles of Scilly"),
        ("Bournemouth Christchurch and Poole", "Bournemouth, Christchurch and Poole"),
        ("  MIDDLESBROUGH COUNCIL ", "Middlesbrough"),
    ],
)
def test_canonical_council_aliases(name: str, expected: str) -> None:
    assert canonical_council(name) == expected


@pytest.mark.parametrize("name", ["", "London", "Ofsted", "Manchester Piccadilly", "Kingston"])
def test_canonical_council_refuses_non_councils(name: str) -> None:
    assert canonical_council(name) is None


def test_every_council_in_the_shared_ofsted_folders_is_known() -> None:
    folders = [SHARED / "ofsted-reports", SHARED / "ofsted-letters"]
    if not all(f.exists() for f in folders):
        pytest.skip("../shared is not here")
    names = {re.sub(r"^\d+_", "", p.name) for f in folders for p in f.iterdir() if p.is_dir()}
    unknown = sorted(n for n in names if canonical_council(n) is None)
    assert unknown == []


def test_find_councils_longest_match_first() -> None:
    text = "Services in County Durham and North East Lincolnshire, not Lincolnshire itself."
    assert find_councils(text) == ["Durham", "North East Lincolnshire", "Lincolnshire"]
    assert find_councils("Bournemouth, Christchurch and Poole Council") == [
        "Bournemouth, Christchurch and Poole"
    ]
    assert find_councils("Stockton-on-Tees and Stockton") == ["Stockton-on-Tees"]
    assert find_councils("Brighton & Hove and Telford & Wrekin") == [
        "Brighton and Hove",
        "Telford and Wrekin",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "What a Hullabaloo about the Kentish weald.",
        "We will bury the hatchet.",
        "Reading the report, members asked questions.",
        "The family moved to Bury St Edmunds last year.",
        "She studied at Newcastle-under-Lyme college.",
        "A visit to New York.",
        "The ship's hull was damaged.",
        "Children played a local derby.",
        "Greater Manchester Police attended.",
        "She studied at Leeds Beckett University and the University of Sheffield.",
        "Newcastle United won at Stoke Mandeville.",
        "A hackney carriage licence.",
    ],
)
def test_find_councils_avoids_common_words_and_other_places(text: str) -> None:
    assert find_councils(text) == []


def test_find_councils_accepts_capitalised_ambiguous_names_mid_sentence() -> None:
    assert find_councils("Care leavers in Bury and Reading were visited.") == ["Bury", "Reading"]
    assert find_councils("Letters went to HULL CITY COUNCIL and St. Helens.") == [
        "Kingston upon Hull",
        "St Helens",
    ]


def test_mentions_give_offsets_and_counts() -> None:
    text = "Gateshead's children's services; Gateshead Council; Sunderland."
    mentions = council_mentions(text)
    assert [m.council for m in mentions] == ["Gateshead", "Gateshead", "Sunderland"]
    assert text[mentions[0].start : mentions[0].end] == "Gateshead"
    assert count_councils(text)["Gateshead"] == 2


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ("middlesbrough.gov.uk", "Middlesbrough"),
        ("www.gateshead.gov.uk", "Gateshead"),
        ("brighton-hove.gov.uk", "Brighton and Hove"),
        ("hull.gov.uk", "Kingston upon Hull"),
        ("example.com", None),
    ],
)
def test_council_for_domain(domain: str, expected: str | None) -> None:
    assert council_for_domain(domain) == expected
