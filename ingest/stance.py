"""Stance of sentences and passages: strength, area for improvement, or neutral. No model.

Evidence, strongest first:
1. what the sentence is: a heading or list lead-in says nothing itself (a judgement heading
   takes its grade's stance); context, description and procedure ("Inspectors looked at ...",
   "It is Ofsted's expectation ...", past judgements quoted as history) are neutral; a
   recommendation ("Improve the quality of ...", "Leaders should ensure ...") is an area for
   improvement;
2. the lead-in line of the bullet list a sentence sits in ("Ofsted identified the following
   areas for improvement:");
3. the section heading ("What needs to improve", "Recommendations", "Strengths");
4. the wording (ingest/wording.py): cues, negation and clause weight.

A section or list that says what it holds sets the default for every sentence in it, since
writers put neutral-sounding items under such headings ("The voice of the child in assessments
and plans" under "What needs to improve"); wording overrides it only when clearly opposite.
The vocabulary is data: kb/vocab/stance.toml.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ingest.sentences import is_bullet, split_units
from ingest.wording import leans_back, normalise, wording_score
from kb.search.records import Sentence
from kb.search.standalone import rules
from kb.vocab.kinds import Stance
from kb.vocab.stance import stance_vocab

__all__ = [
    "AREA_FOR_IMPROVEMENT",
    "NEUTRAL",
    "STRENGTH",
    "heading_stance",
    "lead_in_stance",
    "passage_stance",
    "sentence_stance",
    "stance_of_text",
    "stance_sentences",
    "undecided",
    "wording_score",
    "wording_stance",
]

STRENGTH: str = Stance.STRENGTH
AREA_FOR_IMPROVEMENT: str = Stance.AREA_FOR_IMPROVEMENT
NEUTRAL: str = Stance.NEUTRAL
_VOCAB = stance_vocab()

# --- headings and lead-ins -------------------------------------------------------------------

_AFI_HEADINGS = _VOCAB.afi_headings
_STRENGTH_HEADINGS = _VOCAB.strength_headings
# Ofsted judgement headings ("children in care: requires improvement to be good") grade a
# whole section of mixed findings: the grade is not a stance for each passage.
_GRADE_SUFFIX = _VOCAB.grade_suffix
_CONCESSION = re.compile(
    r"^\W*(?:\d+\.\s*)?(?:whilst|while|although|though|even though|despite|notwithstanding)\b"
    r"[^,]*,"
)


@lru_cache(maxsize=4096)
def heading_stance(heading: str | None) -> str | None:
    """Stance a heading sets for its section, or None when it sets none.

    A heading path ("Early help > Areas needing focus") is read from its deepest part up.
    """
    if not heading:
        return None
    for part in reversed(heading.split(" > ")):
        stance = _own_heading_stance(part)
        if stance is not None:
            return stance
    return None


def _own_heading_stance(heading: str) -> str | None:
    text = normalise(heading).strip()
    text = _GRADE_SUFFIX.sub("", _CONCESSION.sub("", text)).strip()
    if not text:
        return None
    if _AFI_HEADINGS.search(text):
        return AREA_FOR_IMPROVEMENT
    if _STRENGTH_HEADINGS.search(text):
        return STRENGTH
    return None


@lru_cache(maxsize=4096)
def lead_in_stance(line: str | None) -> str | None:
    """Stance a list's lead-in line sets for its items, or None.

    The main clause decides: in "Whilst there were many positives ..., some areas requiring
    further consideration were identified as follows:-" the items are areas to improve.
    """
    if not line:
        return None
    if is_recommendation(line):
        return AREA_FOR_IMPROVEMENT
    stance = heading_stance(line)
    if stance is not None:
        return stance
    positive, negative = wording_score(_CONCESSION.sub("", normalise(line)))
    if positive - negative >= 1:
        return STRENGTH
    if negative - positive >= 1:
        return AREA_FOR_IMPROVEMENT
    return None


_LEADING_MARKS = re.compile(r"^[\W\d]*(?:\(?[a-z]\)\s+)?")
_GRADES = (
    (re.compile(r"\b(?:requires? improvement|inadequate)\b"), AREA_FOR_IMPROVEMENT),
    (re.compile(r"\b(?:good|outstanding)\b"), STRENGTH),
)


def is_recommendation(sentence: str) -> bool:
    """A recommendation: an imperative ("Improve the quality of ...", "Ensure that ...") or a
    "should/must/needs to" of what has to be done ("Leaders should ensure ...")."""
    # what a leading concession grants ("While X needs to improve, ...") is no recommendation
    text = _CONCESSION.sub("", normalise(sentence))
    words = _LEADING_MARKS.sub("", text).split(maxsplit=1)
    if words and words[0] in _VOCAB.imperative_verbs:
        return True
    return bool(_VOCAB.recommendation.search(text))


def is_context(sentence: str) -> bool:
    """Context, description or procedure: the scope of a visit, Ofsted's boilerplate, who
    is in post, a line announcing what follows, history. Neutral whatever its words. Letter
    and report furniture (the licence, the sign-off: kb/vocab/quotes.toml) is context too."""
    text = normalise(sentence)
    return bool(_VOCAB.context.search(text)) or any(m in text for m in rules().boilerplate)


def undecided(sentence: str) -> bool:
    """No evidence either way: not context, and not one cue word in it."""
    return not is_context(sentence) and wording_score(sentence) == (0.0, 0.0)


def grade_stance(heading: str) -> str:
    """Stance of a judgement heading or grade row from its grade; neutral without one."""
    text = normalise(heading)
    for pattern, stance in _GRADES:
        if pattern.search(text):
            return stance
    return NEUTRAL


def wording_stance(sentence: str) -> str:
    """Stance from the sentence's wording alone."""
    positive, negative = wording_score(sentence)
    if positive > negative:
        return STRENGTH
    if negative > positive:
        return AREA_FOR_IMPROVEMENT
    return NEUTRAL


