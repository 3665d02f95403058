"""Which council a document is about, from its text alone.

Structural cues are tried first, in order of reliability: the title of an Ofsted report
("Inspection of X local authority children's services", the council line above a SIF
report's title), the opening of an Ofsted letter ("visit to X children's services",
"Monitoring visit to X"), the addressee block of a letter ("... Middlesbrough Council"),
a council letterhead or "Town Hall X", council email and web domains. Failing those,
the council mentioned most often wins. Ofsted's and the DfE's own addresses
(Manchester, Westminster, Nottingham) are removed first: every letter carries them.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from kb.vocab.councils import canonical_council, council_for_domain, council_mentions, find_councils
from kb.vocab.kinds import OFSTED_DOC_TYPES
from kb.vocab.ofsted import ofsted_markers

_I = re.IGNORECASE

_DEAR = re.compile(r"^\s*Dear\b", _I | re.MULTILINE)
_COUNCIL_NAME = re.compile(
    r"(?P<x>(?:[A-Z][\w&’'-]*[ ,]+){1,6}?)(?:Metropolitan\s+)?"
    r"(?:Borough\s+|City\s+|County\s+|District\s+)?Council\b"
)
_TOWN_HALL = re.compile(
    r"\b(?:Town|City|Civic|County)\s+(?:Hall|Centre|Offices?),?\s+(?P<x>[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,3})"
)
_DOMAIN = re.compile(r"\b(?:[\w.-]+@|www\.)?(?P<d>[a-z0-9-]+(?:\.[a-z0-9-]+)*\.gov\.uk)\b", _I)


def strip_boilerplate(text: str) -> str:
    """Text without Ofsted's and the DfE's printed addresses."""
    return ofsted_markers().printed_addresses.sub(" ", text)


# "Gloucester City Council": a council outside the list of children's services authorities
# (a district or city council publishing its own papers) is still a council.
_OTHER_COUNCIL = re.compile(
    r"\b(?P<x>(?:[A-Z][a-z]+[ -]){1,3}?)(?:City|Borough|District|Metropolitan\s+Borough"
    r"|County)\s+Council\b"
)
_OTHER_FOLDER = re.compile(
    r"^(?P<x>[a-z][a-z ]{2,40}?)\s+(?:city|borough|district|metropolitan borough|county)\s+council$"
)


def other_council(text: str) -> str | None:
    """'Gloucester' for a printed 'Gloucester City Council' naming no listed council."""
    m = _OTHER_COUNCIL.search(text)
    return " ".join(m.group("x").split()) if m else None


def council_in_path(source: str) -> str | None:
    """The council a file's folder is named after ('cheshire_east_council/', '80469_gateshead/'):
    papers saved from a council's site are filed under its name. Only the nearest folder
    counts, so a user's home folder never names a council."""
    folder = Path(source).parent.name.lower()
    name = " ".join(re.sub(r"^\d+[_ -]+", "", folder).replace("_", " ").replace("-", " ").split())
    found = canonical_council(name)
    if found:
        return found
    m = _OTHER_FOLDER.match(name)
    return m.group("x").title() if m else None


def detect_council(text: str, doc_type: str) -> str | None:
    """Canonical name of the council the document is about, or None."""
    clean = strip_boilerplate(text)
    if doc_type == "ofsted_report":
        found = _report_title_council(clean)
        if found:
            return found
    if doc_type in OFSTED_DOC_TYPES:
        found = _visit_to_council(clean) or _addressee_council(clean)
        if found:
            return found
    return _voted_council(clean) or other_council(clean[:20000])


def _report_title_council(text: str) -> str | None:
    markers = ofsted_markers()
    head = text[:1500]
    m = markers.ilacs_title_council.search(" ".join(head.split()))
    if m:
        found = _council_in(m.group("x"))
        if found:
            return found
    title = markers.report_title_beside_council.search(head)
    if title:
        # SIF and older reports put the council's name on a line next to the title.
        lines = [ln.strip() for ln in head.split("\n") if ln.strip()]
        for line in lines[:10]:
            found = canonical_council(line)
            if found:
                return found
        return _council_in(head[: title.start() + 300])
    return None


def _visit_to_council(text: str) -> str | None:
    markers = ofsted_markers()
    opening = markers.letter_names_council.search(text)
    region = text[opening.start() : opening.start() + 500] if opening else text[:3000]
    for m in markers.visit_to_council.finditer(region):
        found = _council_in(m.group("x"))
        if found:
            return found
    return None


def _addressee_council(text: str) -> str | None:
    dear = _DEAR.search(text[:4000])
    if not dear:
        return None
    return _council_in(text[max(0, dear.start() - 600) : dear.start()])


def _council_in(fragment: str) -> str | None:
    """The council a short fragment names (whole fragment first, then any mention)."""
    whole = canonical_council(fragment)
    if whole:
        return whole
    found = find_councils(fragment)
    return found[0] if found else None


def _voted_council(text: str) -> str | None:
    """Council named by a letterhead (weighs most), 'X Council', 'Town Hall X', council
    domains (weigh 3 each), then by plain mentions (1 each)."""
    votes: Counter[str] = Counter()
    # A letterhead: a line near the top that is just a council's name.
    for line in [ln.strip() for ln in text.split("\n") if ln.strip()][:12]:
        found = canonical_council(line) if len(line) < 80 else None
        if found:
            votes[found] += 10
    for m in _COUNCIL_NAME.finditer(text):
        found = _council_in(m.group(0))
        if found:
            votes[found] += 3
    for m in _TOWN_HALL.finditer(text):
        found = _council_in(m.group("x"))
        if found:
            votes[found] += 3
    for m in _DOMAIN.finditer(text):
        found = council_for_domain(m.group("d"))
        if found:
            votes[found] += 3
    for mention in council_mentions(text):
        votes[mention.council] += 1
    if not votes:
        return None
    return votes.most_common(1)[0][0]
