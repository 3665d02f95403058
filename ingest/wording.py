"""Stance evidence in a sentence's own words: cues, negation scope and clause weight. No model.

Positive cues ("effective", "timely", "well supported") and negative cues ("lack", "not
always", "too many", "could be better") come from kb/vocab/stance.toml. Negation turns a cue
round within its clause ("not effective" is negative, "without delay" positive); clauses
weigh differently: after "but"/"however" more (the point the writer makes), in a leading
"Whilst ...," or a trailing "..., although ..." / "despite ..." concession less, in a purpose
clause ("to ensure timely support") less, since it names a goal, not a finding.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from kb.vocab.stance import stance_vocab

_VOCAB = stance_vocab()
_RELATIVE_PRONOUNS = frozenset({"who", "whose", "whom"})
_CLAUSE_BREAKS = frozenset(
    {",", ";", ":", "(", ")", "–", "—", *_VOCAB.contrast_words, *_VOCAB.concessive_words}
)
_NEGATION_WINDOW = 8  # tokens "not", "no", "without" reach forward within their clause
_QUANTIFIERS = frozenset({"all", "every", "each", "everyone"})
_NEAR_NEGATION_WINDOW = 3  # tokens "less", "avoid", "reduce" reach forward
_COORDINATORS = frozenset({"and", "or", "nor", ","})
_MAIN_CLAUSE_WEIGHT = 1.5  # after "but"/"however": the point the writer is making
_CONCESSION_WEIGHT = 0.5  # a "Whilst ...," or "..., although ..." clause sets the scene
_PURPOSE_WEIGHT = 0.5
_TOKEN = re.compile(r"[a-z0-9]+(?:n't|'t)?|[,;:()–—]")


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    sign: int  # +1 positive, -1 negative


def normalise(text: str) -> str:
    """Lower case, straight quotes, single spaces: the form every stance pattern reads."""
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
    text = _VOCAB.neutral_phrases.sub(_blank, normalise(sentence))
    tokens = _tokens(text)
    words = tokens.words
    cues = _find_cues(text)
    weights = _clause_weights(words)
    used: set[int] = set()
    positive = negative = 0.0
    previous_end: int | None = None  # token after the last cue a negator turned round
    deficit: int | None = None  # token of the last criticism
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
        sign = -cue.sign if negated else cue.sign
        if sign < 0 and _turned_round_after(text, tokens, cue):
            sign = +1
        if sign > 0 and _what_is_missing(words, first, deficit):
            continue  # "gaps in the provision of sufficient placements": no praise
        if sign < 0:
            deficit = first
        if sign > 0:
            positive += weight
        else:
            negative += weight
    for index, word in enumerate(words):
        if index in used or not _is_bare_negative(word) or _inside(tokens, index, cues):
            continue
        if not _describes_a_group(words, index):
            negative += weights[index]
    return positive, negative


def _what_is_missing(words: list[str], index: int, deficit: int | None) -> bool:
    """A praise word opening the of-phrase of a criticism earlier in its clause: "a shortage
    of suitable homes", "gaps in the provision of sufficient placements"."""
    before = words[max(0, index - 2) : index]
    if deficit is None or "of" not in before:
        return False
    return not any(word in _CLAUSE_BREAKS for word in words[deficit:index])


_POST_NEGATION_WINDOW = 6  # tokens between a criticism and the "is rare" that turns it round


def _turned_round_after(text: str, tokens: _Tokens, cue: _Cue) -> bool:
    """A criticism its clause says is rare or falling: "the use of unregistered homes is
    rare", "delays have reduced"."""
    after = tokens.index_at(cue.end)
    for index in range(after, min(len(tokens.words), after + _POST_NEGATION_WINDOW)):
        if tokens.words[index] in _CLAUSE_BREAKS:
            return False
        if _VOCAB.post_negators.match(text, tokens.starts[index]):
            return True
    return False


def _inside(tokens: _Tokens, index: int, cues: list[_Cue]) -> bool:
    return any(cue.start <= tokens.starts[index] < cue.end for cue in cues)


def _only_coordinators(words: list[str]) -> bool:
    return all(word in _COORDINATORS for word in words)


def _find_cues(text: str) -> list[_Cue]:
    """Cue matches, longest first, so "could be better" is one negative and not "better"."""
    found = [_Cue(m.start(), m.end(), +1) for m in _VOCAB.positive.finditer(text)]
    found += [_Cue(m.start(), m.end(), -1) for m in _VOCAB.negative.finditer(text)]
    found.sort(key=lambda cue: (-(cue.end - cue.start), cue.start))
    kept: list[_Cue] = []
    for cue in found:
        if all(cue.end <= other.start or cue.start >= other.end for other in kept):
            kept.append(cue)
    return sorted(kept, key=lambda cue: cue.start)


