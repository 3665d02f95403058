"""The closed sets of the domain, each declared once with the label the app shows.

They are `StrEnum`s, so a member is the very string stored in SQLite and Chroma and sent in
JSON ("area_for_improvement" == Stance.AREA_FOR_IMPROVEMENT): old stores read unchanged.
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """A closed set whose members print as the strings they stand for, in reprs too, so
    logs, reports and benchmark output read as they did when these were plain strings."""

    def __repr__(self) -> str:
        return repr(self.value)


class Stance(Kind):
    STRENGTH = "strength"
    AREA_FOR_IMPROVEMENT = "area_for_improvement"
    NEUTRAL = "neutral"  # context, description, procedure: never listed as a finding

    @property
    def label(self) -> str:
        return STANCE_LABELS[self]


class DocType(Kind):
    MINUTES = "minutes"
    AGENDA = "agenda"
    REPORT = "report"
    DECISION = "decision"
    OFSTED_LETTER = "ofsted_letter"
    OFSTED_REPORT = "ofsted_report"
    PRESENTATION = "presentation"

    @property
    def label(self) -> str:
        return DOC_TYPE_LABELS[self]


class VisitType(Kind):
    """Ofsted's kinds of inspection and visit; the value is how the app writes it."""

    STANDARD = "standard inspection"
    SHORT = "short inspection"
    SIF = "SIF inspection"
    FOCUSED = "focused visit"
    MONITORING = "monitoring visit"
    JTAI = "JTAI"


class Grade(Kind):
    """Ofsted's four-point scale, as the judgements print it."""

    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires improvement"
    INADEQUATE = "inadequate"


class SearchMode(Kind):
    HYBRID = "hybrid"
    DENSE = "dense"
    KEYWORD = "keyword"


STANCE_LABELS: dict[str, str] = {
    Stance.STRENGTH: "Strength",
    Stance.AREA_FOR_IMPROVEMENT: "Area for improvement",
    Stance.NEUTRAL: "Neutral",
}
STANCES: tuple[str, ...] = tuple(Stance)

DOC_TYPE_LABELS: dict[str, str] = {
    DocType.MINUTES: "Minutes",
    DocType.AGENDA: "Agenda",
    DocType.REPORT: "Council report",
    DocType.DECISION: "Decision",
    DocType.OFSTED_LETTER: "Ofsted letter",
    DocType.OFSTED_REPORT: "Ofsted inspection report",
    DocType.PRESENTATION: "Presentation",
}

OFSTED_DOC_TYPES: frozenset[str] = frozenset({DocType.OFSTED_LETTER, DocType.OFSTED_REPORT})
VISIT_TYPES: tuple[str, ...] = tuple(VisitType)
GRADES: tuple[str, ...] = tuple(Grade)
MODES: tuple[str, ...] = tuple(SearchMode)
