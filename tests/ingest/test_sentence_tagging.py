"""Judgement headings in Ofsted layouts 2013-2026; sentence themes, kinds, stance by meaning."""

from pathlib import Path

import numpy as np
import pytest

from ingest.chunk import Chunker
from ingest.sentence_themes import tag_sentences
from ingest.stance import stance_sentences
from ingest.stance_meaning import StanceByMeaning
from ingest.structure import lay_out
from ingest.theme_meaning import ThemeByMeaning
from ingest.types import Page
from kb.search.judgements import is_bare_grade, is_judgement_heading
from kb.search.records import Passage, Sentence
from kb.vocab.file import VocabError
from kb.vocab.themes import THEMES, load_theme_examples


def _headings(text: str) -> list[str]:
    laid = lay_out([Page(1, text)])
    return [b.text for b in laid.blocks if b.kind == "heading"]


def test_judgement_headings_on_one_line_and_run_into_a_two_column_title() -> None:
    assert is_judgement_heading("The experiences and progress of children in care: good")
    assert is_judgement_heading("Leadership, management and governance Inadequate")
    assert is_judgement_heading(
        "The experiences and progress of children who need help Requires improvement and protection"
    )
    assert not is_judgement_heading("The experiences and progress of children in care are good.")
    assert not is_judgement_heading("The impact of leaders on practice is good and leaders have")
    assert is_bare_grade("Requires improvement to be good")
    assert not is_bare_grade("Good practice")


def test_a_title_and_its_grade_on_the_next_line_are_one_heading() -> None:
    text = (
        "The experiences and progress of children looked after and achieving permanence\n\n"
        "Inadequate\nSummary\n\nThere are serious concerns for children looked after."
    )
    assert _headings(text)[0] == (
        "The experiences and progress of children looked after and achieving permanence: Inadequate"
    )


def test_a_judgement_heading_broken_after_its_colon_starts_a_new_section() -> None:
    text = (
        "Care leavers\n\nPathway plans are reviewed.\n\n"
        "The impact of leaders on social work practice with children and families:\ngood\n\n"
        "Leaders know their services well."
    )
    laid = lay_out([Page(1, text)])
    spans = Chunker(200, fits=lambda _: True, count=lambda t: len(t.split())).spans(laid)
    last = spans[-1]
    assert laid.text[last.start : last.end] == "Leaders know their services well."
    assert last.heading.endswith("children and families: good")


def test_markers_and_question_headings() -> None:
    text = (
        "What needs to improve?\n\n- The timeliness of assessments.\n\n(Recommendation)\n\n"
        "Plans are detailed."
    )
    assert _headings(text) == ["What needs to improve?"]
    laid = lay_out([Page(1, text)])
    assert "assessments. (Recommendation)" in laid.text


def test_sentences_take_their_own_themes_or_the_one_they_refer_back_to() -> None:
    text = (
        "Few care leavers are in education, employment or training. This is poor. "
        "The service was restructured in May 2018."
    )
    sentences = stance_sentences(text, None)
    near = np.zeros((3, len(THEMES)), dtype=np.float32)
    column = {theme.id: i for i, theme in enumerate(THEMES)}
    near[0, column["education_employment_training"]] = 0.6  # nearer than the care-leavers cue
    near[0, column["care_leavers_pathway_planning"]] = 0.3
    passage = ["education_employment_training", "care_leavers_pathway_planning"]
    tag_sentences(text, sentences, passage, near)
    assert [s.themes for s in sentences] == [
        ["education_employment_training"],
        ["education_employment_training"],  # "This is poor." leans back
        [],  # no theme of its own: not the passage's
    ]
    assert [s.kind for s in sentences] == ["sentence", "reference", "sentence"]
    assert not sentences[1].standalone and sentences[0].standalone
    tag_sentences(text, sentences, passage)  # without vectors both cued themes stay
    assert sentences[0].themes == passage[::-1]


def test_a_stored_sentence_row_round_trips_and_old_rows_still_read() -> None:
    sentence = Sentence(0, 9, "strength", ["front_door"], "reference")
    assert Sentence.from_row(sentence.to_row()) == sentence
    old = Sentence.from_row([0, 9, "neutral"])
    assert old.themes is None and old.standalone


def _toy_embed(texts: list[str]) -> np.ndarray:
    """Three directions: praise, criticism, anything else."""
    return np.array(
        [
            [1.0, 0, 0] if "praise" in t else [0, 1.0, 0] if "fault" in t else [0, 0, 1.0]
            for t in texts
        ]
    )


def test_stance_by_meaning_decides_only_cue_less_sentences_and_only_when_clear() -> None:
    examples = {
        "strength": ["praise one", "praise two"],
        "area_for_improvement": ["fault one"],
        "neutral": ["a date"],
    }
    model = StanceByMeaning(_toy_embed, examples)
    assert model.stances(np.array([[1.0, 0, 0], [0.5, 0.5, 0]])) == ["strength", None]
    text = "Early help is provided to children who require it. Plans are not always updated."
    passage = Passage(
        id="p", document_id="d", ordinal=0, text=text, heading="", page=1, start=0, end=len(text)
    )
    passage.sentences = stance_sentences(text, None)
    assert [s.stance for s in passage.sentences] == ["neutral", "area_for_improvement"]
    # the second sentence's vector points at praise, but its words already decided it
    model.settle(passage, np.array([[1.0, 0, 0], [1.0, 0, 0]]))
    assert [s.stance for s in passage.sentences] == ["strength", "area_for_improvement"]
    assert passage.stance == "strength"  # the opening finding weighs most


def _theme_embed(texts: list[str]) -> np.ndarray:
    """One direction per theme: a text points at the theme whose id it names, else nowhere."""
    ids = [theme.id for theme in THEMES]
    out = np.full((len(texts), len(ids)), 0.01, dtype=np.float32)
    for row, text in enumerate(texts):
        for column, theme in enumerate(ids):
            if theme in text:
                out[row, column] = 1.0
    return out


def test_themes_by_meaning_read_a_cue_less_sentence_by_its_nearest_examples() -> None:
    examples = {theme.id: [f"{theme.id} one", f"{theme.id} two"] for theme in THEMES}
    model = ThemeByMeaning(_theme_embed, examples)
    column = {theme.id: i for i, theme in enumerate(THEMES)}
    vectors = _theme_embed(["child_protection", "nothing"])
    near = model.similarities(vectors)
    assert near.shape == (2, len(THEMES))
    assert int(np.argmax(near[0])) == column["child_protection"]
    text = "Contingency arrangements are very basic. The office moved in May."
    sentences = stance_sentences(text, None)
    passage = ["child_protection", "workforce"]
    tag_sentences(text, sentences, passage, None, near)
    assert [s.themes for s in sentences] == [["child_protection"], []]
    # the nearest theme must be the passage's: a sentence is not moved into another topic
    tag_sentences(text, sentences, ["workforce"], None, near)
    assert [s.themes for s in sentences] == [[], []]


def test_theme_examples_name_every_theme_and_only_themes(tmp_path: Path) -> None:
    examples = load_theme_examples()
    assert set(examples) == {theme.id for theme in THEMES}
    assert all(len(items) >= 5 for items in examples.values())
    bad = tmp_path / "theme_examples.toml"
    bad.write_text("front_doors = ['A contact.']\n")
    with pytest.raises(VocabError, match="front_doors"):
        load_theme_examples(bad)
    bad.write_text("front_door = 'A contact.'\n")
    with pytest.raises(VocabError, match="'front_door' must be"):
        load_theme_examples(bad)
