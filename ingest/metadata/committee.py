"""A committee's canonical name, and whether a piece of text reads as one at all.

"CORPORATE PARENTING PANEL", "Corporate Parenting Panel (12/11/2013- 30/04/2024)" and "the
Corporate Parenting Panel" are one body: "Corporate Parenting Panel". The full council's
meeting is "Council" whatever the authority calls itself (vocabulary: kb/vocab).
"""

from __future__ import annotations

import re

from kb.vocab.councils import canonical_council
from kb.vocab.papers import paper_vocab

_SMALL_WORDS = frozenset(
    {"and", "of", "the", "for", "in", "on", "to", "with", "a", "an", "at", "by", "or"}
)
_ACRONYMS = frozenset({"SEND", "OSC", "LSCB", "NHS", "ICB", "CAMHS", "YOT", "MASH", "ILACS"})
_TRAILING_PARENS = re.compile(r"\s*\([^()]*\)\s*$")
_MAX_WORDS = 14


def smart_title(text: str) -> str:
    """Title case for an upper-case heading, small words lower-case, acronyms kept.

    'CHILDREN AND YOUNG PEOPLE'S PANEL' -> "Children and Young People's Panel".
    """
    words = " ".join(text.split()).split(" ")
    out: list[str] = []
    for i, word in enumerate(words):
        if word in _ACRONYMS:
            out.append(word)
        elif i > 0 and word.lower() in _SMALL_WORDS:
            out.append(word.lower())
        else:
            out.append("-".join(part.capitalize() for part in word.split("-")))
    return " ".join(out)


def _tidy(raw: str) -> str:
    name = " ".join(raw.replace("’", "'").replace("‘", "'").split()).strip(" ,.;:-–—")
    while _TRAILING_PARENS.search(name):  # "(Item 14)", "(12/11/2013- 30/04/2024)"
        name = _TRAILING_PARENS.sub("", name)
    name = re.sub(r"\s*&\s*", " and ", name)
    if name.isupper() or sum(c.isupper() for c in name) > 0.8 * sum(c.isalpha() for c in name):
        name = smart_title(name)
    vocab = paper_vocab().committees
    changed = True
    while changed:
        changed = False
        for prefix in vocab.drop_prefixes:
            if name.lower().startswith(prefix + " ") and len(name) > len(prefix) + 1:
                name = name[len(prefix) + 1 :]
                changed = True
    return re.sub(r"(?i)\s+meeting$", "", name).strip()


def committee_name(raw: str | None) -> str | None:
    """The canonical name of the body raw names, or None when raw is not a body's name."""
    if not raw:
        return None
    vocab = paper_vocab().committees
    name = _tidy(raw)
    if name.lower() in vocab.aliases:
        return vocab.aliases[name.lower()]
    words = name.split()
    if not words or len(words) > _MAX_WORDS or re.search(r"\d", name):
        return None
    if words[0] in vocab.not_first or not words[0][:1].isupper():
        return None
    last = words[-1]
    if last not in vocab.body_words and last.capitalize() not in vocab.body_words:
        return None
    if any(name.endswith(title) for title in vocab.person_titles):
        return None
    if len(words) == 1 and last not in vocab.standalone:
        return None  # "Committee" alone names no committee
    if canonical_council(name) is not None:
        return None  # "Merton Council" is the authority, not one of its meetings
    return name[0].upper() + name[1:]
