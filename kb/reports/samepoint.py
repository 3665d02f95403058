"""One finding once: statements of the same point merged into one finding with every
citation.

An Ofsted letter, the council report that relays it, and the report's own summary often say
the same thing in nearly the same words; listing each is padding. Two findings of a council
with the same stance make the same point when their content words largely coincide, or when
their sentence vectors (stored at ingest, not computed here) are close and they share a fair
part of their words. The newest statement is the one shown (Ofsted's copy within a visit);
the others become its echoes, so a point made again at a later visit shows as recurrence.

Thresholds, measured on the same-stance sentence pairs of the default corpus (Gateshead and
Middlesbrough, about 730,000 pairs), judged by hand on samples of each band:
- word Jaccard >= 0.5 (both with 3+ content words): 8 of 8 the same point; 0.4-0.5: 5 of 10;
- cosine >= 0.82 with Jaccard 0.3-0.4: 7 of 9 the same point; cosine 0.75-0.8 alone: mostly
  different points on one topic, so similarity of meaning alone never merges.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

import numpy as np

from kb.dates import day_of
from kb.reports.findings import SOURCE_KINDS, Finding
from kb.search.query import STOPWORDS

WORDS_SAME = 0.5  # Jaccard of content words at or above which two statements are one point
WORDS_SAME_SHORT = 0.75  # the same for statements of fewer than SHORT content words
SHORT = 3
MEANING_SAME = 0.82  # sentence-vector cosine that, with WORDS_WITH_MEANING, is one point
WORDS_WITH_MEANING = 0.3

_WORD = re.compile(r"[a-z0-9]+")


def content_words(text: str) -> frozenset[str]:
    words = _WORD.findall(text.lower().replace("’", "'"))
    return frozenset(w for w in words if len(w) > 2 and w not in STOPWORDS)


def _day(iso: str | None) -> int:
    day = day_of(iso)
    return day.toordinal() if day else 0


def shown_first(finding: Finding) -> tuple[int, int, int, str, tuple[int, int]]:
    """The order in which statements of one point are considered: the newest visit (or
    document) first; within a visit Ofsted's own words, then the earliest document."""
    visit_day = _day(finding.visit.visit_start if finding.visit else None) or _day(finding.when)
    return (
        -visit_day,
        SOURCE_KINDS.index(finding.source_kind),
        _day(finding.when),
        finding.citation.document_id,
        finding.position,
    )


def similarities(
    findings: Sequence[Finding], vectors: Mapping[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairwise word Jaccard and cosine of the findings, and each one's content-word count.
    A finding without a stored vector has cosine 0 with every other."""
    words = [content_words(f.text) for f in findings]
    vocab = {w: i for i, w in enumerate(sorted(set().union(*words)))} if words else {}
    marks = np.zeros((len(findings), max(1, len(vocab))), dtype=np.float32)
    for row, found in enumerate(words):
        marks[row, [vocab[w] for w in found]] = 1.0
    sizes = marks.sum(axis=1)
    shared = marks @ marks.T
    union = sizes[:, None] + sizes[None, :] - shared
    jaccard = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
    dim = next((v.shape[1] for v in vectors.values()), 1)
    rows = np.zeros((len(findings), dim), dtype=np.float32)
    for row, finding in enumerate(findings):
        matrix = vectors.get(finding.citation.passage_id)
        if matrix is not None and 0 <= finding.index < len(matrix):
            rows[row] = matrix[finding.index]
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    rows = np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 0)
    return jaccard, rows @ rows.T, sizes


def same_point_matrix(findings: Sequence[Finding], vectors: Mapping[str, np.ndarray]) -> np.ndarray:
    """Whether each pair of findings makes the same point (same council and stance)."""
    jaccard, cosine, sizes = similarities(findings, vectors)
    short = np.minimum(sizes[:, None], sizes[None, :]) < SHORT
    by_words = jaccard >= np.where(short, WORDS_SAME_SHORT, WORDS_SAME)
    by_meaning = (cosine >= MEANING_SAME) & (jaccard >= WORDS_WITH_MEANING)
    kinds = {key: i for i, key in enumerate({(f.council, f.stance) for f in findings})}
    codes = np.array([kinds[(f.council, f.stance)] for f in findings])
    return (by_words | by_meaning) & (codes[:, None] == codes[None, :])


class SamePoints:
    """The same-point relation over a council's findings, computed once, so that merging
    any subset of them (one theme's, for the grid) reads it instead of recomputing it."""

    def __init__(self, findings: Sequence[Finding], vectors: Mapping[str, np.ndarray]) -> None:
        self.findings = sorted(findings, key=shown_first)
        self.row = {id(f): i for i, f in enumerate(self.findings)}
        self.same = (
            same_point_matrix(self.findings, vectors)
            if self.findings
            else np.zeros((0, 0), dtype=bool)
        )

    def merge(self, subset: Iterable[Finding] | None = None) -> list[Finding]:
        """One finding per point among `subset` (all by default), in `shown_first` order,
        each carrying the other statements of its point as `echoes` (a statement joins the
        first point it matches any statement of)."""
        chosen = self.findings if subset is None else list(subset)
        rows = sorted(self.row[id(f)] for f in chosen)
        same = self.same[np.ix_(rows, rows)] if rows else self.same
        ordered = [self.findings[r] for r in rows]
        point_of: list[int] = []
        heads: list[int] = []
        for i in range(len(ordered)):
            earlier = np.flatnonzero(same[i, :i])
            if earlier.size:
                point_of.append(point_of[int(earlier[0])])
            else:
                point_of.append(len(heads))
                heads.append(i)
        merged = [replace(ordered[i], echoes=[]) for i in heads]
        for i, point in enumerate(point_of):
            if i != heads[point]:
                merged[point].echoes.append(ordered[i])
        return merged


def merge_same_points(
    findings: Sequence[Finding], vectors: Mapping[str, np.ndarray]
) -> list[Finding]:
    """One finding per point (see SamePoints.merge)."""
    return SamePoints(findings, vectors).merge()
