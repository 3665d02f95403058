"""Marked spans: the sentences of a passage that answer the question, as (text, marked)
pieces for the templates and as the `mark=` parameter of a citation's link."""

from __future__ import annotations

import re

MAX_MARKS = 20  # a passage has a handful of sentences; more spans than this is not a citation


def marked_pieces(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """Cut text into (piece, marked) runs; overlapping or out-of-range spans are tidied."""
    pieces: list[tuple[str, bool]] = []
    cursor = 0
    for start, end in sorted((max(0, s), min(len(text), e)) for s, e in spans):
        start = max(start, cursor)
        if end <= start:
            continue
        if start > cursor:
            pieces.append((text[cursor:start], False))
        pieces.append((text[start:end], True))
        cursor = end
    if cursor < len(text):
        pieces.append((text[cursor:], False))
    return pieces


def mark_param(spans: list[tuple[int, int]]) -> str:
    """The spans as a link's `mark=` value (api/urls.py), as parse_marks reads it back."""
    return ",".join(f"{s}-{e}" for s, e in spans[:MAX_MARKS])


def parse_marks(value: str | None, length: int) -> list[tuple[int, int]]:
    """`12-80,95-140` -> spans within a passage of `length`; anything malformed is ignored."""
    spans: list[tuple[int, int]] = []
    for part in (value or "").split(",")[:MAX_MARKS]:
        match = re.fullmatch(r"\s*(\d{1,7})-(\d{1,7})\s*", part)
        if match:
            start, end = int(match[1]), min(int(match[2]), length)
            if start < end:
                spans.append((start, end))
    return spans
