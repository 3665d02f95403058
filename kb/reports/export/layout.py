"""The layout every export format renders: headings, paragraphs, bullets, quotes with
their citation and link, tables, and the CSV rows."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kb.dates import display_day
from kb.reports.links import Links

FINDING_COLUMNS: tuple[str, ...] = (
    "council",
    "visit",
    "source_kind",
    "document",
    "doc_type",
    "date",
    "page",
    "stance",
    "themes",
    "quote",
    "link",
)


# --- the layout every format renders -----------------------------------------------------


@dataclass
class Link:
    text: str
    url: str


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Paragraph:
    text: str
    link: Link | None = None  # a link written after the text


@dataclass
class Bullets:
    items: list[Paragraph]


@dataclass
class Quote:
    text: str
    citation: str
    link: Link


@dataclass
class Table:
    header: list[str]
    rows: list[list[str | Link]]


Block = Heading | Paragraph | Bullets | Quote | Table


@dataclass
class Report:
    title: str
    filename: str  # without extension
    blocks: list[Block] = field(default_factory=list)
    csv_header: Sequence[str] = FINDING_COLUMNS
    csv_rows: list[list[str]] = field(default_factory=list)


def slug(*parts: str | None) -> str:
    text = "-".join(p for p in parts if p)
    return re.sub(r"[^a-z0-9_]+", "-", text.lower()).strip("-")[:120] or "export"


def generated_line(links: Links) -> Paragraph:
    where = f" at {links.base.rstrip('/')}" if links.base else ""
    return Paragraph(
        f"Generated {display_day(dt.date.today().isoformat())} from the council children's "
        f"services knowledge base{where}. Each quotation links to its passage in the source."
    )


def rebuild(value: Any, change: Callable[[Any], Any]) -> Any:
    """The same report tree with `change` applied to every node, children first."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: rebuild(getattr(value, f.name), change)
            for f in dataclasses.fields(value)
            if f.init
        }
        value = dataclasses.replace(value, **changes)
    elif isinstance(value, list | tuple):
        value = type(value)(rebuild(v, change) for v in value)
    elif isinstance(value, dict):
        value = {k: rebuild(v, change) for k, v in value.items()}
    return change(value)
