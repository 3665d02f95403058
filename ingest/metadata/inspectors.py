"""The inspectors an Ofsted letter or report names, lead first."""

from __future__ import annotations

import re

_A = "['’]"
_I = re.IGNORECASE

_HMI = rf"(?:(?:Her|His)\s+Majesty{_A}s\s+(?:Senior\s+)?[Ii]nspectors?|HMIs?|Senior\s+HMI)"
_INSPECTOR_SENTENCES: list[re.Pattern[str]] = [
    re.compile(rf"{_HMI}\s+for\s+(?:this|the)\s+visit\s+(?:were|was)\s+(?P<names>[^.]+)\.", _I),
    re.compile(
        r"\bThe\s+inspectors\s+(?:for\s+(?:this|the)\s+visit\s+)?were\s+(?P<names>[^.]+?)\.(?:\s|$)",
        _I,
    ),
    re.compile(rf"\bcarried\s+out\s+by\s+{_HMI},?\s+(?P<names>[^.]+)\.", _I),
    re.compile(r"\b(?:carried\s+out|conducted|undertaken)\s+by\s+(?P<names>[^.]+?)\.", _I),
    re.compile(rf"{_HMI}\s+were\s+(?P<names>[^.]+)\.", _I),
]
# Capital "Lead": "the lead inspector attended ..." in prose is not the credit line.
_LEAD = re.compile(
    r"(?:Lead|Reporting)\s+[Ii]nspector\s*:?\s*(?P<name>[A-Z][^\n,]+?)(?:,|\s+HMI\b|\n|$)"
)
_NAME = re.compile(
    r"^(?:Dr\.?\s+)?[A-ZÀ-Ý][\w’'À-ÿ-]*(?:\s+(?:Mc|Mac|O’|O'|de\s|van\s)?[A-ZÀ-Ý][\w’'À-ÿ-]*){1,3}$"
)
_ROLE_WORDS = re.compile(
    rf"{_HMI}|\bOfsted\s+Inspectors?\b|\b(?:S?HMI|AI|OI|SCRI)\b|\((?:HMI\s+)?designate\)|\bdesignate\b|\bSocial\s+Care\b|\bSchools\b"
    r"|\btwo\s+of\b|\ball\s+of\s+whom\s+are\b|\bboth\s+of\s+whom\s+are\b|\bthe\s+inspectors\b"
    r"|\bSenior\b|\(HMI\)|\bHMI\b",
    _I,
)


# SIF reports list the team at the end: "Deputy lead inspector: X HMI", "Team inspectors:
# X HMI, Y HMI, ..." (the list may run over to the next line).
_TEAM = re.compile(
    r"^\s*(?:Deputy\s+lead\s+inspectors?|Team\s+inspectors?)\s*:\s*(?P<names>.+)$",
    _I | re.MULTILINE,
)
# A continuation line of a name list: capitalised words, commas, "and", role initials.
_NAME_LIST_LINE = re.compile(
    r"^[A-ZÀ-Ý][\w’'À-ÿ-]*(?:(?:\s+|,\s*|\s+and\s+)[A-ZÀ-Ý][\w’'À-ÿ-]*)*[,.]?$"
)


def _team_names(section: str) -> list[str]:
    names: list[str] = []
    for m in _TEAM.finditer(section):
        listed = m.group("names").strip()
        rest = section[m.end() :].split("\n")[1:3]
        for line in rest:
            line = line.strip()
            if listed.endswith(".") or not _NAME_LIST_LINE.match(line):
                break
            listed = f"{listed} {line}"
        names.extend(_names(listed))
    return names


def inspectors(text: str) -> list[str]:
    """Inspectors named in an Ofsted letter or report, lead first."""
    head = text[:6000]
    names: list[str] = []
    lead = _LEAD.search(head) or _LEAD.search(text)
    if lead:
        names.extend(_names(lead.group("name")))
    for pattern in _INSPECTOR_SENTENCES:
        m = pattern.search(head)
        found = _names(m.group("names")) if m else []
        if found:
            names.extend(found)
            break
    if lead and lead.start() > len(head):
        names.extend(_team_names(text[lead.start() : lead.start() + 1500]))
    return list(dict.fromkeys(names))


_NAME_STOP = frozenset({"Inspector", "Inspectors", "Her", "His", "HMI", "Ofsted", "The", "This"})


def _names(raw: str) -> list[str]:
    """Person names in a list such as 'A B, HMI, and C D, Her Majesty's Inspectors'."""
    cleaned = _ROLE_WORDS.sub(",", " ".join(raw.split()))
    out: list[str] = []
    for part in re.split(r",|\band\b|&|;", cleaned):
        name = _leading_name(part.strip(" .()"))
        if name:
            out.append(name)
    return out


def _leading_name(part: str) -> str | None:
    """The name a list item starts with (a missing full stop can glue the next sentence on)."""
    if _NAME.match(part):
        return part
    taken: list[str] = []
    for token in part.split():
        if token in _NAME_STOP or not re.match(r"^[A-ZÀ-Ý][\w’'À-ÿ-]*$", token):
            break
        taken.append(token)
    candidate = " ".join(taken[:4])
    return candidate if 2 <= len(taken) <= 4 and _NAME.match(candidate) else None
