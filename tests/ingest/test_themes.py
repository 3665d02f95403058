"""Theme tagging: keyword cues, their combination with embedding similarity, and the real model.

Most tests use stand-in embedders, no mocks of the code under test: a hashed bag of words for
end-to-end cue behaviour, and "one axis per theme" vectors where a test must set exactly how
near a passage is to each theme.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pytest

from ingest.themes import ThemeTagger, find_cues, sentence_themes, topic_heading
from kb.vocab.themes import THEMES

IDS = [theme.id for theme in THEMES]


def bag_of_words(texts: list[str], dimension: int = 64) -> np.ndarray:
    """Hashed bag of words, L2-normalised: deterministic and fast."""
    out = np.zeros((len(texts), dimension), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in re.findall(r"[a-z0-9]+", text.lower()):
            out[row, int(hashlib.md5(word.encode()).hexdigest()[:8], 16) % dimension] += 1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1.0, norms)


class CountingEmbedder:
    def __init__(self) -> None:
        self.calls: list[int] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls.append(len(texts))
        return bag_of_words(texts)


def theme_axes(texts: list[str]) -> np.ndarray:
    """Each theme description on its own axis, so passage vectors can be placed exactly."""
    assert len(texts) == len(THEMES)
    return np.eye(len(THEMES), dtype=np.float32)


def near(**weights: float) -> np.ndarray:
    """A passage vector with the given similarity profile over the theme axes."""
    vector = np.full(len(THEMES), 0.05, dtype=np.float32)
    for theme_id, weight in weights.items():
        vector[IDS.index(theme_id)] = weight
    return vector / np.linalg.norm(vector)


# --- cues ------------------------------------------------------------------------------------


def test_cues_match_plurals_hyphens_and_line_breaks() -> None:
    hits = find_cues("Re-referrals rose. Children were stepped\ndown to early help.")
    assert "re-referral" in hits["front_door"].strong
    assert {"stepped down", "early help"} <= hits["early_help"].strong


def test_cues_need_whole_words() -> None:
    assert "neglect_exploitation_missing" not in find_cues("Neglectful? No: unexploited land.")
    assert "front_door" not in find_cues("The smashed window was repaired.")


def test_shorthand_counts_only_in_capitals() -> None:
    assert "send_and_disability" in find_cues("The SEND team supports children.")
    assert "send_and_disability" not in find_cues("We send letters to parents.")
    assert (
        "pa"
        in find_cues("Care leavers see their PAs weekly.")["care_leavers_pathway_planning"].strong
    )
    assert "education_employment_training" in find_cues("too many care leavers in NEET")


def test_a_longer_cue_claims_its_words() -> None:
    hits = find_cues("Children in private fostering arrangements are visited.")
    assert "child_protection" in hits
    assert "placements_and_sufficiency" not in hits


def test_general_words_are_weak_cues() -> None:
    hits = find_cues("Health and education partners attended the meeting.")
    assert hits["health_and_wellbeing"].weak == {"health"}
    assert not hits["health_and_wellbeing"].strong


def test_sentence_themes_use_specific_cues_only() -> None:
    assert sentence_themes("Return home interviews were timely.") == [
        "neglect_exploitation_missing"
    ]
    assert sentence_themes("Pathway plans varied in quality.") == ["care_leavers_pathway_planning"]
    assert sentence_themes("Health and education partners attended.") == []
    assert sentence_themes("Staff caseloads and supervision are manageable.") == [
        "management_oversight",
        "workforce",
    ]


def test_judgement_headings_name_no_topic() -> None:
    assert topic_heading("The experiences and progress of care leavers: good") == ""
    assert topic_heading("Early Help Children > Areas needing focus") == (
        "Early Help Children > Areas needing focus"
    )
    assert topic_heading(None) == ""


# --- tagging with controlled similarity -----------------------------------------------------


def test_theme_descriptions_are_embedded_once_and_tagging_embeds_nothing() -> None:
    embed = CountingEmbedder()
    tagger = ThemeTagger(embed)
    texts = ["Pathway plans are written with care leavers.", "Strategy meetings are timely."]
    tagger.tag(texts, bag_of_words(texts), ["", ""])
    tagger.tag(texts, bag_of_words(texts))
    assert embed.calls == [len(THEMES)]


def test_no_passages_no_tags() -> None:
    assert ThemeTagger(theme_axes).tag([], np.zeros((0, len(THEMES)))) == []


def test_pathway_plan_passage_is_not_front_door() -> None:
    tagger = ThemeTagger(theme_axes)
    text = (
        "Personal advisers write pathway plans with care leavers. Plans have a contingency "
        "and are reviewed when circumstances change, following a referral to housing."
    )
    vector = near(care_leavers_pathway_planning=0.7, care_leavers_accommodation=0.5, front_door=0.3)
    [tags] = tagger.tag([text], vector[None, :])
    assert "care_leavers_pathway_planning" in tags
    assert "front_door" not in tags


def test_one_cue_needs_the_theme_among_the_passage_topics() -> None:
    tagger = ThemeTagger(theme_axes)
    text = "Leaders visit teams. Most children's homes are good and placements are stable."
    central = near(placements_and_sufficiency=0.6, leadership_and_governance=0.5)
    aside = near(
        permanence=0.8, child_protection=0.75, front_door=0.7, workforce=0.65, early_help=0.6
    )
    assert "placements_and_sufficiency" in tagger.tag([text], central[None, :])[0]
    assert "placements_and_sufficiency" not in tagger.tag([text], aside[None, :])[0]


def test_a_topic_heading_carries_its_theme_to_passages_near_it() -> None:
    tagger = ThemeTagger(theme_axes)
    text = "- High caseloads limit practitioners' capacity for intensive work"
    vector = near(workforce=0.6, early_help=0.55)
    [tags] = tagger.tag([text], vector[None, :], ["Early Help Children > Areas needing focus"])
    assert {"early_help", "workforce"} <= set(tags)


def test_a_judgement_heading_carries_no_theme() -> None:
    tagger = ThemeTagger(theme_axes)
    text = "Frontline managers' oversight is not yet consistent."
    vector = near(management_oversight=0.7, care_leavers_pathway_planning=0.6)
    heading = "The experiences and progress of children in care and care leavers: good"
    [tags] = tagger.tag([text], vector[None, :], [heading])
    assert tags == ["management_oversight"]


def test_without_cues_only_a_clear_match_is_tagged() -> None:
    tagger = ThemeTagger(theme_axes)
    text = "Young people are helped to find their way."
    clear = near(permanence=1.0)
    split = near(permanence=0.7, placements_and_sufficiency=0.7)
    assert tagger.tag([text], clear[None, :]) == [["permanence"]]
    assert tagger.tag([text], split[None, :]) == [[]]


def test_bag_of_words_tagging_end_to_end() -> None:
    tagger = ThemeTagger(bag_of_words)
    texts = [
        "Return home interviews after children had been missing were undertaken in a timely "
        "way, and the exploitation panel tracked risks.",
        "Most pathway plans written by personal advisers could be better.",
    ]
    tags = tagger.tag(texts, bag_of_words(texts), ["", "Areas for improvement"])
    assert "neglect_exploitation_missing" in tags[0]
    assert "care_leavers_pathway_planning" in tags[1]
    assert "front_door" not in tags[1]


# --- the real model --------------------------------------------------------------------------


@pytest.mark.model
def test_real_model_tags_realistic_sentences(real_embedder) -> None:
    tagger = ThemeTagger(real_embedder.encode)
    cases = [
        (
            "Return home interviews after children had been missing were undertaken in a "
            "timely way.",
            "neglect_exploitation_missing",
        ),
        ("Most pathway plans written by personal advisers could be better.", None),
        (
            "Contacts and referrals into the MASH are screened promptly and thresholds are "
            "applied consistently.",
            "front_door",
        ),
        (
            "Social workers' caseloads are high and agency staff cover many vacancies.",
            "workforce",
        ),
        (
            "Care leavers live in suitable accommodation, including staying put with their "
            "former foster carers.",
            "care_leavers_accommodation",
        ),
        ("Too many care leavers are not in education, employment or training.", None),
    ]
    texts = [text for text, _ in cases]
    tags = tagger.tag(texts, real_embedder.encode(texts))
    for (text, expected), got in zip(cases, tags, strict=True):
        if expected:
            assert expected in got, (text, got)
    assert "care_leavers_pathway_planning" in tags[1]
    assert "front_door" not in tags[1]
    assert "education_employment_training" in tags[5]
