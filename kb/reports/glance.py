"""A comparison read in two minutes: for each council and stance, a handful of findings at a
glance (the most specific, most recent and most recurrent) and the rest folded by visit,
with counts per visit so a council with many documents does not look worse for it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from kb.reports.findings import SOURCE_OFSTED, Finding
from kb.reports.links import Links
from kb.reports.samepoint import shown_first
from kb.reports.visits import VisitRef
from kb.search.standalone import is_headline_section
from kb.vocab.cues import mentions_theme

GLANCE = 5  # findings per stance and council shown at a glance
# A finding this short or this long is seldom the one to paste into a report.
SPECIFIC_WORDS = (8, 45)
NO_VISIT = "Council documents not tied to a visit"


@dataclass
class VisitFold:
    """The findings of one visit that are not shown at a glance."""

    key: str
    label: str
    findings: list[Finding]

    def to_dict(self, links: Links) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "count": len(self.findings),
            "findings": [f.to_dict(links) for f in self.findings],
        }


def visit_key(finding: Finding) -> str:
    return finding.visit.key if finding.visit else NO_VISIT


def visit_order(findings: Iterable[Finding]) -> list[str]:
    """Visit keys, newest first; council documents tied to no visit last."""
    keys: list[str] = []
    for finding in sorted(findings, key=shown_first):
        if visit_key(finding) not in keys:
            keys.append(visit_key(finding))
    return sorted(keys, key=lambda k: k == NO_VISIT)


def glance_score(finding: Finding, theme: str | None) -> float:
    """Higher is better, among the findings of one visit: a headline finding (under the
    section a letter or report leads with), specific (names the theme in its own words, a
    report-sized sentence, Ofsted's own words) and recurrent. Ties keep document order,
    since documents lead with what matters most."""
    words = len(finding.text.split())
    specific = 0.5 * (SPECIFIC_WORDS[0] <= words <= SPECIFIC_WORDS[1])
    specific += 1.0 * bool(theme and mentions_theme(finding.text, theme))
    specific += 0.5 * (finding.source_kind == SOURCE_OFSTED)
    headline = 1.0 * is_headline_section(finding.citation.heading)
    # Said again: in another document (the council's report picked it out) or at another
    # visit.
    said = len({f.citation.document_id for f in (finding, *finding.echoes)})
    recurrent = 0.5 * min(said - 1, 2)
    return headline + specific + recurrent


def at_a_glance(findings: Sequence[Finding], theme: str | None, n: int = GLANCE) -> list[Finding]:
    """Up to `n` findings, newest visit first: the best of each visit in turn (the latest
    inspection leads, and the ones before show how the picture changed), then the next
    best of each, until `n` are chosen."""
    by_visit: dict[str, list[Finding]] = {k: [] for k in visit_order(findings)}
    for finding in sorted(findings, key=shown_first):
        by_visit[visit_key(finding)].append(finding)
    queues = [sorted(v, key=lambda f: -glance_score(f, theme)) for v in by_visit.values()]
    chosen: list[Finding] = []
    while len(chosen) < n and any(queues):
        for queue in queues:
            if queue and len(chosen) < n:
                chosen.append(queue.pop(0))
    return sorted(chosen, key=shown_first)


def folded_by_visit(findings: Sequence[Finding], shown: Sequence[Finding]) -> list[VisitFold]:
    """The findings not shown, grouped by the visit they are about, newest visit first."""
    ids = {f.id for f in shown}
    rest = sorted((f for f in findings if f.id not in ids), key=shown_first)
    folds: dict[str, VisitFold] = {}
    for finding in rest:
        key = visit_key(finding)
        label = finding.visit.label if finding.visit else NO_VISIT
        folds.setdefault(key, VisitFold(key, label, [])).findings.append(finding)
    return list(folds.values())


def visit_count(visits: Iterable[VisitRef | None]) -> int:
    return len({v.key for v in visits if v is not None})


def per(count: int, base: int) -> float:
    return round(count / base, 1) if base else float(count)


def rate_label(counts: dict[str, int], visits: int, documents: int) -> str:
    """'2.5 areas for improvement and 1.0 strengths per visit (4 visits)': per visit when
    the documents tell of visits, else per document."""
    base, unit = (visits, "visit") if visits else (documents, "document")
    afi = per(counts.get("area_for_improvement", 0), base)
    strengths = per(counts.get("strength", 0), base)
    plural = "s" if base != 1 else ""
    return (
        f"{afi} areas for improvement and {strengths} strengths per {unit} ({base} {unit}{plural})"
    )
