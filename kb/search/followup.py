"""Follow-up questions keep the topic of the question before them.

In a conversation an officer asks "what did Ofsted say about contingency planning?" and then
"and in Gateshead?". The second question names a council but no topic of its own, so it means
the first question asked of Gateshead. `resolve_followup` rewrites such a question into a full
one; any question that brings its own topic is returned unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.vocab.councils import council_mentions
from kb.vocab.cues import lower_in_place, phrase_cues
from kb.vocab.file import VOCAB_DIR, read_vocab

MAX_FOLLOWUP_WORDS = 12  # a longer question is a new question, whatever it names

_WORDS = read_vocab(VOCAB_DIR / "query.toml")["followup"]
CONNECTIVES = frozenset(_WORDS["connectives"])
RESTATING = frozenset(_WORDS["restating"])

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_PREPOSITION = r"(?:\b(?:in|at|for|of|from|during|by)\s+)?"


@dataclass
class Qualifiers:
    """What a short question names: the councils, years and theme phrases, in its own words."""

    councils: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    rest: list[str] = field(default_factory=list)  # every other word, lower case

    def any(self) -> bool:
        return bool(self.councils or self.years or self.themes)


def resolve_followup(question: str, previous: str | None) -> str:
    """The question to search for: a follow-up that only names a council, year or theme
    becomes the previous question with that qualifier; anything else is left as asked."""
    question = " ".join(question.split())
    previous = " ".join((previous or "").split())
    if not previous or not question or question.casefold() == previous.casefold():
        return question
    found = qualifiers(question)
    if not is_followup(found, question):
        return question
    topic = _strip_end(previous)
    if found.councils:
        topic = _without_councils(topic)
    if found.years:
        topic = _without_years(topic)
    return f"{topic} {_qualifier_text(found)}?"


def is_followup(found: Qualifiers, question: str) -> bool:
    if not found.any() or len(_WORD.findall(question)) > MAX_FOLLOWUP_WORDS:
        return False
    allowed = CONNECTIVES if found.themes else CONNECTIVES | RESTATING
    return all(word in allowed for word in found.rest)


def qualifiers(question: str) -> Qualifiers:
    """Take the councils, years and theme phrases out of a question; keep what is left."""
    found = Qualifiers()
    text = question
    for mention in reversed(council_mentions(text)):
        found.councils.insert(0, mention.council)
        text = text[: mention.start] + " " + text[mention.end :]
    text = re.sub(r"(?:'s|’s)\b", " ", text)
    found.years = _YEAR.findall(text)
    text = _YEAR.sub(" ", text)
    text, found.themes = _take_theme_phrases(text)
    found.rest = [w.strip("'’-").lower() for w in _WORD.findall(text)]
    found.rest = [w for w in found.rest if w]
    return found


def _take_theme_phrases(text: str) -> tuple[str, list[str]]:
    """Theme labels and cues in the question, longest first so "care leavers" beats "care"."""
    phrases: list[str] = []
    for cue in phrase_cues():
        span = next(cue.spans(text, lower_in_place(text)), None)
        if span:
            phrases.append(text[span[0] : span[1]])
            text = text[: span[0]] + " " + text[span[1] :]
    return text, phrases


def _qualifier_text(found: Qualifiers) -> str:
    parts: list[str] = []
    if found.themes:
        parts.append("for " + _join(found.themes))
    if found.councils:
        parts.append("in " + _join(list(dict.fromkeys(found.councils))))
    if found.years:
        parts.append("in " + _join(found.years))
    return " ".join(parts)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _strip_end(text: str) -> str:
    return text.rstrip(" ?.!").strip()


def _without_councils(text: str) -> str:
    """The previous question with its councils (and the word that introduced them) taken out,
    so "and in Gateshead?" replaces Middlesbrough rather than adding to it."""
    for mention in reversed(council_mentions(text)):
        before = re.search(rf"{_PREPOSITION}(?:and\s+)?$", text[: mention.start], re.IGNORECASE)
        start = before.start() if before and before.group(0).strip() else mention.start
        end = mention.end
        possessive = re.match(r"(?:'s|’s)\b", text[end:])
        if possessive:
            end += possessive.end()
        text = text[:start] + " " + text[end:]
    return _tidy(text)


def _without_years(text: str) -> str:
    return _tidy(re.sub(rf"{_PREPOSITION}{_YEAR.pattern}", " ", text, flags=re.IGNORECASE))


def _tidy(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"\s+([,?.!])", r"\1", text)
    return re.sub(r"\b(?:and|or|in|at|for)$", "", text, flags=re.IGNORECASE).strip(" ,")
