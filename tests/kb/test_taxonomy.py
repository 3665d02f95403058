"""The themes (kb/vocab/themes.toml) the app shows and ingestion tags with, and the closed
sets of kb/vocab/kinds.py: ids, order, labels, cue conventions and malformed files."""

from __future__ import annotations

import dataclasses
import re

import pytest

from kb.vocab.kinds import STANCE_LABELS, STANCES
from kb.vocab.themes import ACRONYMS, THEME_BY_ID, THEMES, Theme

EXPECTED_IDS = (
    "front_door",
    "early_help",
    "child_protection",
    "neglect_exploitation_missing",
    "placements_and_sufficiency",
    "permanence",
    "care_leavers_pathway_planning",
    "care_leavers_accommodation",
    "education_employment_training",
    "health_and_wellbeing",
    "financial_support",
    "voice_and_participation",
    "identity_and_diversity",
    "send_and_disability",
    "management_oversight",
    "workforce",
    "leadership_and_governance",
)


def test_themes_have_exactly_the_agreed_ids_in_order() -> None:
    assert tuple(theme.id for theme in THEMES) == EXPECTED_IDS


def test_theme_by_id_finds_every_theme() -> None:
    assert list(THEME_BY_ID) == list(EXPECTED_IDS)
    assert all(THEME_BY_ID[theme.id] is theme for theme in THEMES)


@pytest.mark.parametrize("theme", THEMES, ids=lambda theme: theme.id)
def test_each_theme_is_labelled_and_described_in_one_paragraph(theme: Theme) -> None:
    assert theme.label and theme.label[0].isupper()
    assert "\n" not in theme.description
    assert len(theme.description.split()) >= 25
    assert theme.description.endswith(".")


@pytest.mark.parametrize("theme", THEMES, ids=lambda theme: theme.id)
def test_cues_are_lower_case_distinct_and_either_strong_or_weak(theme: Theme) -> None:
    every = theme.cues + theme.weak_cues
    assert theme.cues, "a theme needs specific cues"
    assert all(cue == cue.lower().strip() and cue for cue in every)
    assert len(set(theme.cues)) == len(theme.cues)
    assert len(set(theme.weak_cues)) == len(theme.weak_cues)
    assert not set(theme.cues) & set(theme.weak_cues)


def test_acronyms_are_cues_of_some_theme() -> None:
    cues = {cue for theme in THEMES for cue in theme.cues + theme.weak_cues}
    assert cues >= ACRONYMS
    assert all(re.fullmatch(r"[a-z0-9+]+", acronym) for acronym in ACRONYMS)


def test_social_care_shorthand_is_covered() -> None:
    cues = {cue for theme in THEMES for cue in theme.cues}
    for shorthand in ("mash", "neet", "pa", "iro", "sgo", "send", "ehcp", "camhs", "plo"):
        assert shorthand in cues


def test_stances_and_their_labels() -> None:
    assert STANCES == ("strength", "area_for_improvement", "neutral")
    assert list(STANCE_LABELS) == list(STANCES)
    assert STANCE_LABELS["area_for_improvement"] == "Area for improvement"


def test_themes_are_immutable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        THEMES[0].label = "changed"  # type: ignore[misc]


def test_a_malformed_themes_file_is_an_error_naming_it(tmp_path) -> None:
    from kb.vocab.file import VocabError
    from kb.vocab.themes import load_themes

    broken = tmp_path / "themes.toml"
    broken.write_text('[[themes]]\nid = "x"\nlabel = "X"\ncues = ["x"]\n')  # no description
    with pytest.raises(VocabError, match=r"themes\.toml: a theme lacks 'description'"):
        load_themes(broken)
    broken.write_text('[[themes]]\nid = "x"\nlabel = "X"\ndescription = "d"\ncues = []\n' * 2)
    with pytest.raises(VocabError, match="appears twice"):
        load_themes(broken)


def test_closed_sets_are_the_stored_strings() -> None:
    from kb.vocab.kinds import DOC_TYPE_LABELS, DocType, Stance, VisitType

    assert STANCES == ("strength", "area_for_improvement", "neutral")
    assert Stance("area_for_improvement").label == "Area for improvement"
    assert set(DOC_TYPE_LABELS) == set(DocType) and DocType.REPORT.label == "Council report"
    assert VisitType("focused visit") is VisitType.FOCUSED
    assert f"{Stance.NEUTRAL}" == "neutral"  # what SQLite and JSON receive


def test_closed_set_members_print_as_their_strings() -> None:
    from collections import Counter

    from kb.vocab.kinds import Stance, VisitType

    assert repr(Counter([Stance.NEUTRAL])) == "Counter({'neutral': 1})"
    assert repr([VisitType.FOCUSED]) == "['focused visit']"
