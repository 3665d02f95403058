"""Display names and formats shared by every page: labels, dates, visits, council colours."""

from __future__ import annotations

import re
from typing import Any

from kb.dates import human_date, month_name
from kb.vocab.kinds import DOC_TYPE_LABELS, STANCE_LABELS
from kb.vocab.themes import THEME_BY_ID

COUNCIL_COLOURS = 8  # chip colours in style.css: .chip--c0 ... .chip--c7


def labels() -> dict[str, Any]:
    """The display names the page script needs; one source of truth with the templates."""
    return {
        "doc_types": DOC_TYPE_LABELS,
        "stances": STANCE_LABELS,
        "colours": COUNCIL_COLOURS,
        "months": [month_name(m) for m in range(1, 13)],
    }


def council_colour(council: str | None) -> int:
    """A stable chip colour per council; app.js computes the same sum of code points."""
    return sum(map(ord, council or "")) % COUNCIL_COLOURS


def nice_date(value: str | None) -> str:
    """2018-05-09 -> 9 May 2018; anything that is not an ISO date is shown as it is."""
    return human_date(value) or ""


def doc_type_label(doc_type: str | None) -> str:
    return DOC_TYPE_LABELS.get(doc_type or "", doc_type or "")


def visit_label(
    visit_type: str | None, number: int | None, start: str | None, end: str | None
) -> str:
    """ "Monitoring visit 6, 1 November 2022 to 2 November 2022"."""
    if not visit_type:
        return ""
    text = visit_type[:1].upper() + visit_type[1:]
    if number:
        text += f" {number}"
    if start and end and start != end:
        text += f", {nice_date(start)} to {nice_date(end)}"
    elif start:
        text += f", {nice_date(start)}"
    return text


def theme_label(theme_id: str) -> str:
    theme = THEME_BY_ID.get(theme_id)
    return theme.label if theme else theme_id.replace("_", " ")


def quote_text(text: str) -> str:
    """A quoted sentence without the list bullet it was cut from."""
    return re.sub(r"^[\s\-–•·*▪●◦]+", "", text)
