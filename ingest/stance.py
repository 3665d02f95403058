"""Stance of sentences and passages: strength, area for improvement, or neutral. No model.

Three sources of evidence, strongest first:
1. the lead-in line of the bullet list a sentence sits in ("Ofsted identified the following
   areas for improvement:", "The positives ... were summarised as follows:-");
2. the section heading ("What needs to improve", "Areas needing focus", "Strengths");
3. the wording: positive cues ("effective", "timely", "well supported") and negative cues
   ("lack", "not always", "too many", "could be better"), with negation ("not effective" is
   negative, "without delay" and "no cases ... unassessed" are positive) and contrast ("X is
   good, but Y is not always timely": the clause after "but" weighs more, a leading
   "Whilst ..." clause weighs less).

A section or list that says what it holds sets the default for every sentence in it, since
writers put neutral-sounding items under such headings ("The voice of the child in assessments
and plans" under "What needs to improve"); wording overrides it only when clearly opposite.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ingest.sentences import is_bullet, split_units
from kb.records import Sentence

STRENGTH = "strength"
AREA_FOR_IMPROVEMENT = "area_for_improvement"
NEUTRAL = "neutral"

# --- headings and lead-ins -------------------------------------------------------------------

_AFI_HEADINGS = re.compile(
    r"\bareas? (?:for|of|needing|requiring|that (?:need|needs|require|requires)|which require|"
    r"to) (?:further |more |some )?(?:improvement|development|focus|attention|consideration|"
    r"priority action|concern|weakness|challenge)"
    r"|\bwhat (?:still )?needs? to (?:improve|be improved|change|be better|be done)"
    r"|\bneeds? (?:to )?improv"
    r"|\bin terms of (?:areas for )?improvement"
    r"|\bpriority actions?\b"
    r"|\bweakness(?:es)?\b"
    r"|\bshortfalls?\b"
    r"|\bdevelopment areas?\b"
    r"|\bareas? to (?:develop|improve|strengthen)\b"
    r"|\bimprovements? (?:needed|required)\b"
    r"|\brequir(?:es|ing|ed) (?:further |more )?improvement"
    r"|\beven better if\b"
    r"|\bwhat(?:'s| is)? not working\b|\bwhat isn't working\b"
    r"|\bwhat (?:we|they) are worried about\b"
    r"|^(?:key )?(?:challenges|concerns|worries)\b"
)
_STRENGTH_HEADINGS = re.compile(
    r"\bstrengths?\b(?![- ]based)"
    r"|\bpositives?\b"
    r"|\bwhat(?:'s| is| are)? (?:working|going) well\b"
    r"|\bwhat (?:we|they) (?:are )?do(?:ing)? well\b"
    r"|\bgood practice\b"
    r"|\bhighlights\b"
    r"|\bachievements?\b"
    r"|\bsuccess(?:es)?\b"
    r"|\bprogress (?:has been |have been )?(?:made|achieved)\b"
    r"|\bwhat has improved\b"
    r"|\bimprovements? (?:made|achieved|seen)\b"
)
# Ofsted judgement headings ("children in care: requires improvement to be good") grade a
# whole section of mixed findings: the grade is not a stance for each passage.
_GRADE_SUFFIX = re.compile(
    r"[:–-]\s*(?:requires improvement(?: to be good)?|good|outstanding|inadequate)\s*$"
    r"|\brequires improvement to be good\b"
    # older reports: "The experience and progress of care leavers requires improvement"
    r"|\brequires improvement\s*$"
    r"|\b(?:is|are) (?:good|outstanding|inadequate)\s*$"
)
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
    text = _normalise(heading).strip()
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
    stance = heading_stance(line)
    if stance is not None:
        return stance
    positive, negative = wording_score(_CONCESSION.sub("", _normalise(line)))
    if positive - negative >= 1:
        return STRENGTH
    if negative - positive >= 1:
        return AREA_FOR_IMPROVEMENT
    return None


# --- wording ---------------------------------------------------------------------------------

_POSITIVE_CUES = (
    r"effective(?:ly)?",
    r"(?:much |significantly |greatly )?improved",
    r"improving",
    r"improvements",
    r"(?:significant|considerable|clear|positive|sustained) improvement",
    r"well(?:-\w+)?",
    r"strong(?:ly|er)?",
    r"strengthened",
    r"strengths?",
    r"good",
    r"timely",
    r"positive(?:ly)?",
    r"robust(?:ly)?",
    r"thorough(?:ly)?",
    r"comprehensive(?:ly)?",
    r"appropriate(?:ly)?",
    r"prompt(?:ly)?",
    r"swift(?:ly)?",
    r"quick(?:ly)?",
    r"skilled",
    r"skilful(?:ly)?",
    r"creative(?:ly)?",
    r"consistent(?:ly)?",
    r"high[- ]quality",
    r"detailed",
    r"purposeful",
    r"meaningful",
    r"trusting",
    r"benefit(?:s|ed|ted|ing)? from",
    r"impressive",
    r"outstanding",
    r"excellent",
    r"exceptional(?:ly)?",
    r"ambitious",
    r"aspirational",
    r"proactive(?:ly)?",
    r"forward[- ]looking",
    r"valued",
    r"praised",
    r"commended",
    r"pleased",
    r"accurate(?:ly)?",
    r"stable",
    r"sensitive(?:ly)?",
    r"innovative",
    r"tenacious",
    r"persistent",
    r"dedicated",
    r"enthusiastic(?:ally)?",
    r"helpful",
    r"knowledgeable",
    r"supportive",
    r"attuned",
    r"rigorous(?:ly)?",
    r"rigour",
    r"sufficient(?:ly)?",
    r"responsive",
    r"celebrated",
    r"applauded",
    r"embedded",
    r"clear(?:ly)?",
    r"safely",
    r"rich(?:ness)?",
    r"progress (?:has|have) been made",
    r"made (?:good |significant |positive )?progress",
    r"positive difference",
    r"successful(?:ly)?",
    r"embrac(?:e|es|ed|ing)",
    r"determin(?:ed|ation)",
    r"manageable",
    r"relentless(?:ly)?",
    r"proud",
    r"warmly",
    r"mature",
    r"careful(?:ly)?",
    r"thoughtful(?:ly)?",
    r"seamless(?:ly)?",
    r"authoritative",
    r"insightful",
    r"proportionate(?:ly)?",
    r"high morale",
    r"high (?:levels?|quality|standards?) of",
    r"routinely",
    r"achievements?",
    r"morale is high",
    r"(?:above|better than) (?:the )?(?:[a-z]+ ){0,3}(?:average|rate|figure)s?",
)
_NEGATIVE_CUES = (
    r"lack(?:s|ed|ing)?",
    r"weak(?:ness|nesses|ened|er)?",
    r"poor(?:ly|er)?",
    r"inconsisten(?:t|tly|cy|cies)",
    r"too (?:many|much|few|long|slow(?:ly)?|late|high|often)",
    r"delay(?:s|ed)?",
    r"drift",
    r"variab(?:le|ility)",
    r"var(?:ied|ies|y) in (?:quality|standard)",
    r"mixed",
    r"patchy",
    r"uneven",
    r"(?:could|should|would|needs? to|needed to) be (?:better|stronger|improved|strengthened|"
    r"more \w+|clearer|developed|embedded|addressed|done)",
    r"need(?:s|ed)? (?:to|more|further|better)",
    r"should (?:ensure|have been|improve|consider|strengthen|be (?:improved|strengthened|better))",
    r"remains? (?:a |an )?(?:challenge|challenging|concern|issue|priority|area)",
    r"challenges? (?:in|with|around|remain)",
    r"(?:significant|considerable|ongoing|workforce|recruitment|capacity|staffing) challenges?",
    r"insufficient(?:ly)?",
    r"absent",
    r"absence of",
    r"not always",
    r"not yet",
    r"not consistently",
    r"not all",
    r"not fully",
    r"not (?:as|sufficiently|routinely|well)",
    r"gaps?",
    r"shortfalls?",
    r"deficits?",
    r"deficienc(?:y|ies)",
    r"limited",
    r"unclear",
    r"unmet",
    r"un(?:assessed|addressed|allocated|planned|suitable|timely|known)",
    r"inappropriate(?:ly)?",
    r"instability",
    r"unstable",
    r"inadequate",
    r"requires? improvement(?: to be good)?",
    r"areas? for (?:further )?(?:improvement|development)",
    r"(?:further )?improvements? (?:is |are )?(?:still )?(?:needed|required)",
    r"concerns? (?:were |was )?(?:raised|expressed)",
    r"expressed (?:some )?concerns?",
    r"concerned (?:that|about)",
    r"critical of",
    r"worr(?:y|ying|ied)",
    r"declin(?:e|ed|ing)",
    r"deteriorat\w*",
    r"slow(?:ly|ed|ing|er|ness)?",
    r"high(?:er)? case ?loads?",
    r"case ?loads? (?:are |were |remain |is )?(?:too )?high",
    r"pressures?",
    r"disrupt(?:ion|ions|ed)",
    r"overly",
    r"disproportionate(?:ly)?",
    r"rushed",
    r"incomplete",
    r"unfinished",
    r"out of date",
    r"overdue",
    r"late",
    r"missed",
    r"difficult(?:y|ies)?",
    r"struggl(?:e|es|ed|ing)",
    r"shortages?",
    r"waiting lists?",
    r"backlogs?",
    r"(?:high|significant) turnover",
    r"reliance on agency",
    r"basic",
    r"descriptive",
    r"superficial",
    r"cursory",
    r"generic",
    r"jargon",
    r"partial(?:ly)?",
    r"sporadic",
    r"infrequent",
    r"legacy of",
    r"disappointing",
    r"(?:below|worse than) (?:the )?(?:[a-z]+ ){0,3}(?:average|rate|figure)s?",
    r"fail(?:s|ed|ing)? to",
    r"unable to",
    r"reactive",
    r"complacen(?:t|cy)",
    r"fragile",
    r"unnecessar(?:y|ily)",
    r"premature(?:ly)?",
    r"excessive(?:ly)?",
    r"over-?complicat\w*",
)
# Phrases whose cue words mean nothing about quality: blanked out before matching.
_NEUTRAL_PHRASES = re.compile(
    r"\bnot in (?:education|employment)[, ]+(?:education|employment)(?: and| or|,)+ training\b"
    r"|\bwhether or not\b|\bnot only\b|\bnot least\b|\bif not\b|\bno longer\b"
    r"|\bnot including\b"
    r"|\bstrengths and difficulties\b|\bstrengths?[- ]based\b"
    r"|\bas well(?: as)?\b|\bwell[- ]?being\b"
    r"|\bwhat good (?:\w+ )?looks like\b"
    r"|\bgood or outstanding\b|\bwhat needs to happen\b|\bthey need(?:ed)? to\b"
    r"|\bclear(?:ly)? (?:that|whether|how)\b"
    r"|\bstrengths and (?:areas|weaknesses)\b"
)
_NEGATORS = frozenset(
    {"not", "no", "never", "nor", "without", "cannot", "none", "neither", "rarely", "seldom"}
)
# Words that turn round only what follows them closely: "less reactive", "to avoid delay".
_NEAR_NEGATORS = re.compile(
    r"^(?:less|fewer|lack(?:s|ing)?|avoid(?:s|ed|ing)?|prevent(?:s|ed|ing)?|reduc(?:e|es|ed|ing)"
    r"|minimi[sz](?:e|es|ed|ing)|mitigat(?:e|es|ed|ing)|address(?:es|ed|ing)?"
    r"|tackl(?:e|es|ed|ing))$"
)
# "not" on its own still marks a shortfall in inspection prose ("Plans did not include ...").
_BARE_NEGATIVES = frozenset({"not", "never", "cannot"})
_RELATIVE_PRONOUNS = frozenset({"who", "whose", "whom"})
_CLAUSE_BREAKS = frozenset(
    {",", ";", ":", "(", ")", "–", "—", "but", "however", "although", "though", "whilst"}
)
_CONTRAST_WORDS = frozenset({"but", "however", "although", "though", "whilst", "while"})
_NEGATION_WINDOW = 8  # tokens "not", "no", "without" reach forward within their clause
_NEAR_NEGATION_WINDOW = 3  # tokens "less", "avoid", "reduce" reach forward
_COORDINATORS = frozenset({"and", "or", "nor", ","})
_MAIN_CLAUSE_WEIGHT = 1.5  # after "but"/"however": the point the writer is making
_CONCESSION_WEIGHT = 0.5  # a leading "Whilst ...," or "When ...," clause sets the scene
_SUBORDINATE_OPENERS = frozenset(
    {"whilst", "while", "although", "though", "despite", "when", "if", "where", "once"}
)
_PURPOSE_WEIGHT = 0.5
_PURPOSE_VERBS = frozenset(
    {
        "ensure",
        "enable",
        "allow",
        "help",
        "support",
        "drive",
        "improve",
        "promote",
        "provide",
        "achieve",
        "secure",
        "develop",
        "maintain",
        "strengthen",
        "meet",
        "inform",
        "make",
    }
)
_TOKEN = re.compile(r"[a-z0-9]+(?:n't|'t)?|[,;:()–—]")


def _cue_regex(cues: Sequence[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(cues) + r")\b")


_POSITIVE = _cue_regex(_POSITIVE_CUES)
_NEGATIVE = _cue_regex(_NEGATIVE_CUES)


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    sign: int  # +1 positive, -1 negative


def _normalise(text: str) -> str:
    text = text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text)


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


@dataclass(frozen=True)
class _Tokens:
    words: list[str]
    starts: list[int]
    ends: list[int]

    def index_at(self, position: int) -> int:
        """Index of the token that holds or follows character `position`."""
        return bisect.bisect_right(self.ends, position)


def _tokens(text: str) -> _Tokens:
    matches = list(_TOKEN.finditer(text))
    return _Tokens(
        [m.group(0) for m in matches], [m.start() for m in matches], [m.end() for m in matches]
    )


def wording_score(sentence: str) -> tuple[float, float]:
    """(positive, negative) weight of the sentence's own wording, negation and contrast applied.

    A negator turns round the first cue in its reach and any cues joined to it by "and", "or"
    or commas ("not timely or effective"), and no more: in "not as effective as it should have
    been" the "not" belongs to "effective" only.
    """
    text = _NEUTRAL_PHRASES.sub(_blank, _normalise(sentence))
    tokens = _tokens(text)
    words = tokens.words
    cues = _find_cues(text)
    weights = _clause_weights(words)
    used: set[int] = set()
    positive = negative = 0.0
    previous_end: int | None = None  # token after the last cue a negator turned round
    for cue in cues:
        first = tokens.index_at(cue.start)
        if previous_end is not None and _only_coordinators(words[previous_end:first]):
            negated = True
        else:
            negator = _negator_before(words, first, used)
            negated = negator is not None
            if negator is not None:
                used.add(negator)
        previous_end = tokens.index_at(cue.end - 1) + 1 if negated else None
        weight = weights[first] if first < len(weights) else 1.0
        if (-cue.sign if negated else cue.sign) > 0:
            positive += weight
        else:
            negative += weight
    for index, word in enumerate(words):
        if index in used or not _is_bare_negative(word) or _inside(tokens, index, cues):
            continue
        if not _describes_a_group(words, index):
            negative += weights[index]
    return positive, negative


def _inside(tokens: _Tokens, index: int, cues: list[_Cue]) -> bool:
    return any(cue.start <= tokens.starts[index] < cue.end for cue in cues)


def _only_coordinators(words: list[str]) -> bool:
    return all(word in _COORDINATORS for word in words)


def _find_cues(text: str) -> list[_Cue]:
    """Cue matches, longest first, so "could be better" is one negative and not "better"."""
    found = [_Cue(m.start(), m.end(), +1) for m in _POSITIVE.finditer(text)]
    found += [_Cue(m.start(), m.end(), -1) for m in _NEGATIVE.finditer(text)]
    found.sort(key=lambda cue: (-(cue.end - cue.start), cue.start))
    kept: list[_Cue] = []
    for cue in found:
        if all(cue.end <= other.start or cue.start >= other.end for other in kept):
            kept.append(cue)
    return sorted(kept, key=lambda cue: cue.start)


def _negator_before(words: list[str], index: int, used: set[int]) -> int | None:
    """Index of an unused negator whose scope reaches token `index`, if any."""
    for back in range(index - 1, max(-1, index - 1 - _NEGATION_WINDOW), -1):
        word = words[back]
        if word in _CLAUSE_BREAKS or _contrasting_yet(words, back):
            return None
        if back in used:
            continue
        if word in _NEGATORS or word.endswith("n't"):
            return back
        if index - back <= _NEAR_NEGATION_WINDOW and _NEAR_NEGATORS.match(word):
            return back
    return None


def _contrasting_yet(words: list[str], index: int) -> bool:
    """ "..., yet" and "and yet" contrast; "not yet" does not."""
    return words[index] == "yet" and index > 0 and words[index - 1] in {",", "and"}


def _is_bare_negative(word: str) -> bool:
    return word in _BARE_NEGATIVES or word.endswith("n't")


def _describes_a_group(words: list[str], index: int) -> bool:
    """ "those who had not received an offer", "children who do not meet the threshold": a
    "not" in a relative clause says who is meant, not that something falls short."""
    return any(word in _RELATIVE_PRONOUNS for word in words[max(0, index - 3) : index])


def _clause_weights(words: list[str]) -> list[float]:
    """Weight of each token: a leading concession or condition ("Whilst ...,", "When ...,")
    less, the clause after a contrast more, and a purpose clause ("to ensure timely support")
    less, since it names a goal, not a finding."""
    weights = [1.0] * len(words)
    index = 0
    if words and words[0] in _SUBORDINATE_OPENERS:
        while index < len(words) and words[index] != ",":
            weights[index] = _CONCESSION_WEIGHT
            index += 1
    weight = 1.0
    in_purpose = False
    for position in range(index, len(words)):
        word = words[position]
        if position > 0 and (word in _CONTRAST_WORDS or _contrasting_yet(words, position)):
            weight, in_purpose = _MAIN_CLAUSE_WEIGHT, False
        elif word in _CLAUSE_BREAKS:
            in_purpose = False
        elif _opens_purpose(words, position):
            in_purpose = True
        weights[position] = weight * (_PURPOSE_WEIGHT if in_purpose else 1.0)
    return weights


def _opens_purpose(words: list[str], position: int) -> bool:
    word = words[position]
    if word == "to":
        return position + 1 < len(words) and words[position + 1] in _PURPOSE_VERBS
    return word == "that" and position > 0 and words[position - 1] == "so"


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
            sentences.append(Sentence(unit.start, unit.end, NEUTRAL))
            continue
        if unit.kind == "lead_in":
            lead_in = _nested_lead_in(piece, lead_in)
            stance = lead_in_stance(lead_in) or heading_stance(current_heading) or NEUTRAL
            sentences.append(Sentence(unit.start, unit.end, stance))
            continue
        if unit.kind != "bullet":
            lead_in = None
        stance = sentence_stance(piece, current_heading, lead_in)
        sentences.append(Sentence(unit.start, unit.end, stance))
    return sentences


def _nested_lead_in(line: str, outer: str | None) -> str:
    """A lead-in that is itself a bullet ("· Family time ensured:-") inherits its list's stance
    when it states none of its own."""
    if outer is not None and is_bullet(line) and lead_in_stance(line) is None:
        return outer
    return line


def stance_of_text(text: str, heading: str | None, context: str | None = None) -> str:
    """Passage stance straight from text: stance_sentences then passage_stance."""
    return passage_stance(stance_sentences(text, heading, context))
