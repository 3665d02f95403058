"""English local authorities with children's services responsibility, and name lookup.

Pure data plus lookup: no imports from ingest or api. Canonical names are the usual
display names ("Stockton-on-Tees", "Brighton and Hove"); aliases cover the spellings
found in minutes, Ofsted letters and reports ("Stockton", "Brighton & Hove",
"Kingston upon Hull City Council", "London Corporation").
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

from kb.errors import KbError
from kb.vocab.file import VOCAB_DIR, read_vocab

VOCAB = VOCAB_DIR / "councils.toml"


def _load_councils(path: Path = VOCAB) -> dict[str, dict[str, list[str]]]:
    """kind (county, metropolitan, london, unitary, retired) -> canonical name -> aliases."""
    data = read_vocab(path)
    return {
        kind: {str(n): [str(a) for a in aliases] for n, aliases in names.items()}
        for kind, names in data.items()
    }


_KINDS = _load_councils()
_RETIRED: dict[str, list[str]] = _KINDS["retired"]
_ALL: dict[str, list[str]] = {
    name: aliases for kind in _KINDS.values() for name, aliases in kind.items()
}

COUNCILS: list[str] = sorted(_ALL)
RETIRED_COUNCILS: frozenset[str] = frozenset(_RETIRED)

_NAMES = read_vocab(VOCAB_DIR / "council_names.toml")  # how names are recognised in text
_CASE_SENSITIVE: frozenset[str] = frozenset(_NAMES["case_sensitive"])
_COMMON_WORDS: frozenset[str] = frozenset(_NAMES["common_words"])
_ABBREVIATIONS: frozenset[str] = frozenset(_NAMES["abbreviations"])
_NOT_AFTER: dict[str, str] = dict(_NAMES["not_after"])
_NOT_BEFORE: dict[str, str] = dict(_NAMES["not_before"])
_NOT_AFTER_ANY = re.compile(_NAMES["not_after_any"])
_NOT_BEFORE_ANY = re.compile(_NAMES["not_before_any"], re.IGNORECASE)
_PREFIXES: tuple[str, ...] = tuple(_NAMES["prefixes"])
_SUFFIXES: tuple[str, ...] = tuple(_NAMES["suffixes"])
_DOMAINS: dict[str, str] = dict(_NAMES["domains"])


def _norm(name: str) -> str:
    """Lower-case, '&' -> 'and', punctuation dropped, single spaces."""
    text = name.lower().replace("&", " and ").replace("’", "'")
    text = re.sub(r"\bst\.", "st", text)
    text = re.sub(r"\bsaint\b", "st", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def _aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical, extra in _ALL.items():
        for alias in [canonical, *extra]:
            table[_norm(alias)] = canonical
    return table


_ALIAS_TABLE: dict[str, str] = _aliases()


def canonical_council(name: str) -> str | None:
    """Canonical council name for any usual spelling, or None when it names no council.

    Case and punctuation are ignored; administrative wrappers ("London Borough of",
    "County Council", "City of", "MBC") are stripped when the bare form is not itself
    a known alias (so "City of London" stays the City of London).
    """
    if not name or not name.strip():
        return None
    return _lookup(_norm(name))


@cache
def _lookup(key: str) -> str | None:
    if key in _ALIAS_TABLE:
        return _ALIAS_TABLE[key]
    for prefix in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            found = _lookup(key[len(prefix) :])
            if found:
                return found
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        if key.endswith(suffix) and len(key) > len(suffix):
            found = _lookup(key[: -len(suffix)])
            if found:
                return found
    return None


class UnknownCouncil(KbError, ValueError):
    """A name that is no council; `nearest` are the known names it is closest to."""

    status = 422

    def __init__(self, name: str, nearest: list[str]) -> None:
        self.name, self.nearest = name, nearest
        hint = f"; did you mean {', '.join(nearest)}?" if nearest else ""
        super().__init__(f"{name!r} is not a council we know{hint}")


FUZZY_CUTOFF = 0.9  # this close to one known spelling is read as it ("heading" is no "Reading")


def resolve_council(name: str) -> str:
    """The canonical name for any usual spelling, short form or near misspelling
    ("Stockton", "Newcastle", "Middlesborough"); UnknownCouncil naming the nearest known
    councils otherwise. The one resolver for every filter path."""
    found = canonical_council(name)
    if found:
        return found
    key = _norm(name)
    close = difflib.get_close_matches(key, _ALIAS_TABLE, n=1, cutoff=FUZZY_CUTOFF)
    if close and key:
        return _ALIAS_TABLE[close[0]]
    nearest = difflib.get_close_matches(key, _ALIAS_TABLE, n=6, cutoff=0.5)
    raise UnknownCouncil(
        " ".join(name.split()), list(dict.fromkeys(_ALIAS_TABLE[k] for k in nearest))[:3]
    )


class CouncilMention(NamedTuple):
    council: str  # canonical name
    start: int
    end: int


def _key_to_alias() -> dict[str, str]:
    """Normalised alias -> the alias as written in the tables above."""
    return {_norm(a): a for c, extra in _ALL.items() for a in [c, *extra]}


_KEY_TO_ALIAS: dict[str, str] = _key_to_alias()
_MAX_ALIAS_WORDS = max(len(key.split()) for key in _KEY_TO_ALIAS)
# Words as _norm sees them; "&" stands for "and".
_TOKEN = re.compile(r"[A-Za-z0-9]+|&")
# What may sit between the words of one name: spaces and line breaks (titles wrap),
# hyphens, a comma ("Bournemouth, Christchurch and Poole"), the full stop of "St.".
_JOIN = re.compile(r"[\s,-]*")


class _Token(NamedTuple):
    key: str  # normalised word
    raw: str
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    for m in _TOKEN.finditer(text):
        raw = m.group(0)
        key = "and" if raw == "&" else _norm(raw)
        out.append(_Token(key, raw, m.start(), m.end()))
    return out


def _joined(text: str, a: _Token, b: _Token) -> bool:
    """True when tokens a and b are adjacent words of one name."""
    gap = text[a.end : b.start]
    if a.key == "st" and gap.startswith("."):
        gap = gap[1:]
    return bool(_JOIN.fullmatch(gap))


def _sentence_initial(text: str, start: int) -> bool:
    """True when the word at start opens a sentence or a line."""
    before = text[max(0, start - 6) : start]
    if start == 0 or "\n" in before:
        return True
    stripped = before.rstrip(" \t\"'‘“(")
    return not stripped or stripped[-1] in ".!?:•·-–—"


def _excluded(text: str, alias: str, start: int, end: int) -> bool:
    """True when the words around the name make it another place or an institution."""
    following = text[end : end + 40]
    preceding = text[max(0, start - 40) : start]
    if _NOT_AFTER_ANY.match(following) or _NOT_BEFORE_ANY.search(preceding):
        return True
    after = _NOT_AFTER.get(alias)
    if after and re.match(after, following, re.IGNORECASE):
        return True
    before = _NOT_BEFORE.get(alias)
    return bool(before and re.search(f"{before}$", preceding, re.IGNORECASE))


def _accepted(text: str, alias: str, raw: str, start: int, end: int) -> bool:
    """The case and context rules for names that are also words, surnames or places."""
    if alias in _ABBREVIATIONS and raw != alias:
        return False
    if alias in _CASE_SENSITIVE and not raw[:1].isupper():
        return False
    if alias in _COMMON_WORDS and _sentence_initial(text, start):
        return False
    return not _excluded(text, alias, start, end)


def _match_at(text: str, tokens: list[_Token], i: int) -> tuple[CouncilMention, int] | None:
    """The longest council name starting at token i, with the index after it."""
    for n in range(min(_MAX_ALIAS_WORDS, len(tokens) - i), 0, -1):
        span = tokens[i : i + n]
        key = " ".join(t.key for t in span)
        alias = _KEY_TO_ALIAS.get(key)
        if alias is None:
            continue
        if any(not _joined(text, a, b) for a, b in pairwise(span)):
            continue
        start, end = span[0].start, span[-1].end
        if _accepted(text, alias, text[start:end], start, end):
            return CouncilMention(_ALIAS_TABLE[key], start, end), i + n
    return None


def council_mentions(text: str) -> list[CouncilMention]:
    """Every council mention in text, in order, the longest name winning.

    Unambiguous names match in any case; names that are also words or surnames ("Hull",
    "Poole") match only capitalised; everyday words ("Bury", "Reading") must also not
    open a sentence or line; other places sharing a name ("Bury St Edmunds",
    "Sutton Coldfield", "New York") are refused. Whole words only: "Hullabaloo" and
    "Kentish" name no council.
    """
    tokens = _tokens(text)
    found: list[CouncilMention] = []
    i = 0
    while i < len(tokens):
        match = _match_at(text, tokens, i)
        if match:
            found.append(match[0])
            i = match[1]
        else:
            i += 1
    return found


def find_councils(text: str) -> list[str]:
    """Canonical names of the councils mentioned in text, in order of first mention."""
    seen: dict[str, None] = {}
    for mention in council_mentions(text):
        seen.setdefault(mention.council, None)
    return list(seen)


def count_councils(text: str) -> Counter[str]:
    """How often each council is mentioned in text."""
    return Counter(m.council for m in council_mentions(text))


def council_for_domain(domain: str) -> str | None:
    """Council owning a web/email domain such as 'middlesbrough.gov.uk', or None."""
    host = domain.lower().strip().rstrip(".")
    match = re.match(r"^(?:[\w-]+\.)*?([\w-]+)\.gov\.uk$", host)
    if not match:
        return None
    label = match.group(1)
    if label in _DOMAINS:
        return _DOMAINS[label]
    compact = re.sub(r"[^a-z]", "", label)
    for alias, canonical in _ALIAS_TABLE.items():
        if alias.replace(" ", "") == compact:
            return canonical
    return None
