"""Stance of sentences and passages, and the sentence splitter it stands on."""

from __future__ import annotations

import pytest

from ingest.build import lead_in
from ingest.sentences import split_sentences, split_units
from ingest.stance import (
    AREA_FOR_IMPROVEMENT,
    NEUTRAL,
    STRENGTH,
    heading_stance,
    lead_in_stance,
    passage_stance,
    sentence_stance,
    stance_sentences,
    wording_stance,
)
from ingest.structure import lay_out
from ingest.types import Page
from kb.search.records import Sentence

A, S, N = AREA_FOR_IMPROVEMENT, STRENGTH, NEUTRAL


# --- sentences -------------------------------------------------------------------------------


def pieces(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def test_sentences_split_at_full_stops_but_not_inside_abbreviations_or_numbers() -> None:
    text = (
        "Support includes practical help, e.g. budgeting, i.e. money skills. Mr. Smith and "
        "C. Sowerby attended. The rate was 96.2% under s.17 and No. 5 rose. Next steps follow."
    )
    assert pieces(text) == [
        "Support includes practical help, e.g. budgeting, i.e. money skills.",
        "Mr. Smith and C. Sowerby attended.",
        "The rate was 96.2% under s.17 and No. 5 rose.",
        "Next steps follow.",
    ]


def test_each_bullet_is_its_own_unit_even_without_a_full_stop() -> None:
    text = "Support included:-\n- Access to financial support\n- Allowance\n·\xa0 Bank account"
    assert pieces(text) == [
        "Support included:-",
        "- Access to financial support",
        "- Allowance",
        "·\xa0 Bank account",
    ]


def test_wrapped_pdf_lines_join_and_numbered_paragraphs_stay_whole() -> None:
    text = (
        "12. Ofsted identified areas for improvement in the quality of\nplans. Managers know "
        "this.\nMain findings\nChildren are seen."
    )
    assert pieces(text) == [
        "12. Ofsted identified areas for improvement in the quality of\nplans.",
        "Managers know this.",
        "Main findings",
        "Children are seen.",
    ]


def test_spans_cover_every_character_once() -> None:
    text = "Headline findings\n\n· One.  Two e.g. three.\n\n- Four\nFive:\n- Six"
    spans = split_sentences(text)
    covered = [False] * len(text)
    for start, end in spans:
        assert start < end
        for position in range(start, end):
            assert not covered[position]
            covered[position] = True
    assert all(covered[i] or text[i].isspace() for i in range(len(text)))
    assert spans == sorted(spans)


def test_units_say_what_kind_of_line_they_are() -> None:
    text = "Areas for improvement\n\nThe issues included:-\n- Plans\nThey met."
    assert [unit.kind for unit in split_units(text)] == ["heading", "lead_in", "bullet", "sentence"]


# --- headings and lead-ins -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Areas for Improvement", A),
        ("What needs to improve", A),
        ("What needs to improve in this area of social work practice?", A),
        ("Areas needing focus", A),
        ("Areas requiring improvement", A),
        ("In terms of improvement:", A),
        ("Positives", S),
        ("Strengths", S),
        ("What is working well", S),
        ("Areas of strength", S),
        ("Main findings", None),
        ("Strengths-based practice", None),
        ("The experiences and progress of children in care: requires improvement to be good", None),
        ("Findings/Evaluation of Progress – Early Help Children > Areas needing focus", A),
        (None, None),
    ],
)
def test_heading_stance(heading: str | None, expected: str | None) -> None:
    assert heading_stance(heading) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("The issues identified included:-", None),
        ("In terms of main findings:", None),
        ("Ofsted identified the following areas for improvement:", A),
        ("In terms of improvement:", A),
        ("The positives that came from the Monitoring Visit were summarised as follows:-", S),
        (
            "Whilst there were many positives identified during the monitoring visit, some "
            "areas requiring further consideration were identified as follows:-",
            A,
        ),
        ("The action plan has been implemented and progress has been made in relation to:", S),
    ],
)
def test_lead_in_stance(line: str, expected: str | None) -> None:
    assert lead_in_stance(line) == expected


# --- wording ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Management oversight is effective.", S),
        ("Management oversight is not effective.", A),
        ("No cases were seen where risk was unassessed.", S),
        ("Children who need an immediate response are seen without delay.", S),
        ("Senior leaders are not complacent.", S),
        ("Assessments are thorough but not always timely.", A),
        ("Transition planning had not been as effective as it should have been.", A),
        ("Risk was not always recognised in a timely way.", A),
        ("A framework for permanency planning – less reactive and more forward-looking.", S),
        ("Partner attendance at strategy meetings has improved since the last visit.", S),
        ("Workforce instability remains a challenge.", A),
        ("Most pathway plans written by personal advisers could be better.", A),
        ("Too many care leavers are NEET.", A),
        ("Pathway plans varied in quality.", A),
        ("There is a lack of suitable foster placements.", A),
        ("The rate was 96.2% and above the England rate of 95.5%.", S),
        ("In 2021/22, 5.6% were NEET (not in education, employment or training).", N),
        ("The Panel met on 26 July 2022 in the Mandela Room.", N),
        ("Quality assurance does not yet assure managers that good decisions are made.", A),
        ("The team contacts young people who had not received an offer.", N),
        ("Plans did not include contingency arrangements.", A),
        ("Although caseloads are high, workers know children well.", S),
        ("You may reuse this information (not including logos) free of charge.", N),
    ],
)
def test_wording_stance(sentence: str, expected: str) -> None:
    assert wording_stance(sentence) == expected
    assert sentence_stance(sentence, None) == expected


