"""Understanding a question: councils and years it names, shorthand it uses, and a safe
keyword query built from it. User text never reaches FTS5 as query syntax."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from kb.vocab.councils import find_councils
from kb.vocab.file import VOCAB_DIR, read_vocab
from kb.vocab.glossary import Term, alternatives, load_glossary, mentions, named_terms
from kb.vocab.timewords import TimeRange, read_time, time_words

VOCAB = VOCAB_DIR / "query.toml"
_VOCAB = read_vocab(VOCAB)
STOPWORDS = frozenset(_VOCAB["stopwords"])
_VISIT_WORDS: dict[str, str] = _VOCAB["visit_types"]

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_MONTH_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+((?:19|20)\d{2})\b")


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    topic: str  # the question with recognised council names taken out
    councils: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    months: tuple[str, ...] = ()  # "2022-11" for "November 2022"
    visit_types: tuple[str, ...] = ()
    named: tuple[tuple[Term, tuple[str, ...]], ...] = ()  # glossary terms and the forms said
    meant: tuple[Term, ...] = ()  # glossary terms the question means without naming them
    time: TimeRange = field(default_factory=TimeRange)

    @property
    def asks_about_now(self) -> bool:
        """A council named and no date: "what does Darlington need to improve?" """
        dated = self.years or self.months or self.time.since or self.time.until
        return bool(self.councils) and not dated

    @property
    def expansions(self) -> dict[str, list[str]]:
        """What was searched beyond the words typed: a form said -> the term's other forms;
        a term meant -> the forms of it searched."""
        out = {said[0]: alternatives(term, said) for term, said in self.named}
        out.update({term.name: meant_forms(term) for term in self.meant})
        return {k: v for k, v in out.items() if v}

    @property
    def glossary(self) -> list[dict[str, str]]:
        """The glossary terms searched, with their plain definitions, for the page to show."""
        named = [{"term": t.name, "means": t.means, "by": "words"} for t, _ in self.named]
        return named + [{"term": t.name, "means": t.means, "by": "meaning"} for t in self.meant]

    @property
    def dense_text(self) -> str:
        """What the model embeds: abbreviations spelled out help a general-purpose model."""
        spelled = [t.name for t, said in self.named if any(s in t.abbr for s in said)]
        return self.topic if not spelled else f"{self.topic} ({'; '.join(spelled)})"

    def with_meant(self, terms: list[Term]) -> ParsedQuery:
        named = {t.name for t, _ in self.named}
        return replace(self, meant=tuple(t for t in terms if t.name not in named))


def meant_forms(term: Term) -> list[str]:
    """The forms searched for a term found by meaning: its name and abbreviations."""
    return [term.name, *term.abbr]


def parse_query(text: str) -> ParsedQuery:
    text = " ".join(text.split())
    councils = tuple(find_councils(text))
    topic = _without_councils(text, councils)
    time = read_time(text)
    years = tuple(sorted({int(y) for y in _YEAR.findall(_without(text, time.said))}))
    named = tuple((t, tuple(said)) for t, said in named_terms(topic, load_glossary()))
    return ParsedQuery(
        text,
        topic,
        councils,
        years,
        _months(_without(text, time.said)),
        _visit_types(text),
        named,
        (),
        time,
    )


def _without(text: str, said: str) -> str:
    """The question without the time words already read as a date range."""
    for part in filter(None, said.split("; ")):
        text = text.replace(part, " ")
    return text


def _months(text: str) -> tuple[str, ...]:
    # "Nov 2022", "Sept 2019" and "November 2022" name a month; "Mayor" or "marching" do not.
    months = time_words().months
    found = {
        f"{year}-{months[word.lower()]:02d}"
        for word, year in _MONTH_YEAR.findall(text)
        if word.lower() in months
    }
    return tuple(sorted(found))


def _visit_types(text: str) -> tuple[str, ...]:
    said = {v for words, v in _VISIT_WORDS.items() if mentions(text, words)}
    return tuple(sorted(said))


def _without_councils(text: str, councils: tuple[str, ...]) -> str:
    topic = text
    for council in councils:
        pattern = rf"\b(?:in|at|for|of|from)?\s*{re.escape(council)}(?:'s|’s)?\b"
        topic = re.sub(pattern, " ", topic, flags=re.IGNORECASE)
    return " ".join(topic.split()) or text


def query_words(parsed: ParsedQuery) -> set[str]:
    """The question's content words, lower case, for matching sentences by words."""
    words = {w.strip("'’-").lower() for w in _WORD.findall(parsed.topic)}
    return {w for w in words if w and w not in STOPWORDS and not _YEAR.fullmatch(w)}


def _quote(term: str) -> str:
    """A term as an FTS5 string literal: the only way user words reach MATCH."""
    words = [w.strip("'’-") for w in _WORD.findall(term)]
    words = [w for w in words if w]
    return '"' + " ".join(words).replace('"', '""') + '"' if words else ""


def keyword_phrases(parsed: ParsedQuery) -> list[str]:
    """The question's content words and the expansions, each quoted for FTS5, once each."""
    terms: list[str] = []
    for word in _WORD.findall(parsed.topic):
        bare = word.strip("'’-")
        if bare.lower() in STOPWORDS or len(bare) < 2 or _YEAR.fullmatch(bare):
            continue
        terms.append(bare.lower() if not bare.isupper() else bare)
    for forms in parsed.expansions.values():
        terms.extend(forms)
    return [q for q in dict.fromkeys(_quote(t) for t in terms) if q]