def _negator_before(words: list[str], index: int, used: set[int]) -> int | None:
    """Index of an unused negator whose scope reaches token `index`, if any."""
    back, reach = index - 1, _NEGATION_WINDOW
    while back >= 0:
        word = words[back]
        opening = _relative_clause_before(words, back)
        if opening is not None:  # "not all care leavers, who ..., are clear": skip the aside
            back = opening - 1
            continue
        if word in _CLAUSE_BREAKS or _contrasting_yet(words, back):
            return None
        negator = back not in used and (word in _VOCAB.negators or word.endswith("n't"))
        # "Not all children in the borough are seen regularly": a negated quantifier reaches
        # the whole of its clause, however long its subject.
        if negator and (reach > 0 or _negated_quantifier(words, back)):
            return back
        near = index - back <= _NEAR_NEGATION_WINDOW
        if back not in used and near and _VOCAB.near_negators.match(word):
            return back
        back, reach = back - 1, reach - 1
    return None


def _negated_quantifier(words: list[str], index: int) -> bool:
    return words[index] == "not" and index + 1 < len(words) and words[index + 1] in _QUANTIFIERS


def _relative_clause_before(words: list[str], comma: int) -> int | None:
    """Where an aside ", who ... ," that closes at token `comma` opens, or None."""
    if words[comma] != ",":
        return None
    for back in range(comma - 1, 0, -1):
        if words[back] in _CLAUSE_BREAKS:
            is_aside = words[back] == "," and words[back + 1] in _RELATIVE_PRONOUNS | {"which"}
            return back if is_aside else None
    return None


def _contrasting_yet(words: list[str], index: int) -> bool:
    """ "..., yet" and "and yet" contrast; "not yet" does not."""
    return words[index] == "yet" and index > 0 and words[index - 1] in {",", "and"}


def _is_bare_negative(word: str) -> bool:
    return word in _VOCAB.bare_negatives or word.endswith("n't")


def _describes_a_group(words: list[str], index: int) -> bool:
    """ "those who had not received an offer", "children who do not meet the threshold": a
    "not" in a relative clause says who is meant, not that something falls short."""
    return any(word in _RELATIVE_PRONOUNS for word in words[max(0, index - 3) : index])


def _clause_weights(words: list[str]) -> list[float]:
    """Weight of each token: a concession or condition ("Whilst ...,", ", although ...")
    less, the clause after a contrast more, and a purpose clause less."""
    weights = [1.0] * len(words)
    index = 0
    if words and words[0] in _VOCAB.subordinate_openers:
        while index < len(words) and words[index] != ",":
            weights[index] = _CONCESSION_WEIGHT
            index += 1
    weight = 1.0
    in_purpose = False
    for position in range(index, len(words)):
        word = words[position]
        if position > 0 and (word in _VOCAB.contrast_words or _contrasting_yet(words, position)):
            weight, in_purpose = _MAIN_CLAUSE_WEIGHT, False
        elif position > 0 and word in _VOCAB.concessive_words:
            weight, in_purpose = _CONCESSION_WEIGHT, False
        elif word == ";" or (word == "," and weight == _CONCESSION_WEIGHT):
            weight, in_purpose = 1.0, False  # the concession ends with its clause
        elif word in _CLAUSE_BREAKS:
            in_purpose = False
        elif _opens_purpose(words, position):
            in_purpose = True
        weights[position] = weight * (_PURPOSE_WEIGHT if in_purpose else 1.0)
    return weights


def _opens_purpose(words: list[str], position: int) -> bool:
    word = words[position]
    if word == "to":
        after_verb = position > 0 and words[position - 1] in _VOCAB.not_purpose_after
        return (
            not after_verb
            and position + 1 < len(words)
            and words[position + 1] in _VOCAB.purpose_verbs
        )
    return word == "that" and position > 0 and words[position - 1] == "so"


_CONNECTIVE = re.compile(
    r"^\W*(?:however|as a result|in addition|consequently|despite this|at that point|"
    r"similarly|also|furthermore|moreover|overall|in these cases|in (?:some|most|many) cases)"
    r"\s*,?\s*"
)


def leans_back(sentence: str) -> bool:
    """Whether the sentence opens by referring to the one before it: "This is poor.",
    "However, its impact is too variable.", "For these children, ..."."""
    text = normalise(sentence)
    return bool(_VOCAB.reference_openers.match(_CONNECTIVE.sub("", text)))
