from kb.search.query import keyword_phrases, parse_query


def test_council_named_in_question_is_recognised_and_taken_out_of_the_topic() -> None:
    parsed = parse_query("What did Ofsted say about contingency planning in Stockton-on-Tees?")
    assert parsed.councils == ("Stockton-on-Tees",)
    assert "Stockton" not in parsed.topic
    assert "contingency planning" in parsed.topic


def test_year_is_recognised() -> None:
    assert parse_query("monitoring visits in 2022").years == (2022,)


def test_shorthand_expands_both_ways() -> None:
    assert "personal adviser" in parse_query("What do PAs do?").expansions["PA"]
    assert "PA" in parse_query("support from a personal adviser").expansions["personal adviser"]
    assert "MASH" in parse_query("how well does the front door work").expansions["front door"]


def test_lower_case_words_do_not_fire_abbreviations() -> None:
    assert "PA" not in parse_query("they send a pa system").expansions
    assert "SEND" not in parse_query("they send letters").expansions


def test_fts_syntax_in_user_text_is_quoted_away() -> None:
    phrases = keyword_phrases(parse_query('care* AND "leavers" NEAR(x y) OR -title: ^foo'))
    assert phrases
    for term in phrases:
        assert term.startswith('"') and term.endswith('"')
        assert "*" not in term and "(" not in term and ":" not in term


def test_question_of_stopwords_only_has_no_keyword_query() -> None:
    assert keyword_phrases(parse_query("what did they say?")) == []


def test_month_and_visit_type_named_in_the_question_are_recognised() -> None:
    parsed = parse_query("What happens next after the November 2022 monitoring visit?")
    assert parsed.months == ("2022-11",)
    assert parsed.visit_types == ("monitoring visit",)
    assert parse_query("the focussed visit in Sept 2019").months == ("2019-09",)
    assert parse_query("what did they say").months == ()
