"""Quotes that stand alone: which sentences can be quoted by themselves, and what to quote
instead of those that cannot.

A heading or a piece of letter furniture is never quoted; a list lead-in ("Ofsted identified
the following areas for improvement:") is replaced by the items it introduces; a sentence
that leans on the one before ("As a result, ...", "They ...") is quoted with it. The cue
words live in kb/vocab/quotes.toml.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from kb.vocab.file import VOCAB_DIR, read_vocab

VOCAB = VOCAB_DIR / "quotes.toml"

ALONE = "alone"
HEADING = "heading"
LEAD_IN = "lead_in"
BOILERPLATE = "boilerplate"
LEANING = "leaning"

LEAD_IN_ITEMS = 3  # items quoted in place of a lead-in in an answer
MAX_LEAN_BACK = 2  # sentences a leaning sentence may be quoted with

_LEADING_MARK = re.compile(
    r"^(?:[\s\-–—•·◼▪■●○*\uf0b7\uf0a7\uf076\uf0d8►➢✓]+|\(?[a-z0-9]{1,3}[.)]\s+)+"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_END = re.compile(r"[.!?;…”\"')\]]\s*$")


@dataclass(frozen=True)
class QuoteRules:
    lead_in: tuple[re.Pattern[str], ...]
    leaning: re.Pattern[str]
    self_contained: re.Pattern[str]
    boilerplate: tuple[str, ...]
    headings: tuple[re.Pattern[str], ...]
    max_heading_words: int
    capitalised_share: float
    headline: re.Pattern[str]


def _phrases(words: Sequence[str]) -> re.Pattern[str]:
    # Longest first, so "this means" is tried before "this"; whole words only.
    ordered = sorted({w.lower() for w in words}, key=len, reverse=True)
    return re.compile(r"^(?:" + "|".join(re.escape(w) for w in ordered) + r")(?![\w'’-])", re.I)


@cache
def rules(path: Path = VOCAB) -> QuoteRules:
    """The rules in kb/vocab/quotes.toml; a malformed file names itself."""
    try:
        data = read_vocab(path)
        heading = data["heading"]
        return QuoteRules(
            lead_in=tuple(re.compile(p, re.I) for p in data["lead_in"]["patterns"]),
            leaning=_phrases(data["leaning"]["openers"]),
            self_contained=_phrases(data["leaning"]["self_contained"]),
            boilerplate=tuple(m.lower() for m in data["boilerplate"]["markers"]),
            headings=tuple(re.compile(p, re.I) for p in heading["patterns"]),
            max_heading_words=int(heading["max_heading_words"]),
            capitalised_share=float(heading["capitalised_share"]),
            headline=_phrases(data["headline"]["headings"]),
        )
    except (OSError, KeyError, TypeError, ValueError, re.error) as error:
        raise ValueError(f"{path}: cannot read the quote rules: {error}") from error


def bare(text: str) -> str:
    """The sentence without its bullet mark or list number, one space between words."""
    return _LEADING_MARK.sub("", " ".join(text.split())).strip()


@lru_cache(maxsize=65536)  # the same sentences are read for every comparison and theme
def kind_of(text: str, heading: str = "") -> str:
    """How a sentence can be quoted: ALONE, or why not (HEADING, LEAD_IN, BOILERPLATE,
    LEANING). `heading` is the section heading it sits under."""
    r = rules()
    line = bare(text)
    lower = line.lower().replace("’", "'")
    if any(marker in lower for marker in r.boilerplate):
        return BOILERPLATE
    if is_heading(line, heading):
        return HEADING
    if any(p.search(line) for p in r.lead_in):
        return LEAD_IN
    if r.leaning.match(lower) and not r.self_contained.match(lower):
        return LEANING
    return ALONE


# Not kb/search/blocks.is_heading: a quote test on one sentence of a passage (title-case
# lines the layout kept inside a paragraph count too), tuned by kb/vocab/quotes.toml.
def is_heading(line: str, heading: str = "") -> bool:
    r = rules()
    if heading and " ".join(heading.split()).lower() == line.lower():
        return True
    if any(p.search(line) for p in r.headings) and not _END.search(line):
        return True
    words = _WORD.findall(line)
    if _END.search(line) or not words or len(words) > r.max_heading_words:
        return False
    long = [w for w in words if len(w) >= 4]
    capitalised = sum(w[0].isupper() for w in long)
    return len(long) >= 2 and capitalised / len(long) >= r.capitalised_share


def is_headline_section(heading: str) -> bool:
    """Whether a passage's heading (its innermost part, after any '>') names a section of
    headline findings ("Main findings", "What needs to improve ...")."""
    innermost = heading.rsplit(">", 1)[-1]
    return bool(rules().headline.match(bare(innermost).lower()))


def quote_span(
    text: str,
    spans: Sequence[tuple[int, int]],
    index: int,
    heading: str = "",
    lead_in_items: int = LEAD_IN_ITEMS,
) -> tuple[int, int] | None:
    """The span to quote for sentence `index` of a passage (`spans` are its sentences'
    offsets into `text`): the sentence itself, the sentence with the one before it, the
    items a lead-in introduces (up to `lead_in_items`; none when 0), or None."""
    start, end = spans[index]
    kind = kind_of(text[start:end], heading)
    if kind == ALONE:
        return start, end
    if kind == LEANING:
        # Back to the sentence that names what this one leans on (two at most).
        first = index
        while kind == LEANING and first > 0 and index - first < MAX_LEAN_BACK:
            first -= 1
            kind = kind_of(text[spans[first][0] : spans[first][1]], heading)
        return (spans[first][0], end) if kind == ALONE else None
    if kind == LEAD_IN and lead_in_items:
        items = []
        for item in spans[index + 1 : index + 1 + lead_in_items]:
            if kind_of(text[item[0] : item[1]], heading) != ALONE:
                break
            items.append(item)
        return (items[0][0], items[-1][1]) if items else None
    return None
