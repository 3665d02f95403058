"""The children's-services glossary (kb/vocab/glossary.toml): official terms with a plain
definition, other ways of saying them and abbreviations. A question reaches a term two ways:
by naming one of its forms (words), or by meaning close to its definition (vectors)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from kb.vocab.file import VOCAB_DIR, VocabError, read_vocab

GLOSSARY = VOCAB_DIR / "glossary.toml"
_KEYS = {"name", "means", "also", "abbr"}


@dataclass(frozen=True)
class Term:
    name: str
    means: str  # plain-English definition
    also: tuple[str, ...] = ()
    abbr: tuple[str, ...] = ()  # matched only as written (capitals), so "send" is not SEND

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.also, *self.abbr)

    @property
    def triggers(self) -> tuple[str, ...]:
        """Forms whose mention calls up the term: a single ordinary word among `also`
        ("practice", "staff") says too little on its own, so it is only searched."""
        return (self.name, *(a for a in self.also if " " in a or "-" in a), *self.abbr)

    @property
    def embed_text(self) -> str:
        """What the model reads for the term's meaning: the official name and its definition."""
        return f"{self.name}: {self.means}"


class GlossaryError(VocabError):
    pass


@cache
def load_glossary(path: Path = GLOSSARY) -> tuple[Term, ...]:
    rows = read_vocab(path).get("term", [])
    terms = tuple(_term(path, i, row) for i, row in enumerate(rows, 1))
    seen: set[str] = set()
    for n, term in enumerate(terms, 1):
        # a second entry for a name would split its forms, so a question calls up only one half
        if term.name.lower() in seen:
            raise GlossaryError(f"{path}: term {n} ({term.name!r}) is already in the glossary")
        seen.add(term.name.lower())
    return terms


def _term(path: Path, n: int, row: dict[str, object]) -> Term:
    unknown = set(row) - _KEYS
    name, means = row.get("name"), row.get("means")
    if unknown or not isinstance(name, str) or not isinstance(means, str) or not name or not means:
        raise GlossaryError(
            f"{path}: term {n} ({name!r}) needs a name and a definition (means) and only "
            f"the keys {sorted(_KEYS)}; it has {sorted(row)}"
        )
    also, abbr = (_words(path, n, name, key, row.get(key, [])) for key in ("also", "abbr"))
    # an abbreviation is matched only as written; one in lower case would fire on plain words
    lower = [a for a in abbr if not _is_abbreviation(a)]
    if lower:
        raise GlossaryError(f"{path}: term {n} ({name!r}): abbr {lower} must be in capitals")
    return Term(name, means, also, abbr)


def _words(path: Path, n: int, name: str, key: str, value: object) -> tuple[str, ...]:
    """A term's list of forms, or GlossaryError naming the file, the term and the key."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise GlossaryError(f"{path}: term {n} ({name!r}): {key} must be a list of words")
    return tuple(value)


def _is_abbreviation(form: str) -> bool:
    return form.isupper() or (len(form) <= 4 and any(c.isupper() for c in form))


def _pattern(forms: Sequence[str], flags: int) -> re.Pattern[str]:
    """Any of the forms as a whole word or phrase, plural allowed; longest first, so "children
    in care council" is read as that and not as "children in care"."""
    ordered = sorted(set(forms), key=len, reverse=True)
    words = "|".join(re.escape(f) for f in ordered) or "(?!)"
    return re.compile(rf"(?<![\w-])({words})(?:s|es|'s|’s)?(?![\w-])", flags)


def mentions(text: str, form: str) -> bool:
    """A form named in text as a whole word or phrase (plural allowed); an abbreviation or a
    short capitalised form only as written."""
    flags = 0 if _is_abbreviation(form) else re.IGNORECASE
    return _pattern((form,), flags).search(text) is not None


class _Matcher:
    """Every term's trigger forms in two compiled patterns (as written, and any case): one
    pass over a question instead of a search per form."""

    def __init__(self, terms: Sequence[Term]) -> None:
        self.exact: dict[str, list[Term]] = {}
        self.folded: dict[str, list[Term]] = {}
        for term in terms:
            for form in term.triggers:
                if _is_abbreviation(form):
                    self.exact.setdefault(form, []).append(term)
                else:
                    self.folded.setdefault(form.lower(), []).append(term)
        self.exact_pattern = _pattern(list(self.exact), 0)
        self.folded_pattern = _pattern(list(self.folded), re.IGNORECASE)

    def said(self, text: str) -> list[tuple[Term, str]]:
        found = [
            (t, m.group(1))
            for m in self.exact_pattern.finditer(text)
            for t in self.exact[m.group(1)]
        ]
        found += [
            (t, m.group(1))
            for m in self.folded_pattern.finditer(text)
            for t in self.folded[m.group(1).lower()]
        ]
        return found


@cache
def _matcher(terms: tuple[Term, ...]) -> _Matcher:
    return _Matcher(terms)


def _stem(form: str) -> str:
    return re.sub(r"(?:ies|es|s)$", "", form.lower())


def alternatives(term: Term, said: Sequence[str]) -> list[str]:
    """The term's forms the question did not use (plural and case variants count as used)."""
    used = {_stem(s) for s in said}
    out = [f for f in term.forms if _stem(f) not in used]
    return list(dict.fromkeys(out))


def named_terms(text: str, terms: tuple[Term, ...]) -> list[tuple[Term, list[str]]]:
    """Terms whose forms the text names, with the forms it names, in glossary order."""
    said: dict[Term, list[str]] = {}
    for term, form in _matcher(terms).said(text):
        said.setdefault(term, []).append(form)
    return [(t, said[t]) for t in terms if t in said]


class GlossaryIndex:
    """The glossary with each term's meaning embedded once (through the caller's cached
    embedding), for finding the terms a question means without naming them."""

    def __init__(self, terms: Sequence[Term], embed: Callable[[list[str]], np.ndarray]) -> None:
        self.terms = tuple(terms)
        self.vectors = embed([t.embed_text for t in self.terms]) if self.terms else None

    def nearest(self, vector: np.ndarray, floor: float, n: int) -> list[tuple[Term, float]]:
        """Up to n terms whose meaning is at least `floor` similar to the question's."""
        if self.vectors is None:
            return []
        similarity = self.vectors @ vector
        order = np.argsort(-similarity)[:n]
        return [(self.terms[i], float(similarity[i])) for i in order if similarity[i] >= floor]
