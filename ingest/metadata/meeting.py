"""Committee, meeting date and titles of council minutes, agendas and reports."""

from __future__ import annotations

import re
from datetime import date

from ingest.metadata.dates import find_dates, parse_date
from kb.councils import canonical_council

_I = re.IGNORECASE
_M = re.MULTILINE

_BODY_WORDS = (
    r"Panel|Committee|Sub-Committee|Board|Cabinet|Forum|Council|Group|Partnership|Executive"
)
_MEETING_HELD = re.compile(
    r"\b(?:An?|The)\s+(?:\w+\s+)?meeting\s+of\s+(?:the\s+)?(?P<c>[A-Z][^.\n]{3,160}?)\s+"
    r"(?:was|were)\s+held\s+(?:on|at)\s+(?P<rest>[^\n]{0,80})"
)
_MINUTES_OF = re.compile(
    r"^\s*Minutes\s+of\s+(?:the\s+|a\s+)?(?:meeting\s+of\s+(?:the\s+)?)?(?P<c>[A-Z][^\n]{3,150}?)"
    r"\s+(?:held\s+)?(?:on|at)\s+(?P<rest>[^\n]{0,80})",
    _I | _M,
)
_CAPS_BODY = re.compile(
    rf"^\s*(?P<c>(?:[A-Z&',’-]+\s+){{0,14}}(?:{_BODY_WORDS.upper()})(?:\s+[A-Z&',’-]+){{0,4}})\s*$",
    _M,
)
_DATE_FIELD = re.compile(
    r"^\s*(?:Date(?:\s+of\s+meeting)?|Meeting\s+date)\s*[:\t]\s*(?P<rest>[^\n]{4,80})", _I | _M
)
_SMALL_WORDS = frozenset(
    {"and", "of", "the", "for", "in", "on", "to", "with", "a", "an", "at", "by", "or"}
)
_ACRONYMS = frozenset({"SEND", "OSC", "LSCB", "NHS", "ICB", "CAMHS", "YOT", "MASH", "ILACS"})


def committee(text: str) -> str | None:
    """The committee, panel or board whose meeting the document records or calls."""
    m = _MEETING_HELD.search(text) or _MINUTES_OF.search(text)
    if m:
        return _tidy(m.group("c"))
    head = "\n".join(text.split("\n")[:40])
    for caps in _CAPS_BODY.finditer(head):
        name = caps.group("c").strip()
        # A council's own name ("MIDDLESBROUGH COUNCIL") is not a committee.
        if canonical_council(name) is None and len(name.split()) >= 2:
            return smart_title(name)
    return None


def _tidy(name: str) -> str:
    name = " ".join(name.split()).strip(" ,")
    return smart_title(name) if name.isupper() else name


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


def meeting_date(text: str) -> date | None:
    """The date of the meeting the minutes record or the agenda calls."""
    m = _MEETING_HELD.search(text) or _MINUTES_OF.search(text)
    if m:
        found = parse_date(m.group("rest"))
        if found:
            return found
    field = _DATE_FIELD.search("\n".join(text.split("\n")[:40]))
    if field:
        return parse_date(field.group("rest"))
    return None


def report_date(text: str) -> date | None:
    """A report's own date: its 'Date:' field or a date line in its header."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()][:20]
    head = "\n".join(lines)
    field = _DATE_FIELD.search(head)
    if field:
        found = parse_date(field.group("rest"))
        if found:
            return found
    for line in lines:
        matches = find_dates(line)
        # A line that is only a date (perhaps with a weekday) is the header's date.
        if matches and len(line) - (matches[0].end - matches[0].start) <= 12:
            return matches[0].value
    return None


_TITLE_FIELD = re.compile(
    r"^\s*(?:TITLE\s+OF\s+REPORT|Report\s+title|Subject|Title)\s*[:\t]\s*(?P<t>[^\n]{3,200})",
    _I | _M,
)
_NOT_TITLE = re.compile(
    r"^\s*(?:Agenda\s+Item\b|Agenda\s+item\s*$|(?:[A-Z]+\s+){0,3}REPORT\s*$|Report\s+of\b"
    r"|Report\s+to\b|REPORT\s+OF|Date\s*:|Page\s+\d+|Minutes\s*:?\s*$|Public\b|Part\s+[AB1-2]\b)",
    _I,
)


def report_title(text: str) -> str | None:
    """A report's own title: its title field, else its first title-like header line."""
    field = _TITLE_FIELD.search(text[:3000])
    if field:
        return " ".join(field.group("t").split())
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()][:15]
    for line in lines:
        if _is_title_line(line):
            return " ".join(line.split())
    return None


def _is_title_line(line: str) -> bool:
    if _NOT_TITLE.match(line) or len(line) > 150 or len(line.split()) < 2:
        return False
    if canonical_council(line) or canonical_council(re.sub(r"(?i)\bcouncil\b", "", line)):
        return False
    if find_dates(line) and len(line) < 40:
        return False
    if line.isupper() and re.search(rf"\b(?:{_BODY_WORDS.upper()})\b", line):
        return False  # a committee heading
    # "Paula Jemson, Head of Service ..." is an author line.
    return not re.match(r"^[A-Z][a-z]+\s+[A-Z][\w'-]+,\s", line)


def first_heading(text: str) -> str | None:
    """The first short heading line (the item title in web-page minutes)."""
    for line in [ln.strip() for ln in text.split("\n") if ln.strip()][:6]:
        if re.fullmatch(r"(?i)agenda\s+item(?:\s+\d+\w?)?|minutes\s*:?", line):
            continue
        if len(line.split()) <= 12 and not line.endswith("."):
            return " ".join(line.split())
    return None


def slide_title(text: str) -> str | None:
    """A slide deck's title: its first few short lines joined."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    title: list[str] = []
    for line in lines[:4]:
        if len(line) > 80 or line.endswith(".") or re.match(r"^[-•·▪◼]\s", line):
            break
        title.append(line)
        if len(title) == 3:
            break
    return " – ".join(title) if title else None
