"""The glossary data and its matching: by words (forms, abbreviations) and by meaning."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kb.search.embedder import FakeEmbedder
from kb.search.query import keyword_phrases, parse_query
from kb.vocab.glossary import GlossaryError, GlossaryIndex, Term, load_glossary, named_terms


def test_the_glossary_holds_several_hundred_defined_terms() -> None:
    terms = load_glossary()
    assert len(terms) >= 380
    assert all(t.means and t.name for t in terms)
    assert len({t.name for t in terms}) == len(terms)


def test_the_old_shorthand_is_in_the_glossary() -> None:
    forms = {f for t in load_glossary() for f in t.forms}
    for shorthand in ("MASH", "PA", "NEET", "SEND", "EHCP", "IRO", "PLO", "CIN", "CLA", "SGO"):
        assert shorthand in forms


def test_a_form_named_calls_up_the_terms_other_forms() -> None:
    parsed = parse_query("Did the council have a plan B for these children?")
    assert "contingency planning" in parsed.expansions["plan B"]
    assert '"contingency planning"' in keyword_phrases(parsed)


def test_abbreviations_fire_only_as_written_and_single_common_words_never() -> None:
    terms = load_glossary()
    assert not named_terms("they send a pa system", terms)
    said = {t.name for t, _ in named_terms("support from SEND teams and PAs", terms)}
    assert {"special educational needs and disabilities", "personal adviser"} <= said
    # "practice" is only searched once its term is called up; alone it says too little
    assert "quality of practice" not in {t.name for t, _ in named_terms("good practice", terms)}


def test_the_longest_form_wins() -> None:
    said = {t.name for t, _ in named_terms("the children in care council met", load_glossary())}
    assert "children in care council" in said and "children looked after" not in said


def test_a_broken_glossary_is_named_with_the_reason(tmp_path: Path) -> None:
    bad = tmp_path / "glossary.toml"
    bad.write_text('[[term]]\nname = "x"\n', encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"glossary.toml: term 1 \('x'\)"):
        load_glossary(bad)
    bad.write_text('[[term]]\nname = "x"\nmeans = "y"\nalso = "z"\n', encoding="utf-8")
    with pytest.raises(GlossaryError, match="also must be a list"):
        load_glossary(bad)


def test_a_repeated_name_or_a_lower_case_abbreviation_is_refused(tmp_path: Path) -> None:
    twice = tmp_path / "twice.toml"
    entry = '[[term]]\nname = "{}"\nmeans = "a"\n'
    twice.write_text(entry.format("Staying put") + entry.format("staying put"), encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"twice.toml: term 2 \('staying put'\) is already"):
        load_glossary(twice)
    lower = tmp_path / "lower.toml"
    lower.write_text('[[term]]\nname = "x"\nmeans = "y"\nabbr = ["send"]\n', encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"abbr \['send'\] must be in capitals"):
        load_glossary(lower)


def test_meaning_finds_the_term_whose_definition_is_closest() -> None:
    embedder = FakeEmbedder(256)
    terms = [
        Term("staying put", "a young person stays on with their foster carers after 18"),
        Term("call-in", "councillors ask for a cabinet decision to be looked at again"),
    ]
    index = GlossaryIndex(terms, embedder.encode)
    question = embedder.encode(["can I stay on with my foster carers when I am 18?"])[0]
    nearest = index.nearest(question, floor=0.2, n=2)
    assert nearest[0][0].name == "staying put"
    assert all(term.name != "call-in" for term, _ in nearest)
    assert index.nearest(np.zeros(256, dtype=np.float32), floor=0.2, n=2) == []
