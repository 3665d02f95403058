"""The evidence basket: quotations an officer gathers from answers, searches, comparisons and
timelines, laid out as a report with numbered references.

An item names a passage and, optionally, sentence spans within it (`3f2a…:120-188`). The
quotation is cut from the stored passage text, so it is word for word what the document says
whatever the browser sent, and a passage that has since changed or gone is reported as
missing, never made up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kb.errors import KbError
from kb.reports.export.cited import hit_row
from kb.reports.export.layout import (
    FINDING_COLUMNS,
    Heading,
    Link,
    Paragraph,
    Quote,
    Report,
    generated_line,
    slug,
)
from kb.reports.links import Links
from kb.search.knowledge import KnowledgeBase
from kb.search.records import Hit

MAX_ITEMS = 100  # a committee report quotes tens of passages; more is a mistake or abuse
MAX_SPANS = 20
_ITEM = re.compile(r"([0-9a-f]{8,64})(?::(\d{1,7}-\d{1,7}(?:,\d{1,7}-\d{1,7})*))?")
_BULLET = "-–•·*▪●◦ \n\t"


class ItemError(KbError, ValueError):
    """A basket item that is not a passage id with optional spans."""

    status = 422


@dataclass(frozen=True)
class Item:
    passage_id: str
    spans: tuple[tuple[int, int], ...] = ()

    @property
    def key(self) -> str:
        return item_key(self.passage_id, self.spans)


def item_key(passage_id: str, spans: Iterable[tuple[int, int]] = ()) -> str:
    """The item as the basket stores it and URLs carry it: `pid` or `pid:s-e,s-e`."""
    marks = ",".join(f"{s}-{e}" for s, e in list(spans)[:MAX_SPANS])
    return f"{passage_id}:{marks}" if marks else passage_id


def parse_item(value: str) -> Item:
    match = _ITEM.fullmatch(value.strip().lower())
    if not match:
        raise ItemError(
            f"item {value[:80]!r} is not a passage id with optional sentence spans "
            "(like 3f2a9c0d41e7b5a2:120-188)"
        )
    spans = [tuple(map(int, part.split("-"))) for part in (match[2] or "").split(",") if part]
    if len(spans) > MAX_SPANS:
        raise ItemError(f"item {value[:80]!r} has {len(spans)} spans; the limit is {MAX_SPANS}")
    return Item(match[1], tuple((s, e) for s, e in spans if s < e))


def parse_items(values: Sequence[str]) -> list[Item]:
    """Items in the order given, each once."""
    if len(values) > MAX_ITEMS:
        raise ItemError(f"{len(values)} items; a basket holds at most {MAX_ITEMS}")
    return list({item.key: item for item in map(parse_item, values)}.values())


@dataclass
class Evidence:
    n: int
    key: str
    hit: Hit  # the passage with its document's metadata; `marked` holds the quoted spans
    text: str  # the quotation, word for word

    def link(self, links: Links) -> str:
        """The passage in its document, the quoted sentences highlighted."""
        return links.passage(self.hit.id, self.hit.marked)


@dataclass
class Basket:
    evidence: list[Evidence]
    missing: list[str]  # keys of items whose passage is no longer in the knowledge base


def quotation(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The spans of the passage text joined by an ellipsis; the whole passage without any."""
    pieces = [" ".join(text[s:e].split()).lstrip(_BULLET) for s, e in spans]
    return " … ".join(p for p in pieces if p) or " ".join(text.split())


def gather(kb: KnowledgeBase, items: Sequence[Item]) -> Basket:
    hits = kb.hits([item.passage_id for item in items])
    evidence: list[Evidence] = []
    missing: list[str] = []
    for item in items:
        hit = hits.get(item.passage_id)
        if hit is None:
            missing.append(item.key)
            continue
        hit.marked = [(s, min(e, len(hit.text))) for s, e in item.spans if s < len(hit.text)]
        text = quotation(hit.text, hit.marked)
        evidence.append(Evidence(len(evidence) + 1, item.key, hit, text))
    return Basket(evidence, missing)


def basket_report(basket: Basket, links: Links, title: str = "") -> Report:
    """Each quotation with its numbered source, then the numbered references with links."""
    title = " ".join(title.split()) or "Evidence"
    report = Report(title, slug("evidence", title[:60]))
    report.blocks.append(generated_line(links))
    if not basket.evidence:
        report.blocks.append(Paragraph("The basket is empty."))
    else:
        report.blocks.append(Heading("Quotations", 1))
    for e in basket.evidence:
        link = Link("source passage", e.link(links))
        report.blocks.append(Quote(e.text, f"[{e.n}] {e.hit.citation}", link))
    if basket.evidence:
        report.blocks.append(Heading("References", 1))
    for e in basket.evidence:
        url = e.link(links)
        report.blocks.append(Paragraph(f"[{e.n}] {reference(e.hit)}", Link(url, url)))
    if basket.missing:
        report.blocks.append(
            Paragraph(
                f"{len(basket.missing)} item(s) of the basket were left out: their passage is "
                "no longer in the knowledge base (its document was changed or removed)."
            )
        )
    report.csv_header = ("n", *FINDING_COLUMNS)
    report.csv_rows = [hit_row(e.n, e.hit, e.text, e.link(links)) for e in basket.evidence]
    return report


def reference(hit: Hit) -> str:
    """Council, document, type, date and page, as a reference list gives them."""
    citation = hit.citation
    return citation if citation.endswith(".") else f"{citation}."