# --- sentences and passages ------------------------------------------------------------------

_OVERRIDE_SECTION = 3.0  # net positive wording needed to read an item against an "improve" section


def sentence_stance(sentence: str, heading: str | None, context: str | None = None) -> str:
    """Stance of one sentence or bullet item.

    `heading` is the section heading (or heading path); `context` is the lead-in line of the
    bullet list the sentence belongs to, when it is in one. The list's lead-in, else the
    heading, sets a default; the wording keeps it unless clearly opposite. Criticism is more
    readily read against a "strengths" section than praise against an "improve" one, because
    inspectors list caveats among positives but rarely praise among areas to improve.
    """
    if is_context(sentence):
        return NEUTRAL
    if is_recommendation(sentence):
        return AREA_FOR_IMPROVEMENT
    section = lead_in_stance(context) or heading_stance(heading)
    positive, negative = wording_score(sentence)
    if section == AREA_FOR_IMPROVEMENT:
        clearly_positive = negative == 0 and positive >= _OVERRIDE_SECTION
        return STRENGTH if clearly_positive else AREA_FOR_IMPROVEMENT
    if section == STRENGTH:
        return AREA_FOR_IMPROVEMENT if negative > positive else STRENGTH
    if positive > negative:
        return STRENGTH
    if negative > positive:
        return AREA_FOR_IMPROVEMENT
    return NEUTRAL


_TOPIC_WEIGHT = 3.0  # the first sentence that takes a side states the paragraph's finding
_CRITICISM_WEIGHT = 1.5  # one clear weakness outweighs one strength: it is what scrutiny follows


def passage_stance(stances: Sequence[str | Sentence]) -> str:
    """Stance of a passage from its sentences' stances (or its Sentences), in reading order.

    Rule: each strength sentence counts 1 and each area-for-improvement sentence 1.5
    (criticism is rarer and is what scrutiny follows up); the first sentence that takes a side
    counts 3 times (inspection paragraphs open with their finding and then give detail).
    The heavier side wins, ties going to area for improvement; no side taken gives neutral.
    """
    strength = criticism = 0.0
    topic_seen = False
    for item in stances:
        stance = item.stance if isinstance(item, Sentence) else item
        if stance == NEUTRAL:
            continue
        weight = 1.0 if topic_seen else _TOPIC_WEIGHT
        topic_seen = True
        if stance == STRENGTH:
            strength += weight
        elif stance == AREA_FOR_IMPROVEMENT:
            criticism += weight * _CRITICISM_WEIGHT
    if strength == criticism == 0:
        return NEUTRAL
    return AREA_FOR_IMPROVEMENT if criticism >= strength else STRENGTH


def stance_sentences(text: str, heading: str | None, context: str | None = None) -> list[Sentence]:
    """The sentences and bullet items of a passage, each with its stance.

    `context` is the lead-in line of a list that the passage continues (the lead-in itself
    being in an earlier passage); it applies to the bullet items the passage opens with.
    Headings inside the text replace `heading` for what follows them; a lead-in line inside the
    text sets the context of the bullet items after it until the list ends.
    """
    sentences: list[Sentence] = []
    current_heading = heading
    lead_in = context
    for unit in split_units(text):
        piece = text[unit.start : unit.end]
        if unit.kind == "heading":
            current_heading, lead_in = piece, None
            sentences.append(Sentence(unit.start, unit.end, grade_stance(piece), kind="heading"))
            continue
        if unit.kind == "lead_in":
            # A lead-in says what follows, not what is found, unless it is a recommendation
            # itself ("Improve the educational achievement of children in care by:").
            lead_in = _nested_lead_in(piece, lead_in)
            stance = AREA_FOR_IMPROVEMENT if is_recommendation(piece) else NEUTRAL
            sentences.append(Sentence(unit.start, unit.end, stance, kind="lead_in"))
            continue
        if unit.kind != "bullet":
            lead_in = None
        stance = sentence_stance(piece, current_heading, lead_in)
        kind = _kind(unit.kind, piece)
        if stance == NEUTRAL and kind == "reference" and undecided(piece):
            stance = _leaned_on(sentences)
        sentences.append(Sentence(unit.start, unit.end, stance, kind=kind))
    return sentences


def _leaned_on(before: Sequence[Sentence]) -> str:
    """The stance of the sentence a cue-less reference leans on ("Some areas still require
    improvement. These include ..."): that of the sentence just before, if it is one."""
    if not before or before[-1].kind not in ("sentence", "bullet", "reference"):
        return NEUTRAL
    return before[-1].stance


def _kind(kind: str, piece: str) -> str:
    """ "reference" for a unit that cannot stand alone: it refers back ("They are ...") or
    continues a list's lead-in in lower case ("- working with schools to ...")."""
    body = _LEADING_MARKS.sub("", piece.lstrip())
    if leans_back(piece) or (kind == "bullet" and body[:1].islower()):
        return "reference"
    return kind


def _nested_lead_in(line: str, outer: str | None) -> str:
    """A lead-in that is itself a bullet ("· Family time ensured:-") inherits its list's stance
    when it states none of its own."""
    if outer is not None and is_bullet(line) and lead_in_stance(line) is None:
        return outer
    return line


def stance_of_text(text: str, heading: str | None, context: str | None = None) -> str:
    """Passage stance straight from text: stance_sentences then passage_stance."""
    return passage_stance(stance_sentences(text, heading, context))
