"""Understanding a question: councils and years it names, shorthand it uses, and a safe
keyword query built from it. User text never reaches FTS5 as query syntax."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.councils import find_councils

# Social-care shorthand, each group a set of ways to say the same thing. Abbreviations are
# matched case-sensitively (upper case) so "pa" or "send" in ordinary prose do not fire.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("MASH", "MACH", "multi-agency safeguarding hub", "multi-agency children's hub", "front door"),
    ("PA", "personal adviser", "personal advisor"),
    ("NEET", "not in education, employment or training"),
    ("EET", "education, employment or training"),
    ("SEND", "special educational needs and disabilities", "special educational needs"),
    ("EHCP", "education, health and care plan"),
    ("IRO", "independent reviewing officer"),
    ("PLO", "public law outline"),
    ("CIN", "child in need", "children in need"),
    ("CLA", "LAC", "CiC", "looked after", "children looked after", "children in care"),
    ("care experienced", "care leaver", "care leavers"),
    ("CP", "child protection"),
    ("CSE", "child sexual exploitation"),
    ("CCE", "child criminal exploitation"),
    ("UASC", "unaccompanied asylum-seeking children"),
    ("DCS", "director of children's services"),
    ("LADO", "local authority designated officer"),
    ("SGO", "special guardianship order"),
    ("RHI", "return home interview"),
    ("EH", "early help"),
    ("QA", "quality assurance"),
    ("LSCB", "local safeguarding children board", "safeguarding partnership"),
    ("JTAI", "joint targeted area inspection"),
    ("ILACS", "inspection of local authority children's services"),
    ("SEF", "self-evaluation", "self-assessment"),
    ("VEMT", "vulnerable, exploited, missing and trafficked"),
    ("forever home", "permanence", "permanency"),
    ("caseload", "caseloads", "case loads"),
)

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "with",
        "from",
        "about",
        "into",
        "over",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "do",
        "does",
        "did",
        "done",
        "has",
        "have",
        "had",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "this",
        "that",
        "these",
        "those",
        "there",
        "their",
        "they",
        "them",
        "it",
        "its",
        "as",
        "if",
        "than",
        "then",
        "so",
        "such",
        "not",
        "no",
        "can",
        "could",
        "should",
        "would",
        "will",
        "may",
        "might",
        "must",
        "shall",
        "we",
        "our",
        "us",
        "you",
        "your",
        "i",
        "me",
        "my",
        "he",
        "she",
        "his",
        "her",
        "any",
        "all",
        "some",
        "say",
        "said",
        "says",
        "tell",
        "told",
        "find",
        "found",
        "give",
        "gave",
        "get",
        "got",
        "made",
        "make",
        "there",
        "here",
        "were",
        "ofsted",
        "inspectors",
        "inspector",
    ]
)

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+((?:19|20)\d{2})\b")
# How officers name Ofsted's visit types -> the visit_type values documents carry.
_VISIT_WORDS = {
    "monitoring visit": "monitoring visit",
    "focused visit": "focused visit",
    "focussed visit": "focused visit",
    "focus visit": "focused visit",
    "short inspection": "short inspection",
    "standard inspection": "standard inspection",
    "joint targeted area inspection": "JTAI",
    "JTAI": "JTAI",
}


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    topic: str  # the question with recognised council names taken out
    councils: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    expansions: dict[str, list[str]] = field(default_factory=dict)
    months: tuple[str, ...] = ()  # "2022-11" for "November 2022"
    visit_types: tuple[str, ...] = ()

    @property
    def asks_about_now(self) -> bool:
        """A council named and no date: "what does Darlington need to improve?" """
        return bool(self.councils) and not (self.years or self.months)

    @property
    def dense_text(self) -> str:
        """What the model embeds: abbreviations spelled out help a general-purpose model."""
        spelled = [alts[0] for term, alts in self.expansions.items() if term.isupper()]
        return self.topic if not spelled else f"{self.topic} ({'; '.join(spelled)})"


def parse_query(text: str) -> ParsedQuery:
    text = " ".join(text.split())
    councils = tuple(find_councils(text))
    topic = _without_councils(text, councils)
    years = tuple(sorted({int(y) for y in _YEAR.findall(text)}))
    return ParsedQuery(
        text, topic, councils, years, _expansions(topic), _months(text), _visit_types(text)
    )


def _months(text: str) -> tuple[str, ...]:
    found = set()
    for word, year in _MONTH_YEAR.findall(text):
        word = word.lower()
        for number, month in enumerate(_MONTHS, 1):
            # "Nov", "Sept" and "November" name a month; "Mayor" or "marching" do not.
            if month.startswith(word) or (word == "sept" and number == 9):
                found.add(f"{year}-{number:02d}")
    return tuple(sorted(found))


def _visit_types(text: str) -> tuple[str, ...]:
    said = {v for words, v in _VISIT_WORDS.items() if _mentions(text, words)}
    return tuple(sorted(said))


def _without_councils(text: str, councils: tuple[str, ...]) -> str:
    topic = text
    for council in councils:
        pattern = rf"\b(?:in|at|for|of|from)?\s*{re.escape(council)}(?:'s|’s)?\b"
        topic = re.sub(pattern, " ", topic, flags=re.IGNORECASE)
    return " ".join(topic.split()) or text


def _mentions(text: str, term: str) -> bool:
    if term.isupper() or (len(term) <= 4 and any(c.isupper() for c in term)):
        return re.search(rf"\b{re.escape(term)}s?\b", text) is not None
    return re.search(rf"\b{re.escape(term)}", text, flags=re.IGNORECASE) is not None


def _expansions(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for group in SYNONYMS:
        said = [term for term in group if _mentions(text, term)]
        if said:
            out[said[0]] = [t for t in group if t not in said]
    return out


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
    for alternatives in parsed.expansions.values():
        terms.extend(alternatives)
    return [q for q in dict.fromkeys(_quote(t) for t in terms) if q]