def test_a_purpose_clause_is_a_goal_not_a_finding() -> None:
    item = (
        "The timeliness of decisions at the front door to ensure timely and proportionate support."
    )
    assert sentence_stance(item, "What needs to improve in this area of social work practice?") == A


# --- sentences in their section --------------------------------------------------------------


def test_ofsted_improve_bullets_are_areas_for_improvement_even_when_neutral() -> None:
    heading = "What needs to improve in this area of social work practice?"
    assert sentence_stance("The voice of the child in assessments and plans.", heading) == A
    assert sentence_stance("The quality and timeliness of supervision.", heading) == A


def test_an_improvement_section_keeps_mitigations_as_areas_for_improvement() -> None:
    sentence = "Plans were in place to ensure the right level of support was in place."
    assert sentence_stance(sentence, "Areas for Improvement") == A


def test_a_strengths_section_still_shows_a_clear_weakness() -> None:
    assert sentence_stance("Children in care were visited regularly.", "Positives") == S
    assert sentence_stance("25% of audits are inadequate.", "Positives") == A


def test_the_lead_in_outranks_the_heading() -> None:
    lead_in = "Ofsted identified the following areas for improvement:"
    assert sentence_stance("- Auditing practice.", "Summary of the visit", lead_in) == A
    neutral_lead_in = "The issues identified included:-"
    item = "· Return home interviews were undertaken in a timely way."
    assert sentence_stance(item, "Areas for improvement", neutral_lead_in) == A
    assert sentence_stance(item, "Main findings", neutral_lead_in) == S


# --- passages --------------------------------------------------------------------------------


def test_passage_stance_rule() -> None:
    assert passage_stance([]) == N
    assert passage_stance([N, N]) == N
    assert passage_stance([S, A]) == S  # the opening finding (3) outweighs one caveat (1.5)
    assert passage_stance([A, S, S, S]) == A  # 4.5 against 3
    assert passage_stance([S, A, A]) == A  # a tie (3 against 3) goes to improvement
    assert passage_stance([N, A, S]) == A
    assert passage_stance([Sentence(0, 5, S), Sentence(6, 9, N)]) == S


def test_stance_sentences_follow_headings_and_lead_ins_inside_the_text() -> None:
    text = (
        "Ofsted identified the following areas for improvement:\n"
        "- The voice of the child in plans.\n"
        "- Supervision.\n"
        "Main findings\n"
        "Children are seen promptly. Plans are not always updated."
    )
    sentences = stance_sentences(text, None)
    got = [(text[s.start : s.end], s.stance) for s in sentences]
    assert got == [
        ("Ofsted identified the following areas for improvement:", N),  # says what follows
        ("- The voice of the child in plans.", A),
        ("- Supervision.", A),
        ("Main findings", N),
        ("Children are seen promptly.", S),
        ("Plans are not always updated.", A),
    ]
    assert passage_stance(sentences) == A


def test_a_passage_continuing_a_list_takes_the_lead_in_as_context() -> None:
    text = "- The quality of supervision.\n- Timeliness of pathway plans."
    stances = [s.stance for s in stance_sentences(text, None, "Areas for improvement:")]
    assert stances == [A, A]
    assert [s.stance for s in stance_sentences(text, None)] == [N, N]


def test_a_nested_lead_in_keeps_its_list_stance() -> None:
    text = (
        "The positives were summarised as follows:-\n"
        "· Family time ensured:-\n"
        "- Children benefitted from family time.\n"
        "- Sibling assessments were completed."
    )
    # the lead-ins say what follows; the items take their stance from them
    assert [s.stance for s in stance_sentences(text, None)] == [N, N, S, S]


def test_a_judgement_heading_grades_the_section_not_each_sentence() -> None:
    heading = "The experience and progress of care leavers requires improvement"
    assert heading_stance(heading) is None
    assert (
        sentence_stance(
            "Arrangements for keeping in touch with care leavers are effective.", heading
        )
        == "strength"
    )
    assert heading_stance("Areas requiring improvement") == "area_for_improvement"


def test_recommendations_and_imperatives_are_areas_for_improvement() -> None:
    assert sentence_stance("Improve the quality of all children's plans.", None) == A
    assert sentence_stance("Ensure that pathway plans are reviewed regularly.", None) == A
    assert sentence_stance("Leaders should ensure that supervision is effective.", None) == A
    items = "Improve the educational achievement of children in care by:\n- working with schools."
    assert [s.stance for s in stance_sentences(items, None)] == [A, A]
    # a noun that looks like a verb does not make an imperative
    assert sentence_stance("Support for care leavers is good.", None) == S


