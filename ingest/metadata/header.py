"""Which meeting a council paper is for: committee, meeting date, publication date, item.

The header rules (kb/vocab/council_papers.toml) are tried in the order they are trusted;
each field is taken from the first rule that gives a valid one. A rule's match counts only
when its committee reads as a body's name, so a sentence that happens to fit a pattern
("the minutes of the previous meeting held on ...") gives nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ingest.metadata.committee import committee_name
from kb.dates import parse_date
from kb.vocab.papers import paper_vocab


@dataclass
class Header:
    committee: str | None = None
    meeting_date: date | None = None
    published: date | None = None
    item: str | None = None  # agenda item number, where the page is one item's

    def complete(self) -> bool:
        return bool(self.committee and self.meeting_date and self.published)


def _group(match: re.Match[str], name: str) -> str | None:
    return match.groupdict().get(name)


def read_header(text: str) -> Header:
    """What the paper's own furniture says about the meeting it is for."""
    header = Header()
    for rule in paper_vocab().headers:
        for match in rule.pattern.finditer(text[: rule.zone]):
            raw_committee = _group(match, "committee")
            committee = committee_name(raw_committee)
            if raw_committee is not None and committee is None:
                continue  # the pattern fitted a sentence, not a header
            held = parse_date(_group(match, "date") or "")
            if _group(match, "date") is not None and held is None and committee is None:
                continue
            header.committee = header.committee or committee
            header.meeting_date = header.meeting_date or held
            header.published = header.published or parse_date(_group(match, "published") or "")
            header.item = header.item or _group(match, "item")
            break  # one match per rule: the first is the header
        if header.complete():
            break
    return header


def body_in_minutes(text: str) -> str | None:
    """The body minutes printed without a heading say did the business: "the Scrutiny Board
    considered", "The Council received", "cabinet members noted"."""
    for match in paper_vocab().minutes_body.finditer(text[:6000]):
        raw = match.group("committee") or (match.group("lower") or match.group("bare") or "")
        found = committee_name(raw.title() if raw.islower() else raw)
        if found:
            return found
    return None