def test_context_and_past_judgements_are_neutral() -> None:
    assert sentence_stance("The local authority was judged to be inadequate.", None) == N
    assert (
        sentence_stance(
            "It is Ofsted's expectation that all children receive good help, care and protection.",
            None,
        )
        == N
    )
    assert sentence_stance("Inspectors looked at the quality of assessments.", None) == N
    # the finding after a past judgement still counts
    since = (
        "Since the last inspection in 2019, when services were judged outstanding, "
        "practice has declined."
    )
    assert sentence_stance(since, None) == A


def test_a_trailing_concession_does_not_decide() -> None:
    text = "Children are visited regularly, although records are not always up to date."
    assert sentence_stance(text, None) == S
    assert sentence_stance("Plans are improving but are not yet good enough.", None) == A


def test_a_judgement_heading_takes_its_grade() -> None:
    text = "The experiences and progress of children in care: good\n\nChildren are seen."
    assert stance_sentences(text, None)[0].stance == S
    heading = "The experiences and progress of care leavers: requires improvement to be good"
    assert stance_sentences(heading, None)[0].stance == A


@pytest.mark.parametrize(
    "sentence",
    [
        "Ofsted found two areas for improvement in practice, which leaders already know about.",
        "The council identified the following priorities for the year ahead.",
        "The issues raised by partners were as follows:",
        "At the last inspection, services for care leavers were judged to be good.",
        "At that time, inspectors described the service as strong and well led.",
        "At the time of this visit, around 300 children were in care.",
        "His Majesty's Chief Inspector has published a report on the effective use of data.",
        "Contains public sector information licensed under the Open Government Licence v3.0.",
    ],
)
def test_overviews_history_and_furniture_are_neutral(sentence: str) -> None:
    assert sentence_stance(sentence, None) == N


def test_a_counted_list_of_practice_is_still_a_finding() -> None:
    text = "Inspectors highlighted two areas where the council has developed very strong practice."
    assert sentence_stance(text, None) == S
    late = "At the time of the inspection, the local authority had not published its offer."
    assert sentence_stance(late, None) == A


def test_negation_reaches_past_an_aside_and_a_criticism_can_be_rare() -> None:
    aside = "Not all parents, who are offered early help, are sufficiently clear about the plan."
    assert sentence_stance(aside, None) == A
    assert sentence_stance("The use of bed and breakfast accommodation is rare.", None) == S
    assert sentence_stance("Delays in allocating cases have reduced.", None) == S
    concession = "While supervision needs to improve, leaders have already taken action."
    assert sentence_stance(concession, None) == S


def test_a_reference_without_cues_takes_the_stance_it_leans_on() -> None:
    text = "Several weaknesses remain in planning. These include the timeliness of reviews."
    assert [s.stance for s in stance_sentences(text, None)] == [A, A]
    text = "Inspectors looked at planning. These include the timeliness of reviews."
    assert [s.stance for s in stance_sentences(text, None)] == [N, N]


def test_a_cross_reference_after_a_sentence_is_a_neutral_unit_of_its_own() -> None:
    text = "- The oversight of private fostering arrangements. (outcome 2, national framework)"
    units = stance_sentences(text, "What needs to improve?")
    assert [text[s.start : s.end] for s in units][1] == "(outcome 2, national framework)"
    assert [s.stance for s in units] == [A, N]


def test_praise_inside_what_a_criticism_says_is_missing_is_no_praise() -> None:
    assert sentence_stance("There is a shortage of suitable homes for teenagers.", None) == A
    gaps = "Gaps remain in the provision of sufficient foster homes for sibling groups."
    assert sentence_stance(gaps, None) == A
    assert sentence_stance("Children benefit from a range of good services.", None) == S
    early = "The new offer is beginning to show impact, and fewer staff are leaving."
    assert sentence_stance(early, None) == S


def test_a_list_continued_after_a_title_line_keeps_the_title_as_its_context() -> None:
    text = (
        "Main findings\n\nPractice is good in most teams and children are seen.\n\n"
        "What needs to improve in this area of social work practice?\n\n"
        "- The timeliness of plans.\n\n- The response to neglect."
    )
    laid = lay_out([Page(1, text)])
    second = laid.text.index("- The response")
    context = lead_in(laid, second)
    assert context == "What needs to improve in this area of social work practice?"
    assert [s.stance for s in stance_sentences("- The response to neglect.", None, context)] == [A]
    # a finished sentence before a list is no title of it
    assert lead_in(laid, laid.text.index("What needs")) is None


def test_a_negated_quantifier_reaches_the_whole_clause() -> None:
    # "regularly" stands ten words after "not": turned round all the same
    subject = "Not all children looked after by the council in the county are visited regularly."
    assert sentence_stance(subject, None) == A
    turned = (
        "Services have improved, but not all care leavers in the borough are receiving a "
        "consistently good service."
    )
    assert sentence_stance(turned, None) == A
