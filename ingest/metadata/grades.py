"""Judgement grades an Ofsted report states: the ILACS first-page table, the SIF report's
numbered judgements and LSCB sentence, the 2012-13 looked-after children inspections'
"Record of main findings"."""

from __future__ import annotations

import re

from kb.vocab.kinds import GRADES
from kb.vocab.ofsted import ofsted_markers

_A = "['’]"
_I = re.IGNORECASE

_GRADE = r"(?P<g>outstanding|good|requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate)"
# ILACS first-page table: label, then its grade.
_ILACS_LABELS: list[tuple[str, str]] = [
    (
        "impact_of_leaders",
        r"impact\s+of\s+leaders\s+on\s+(?:social\s+work\s+)?practice\s+with\s+children\s+and\s+families",
    ),
    (
        "help_and_protection",
        r"experiences\s+and\s+progress\s+of\s+children\s+who\s+need\s+help\s+and\s+protection",
    ),
    # The 2018-2023 framework's one judgement for both (kb/vocab/judgements.toml says
    # which areas it covers); `in_care` is kept with it, as before.
    (
        "in_care_and_care_leavers",
        r"experiences\s+and\s+progress\s+of\s+children\s+in\s+care\s+and\s+care\s+leavers",
    ),
    (
        "in_care",
        r"experiences\s+and\s+progress\s+of\s+children\s+in\s+care(?:\s+and\s+care\s+leavers)?",
    ),
    # "children care leavers" is a typo in one report.
    ("care_leavers", r"experiences\s+and\s+progress\s+of\s+(?:children\s+)?care\s+leavers"),
    ("overall_effectiveness", r"overall\s+effectiveness"),
]
# SIF first page: numbered judgements.
_SIF_LABELS: list[tuple[str, str]] = [
    ("help_and_protection", r"Children\s+who\s+need\s+help\s+and\s+protection"),
    ("in_care", r"Children\s+looked\s+after\s+and\s+achieving\s+permanence"),
    ("adoption_performance", r"Adoption\s+performance"),
    ("care_leavers", r"Experiences\s+and\s+progress\s+of\s+care\s+leavers"),
    ("leadership_management_governance", r"Leadership,?\s+management\s+and\s+governance"),
]
_SIF_OVERALL = re.compile(
    rf"(?:overall\s+judgement\s+is\s+(?:that\s+)?(?:children{_A}s\s+services\s+(?:in\s+[^\n]{{0,60}}?\s+)?)?"
    rf"|Children{_A}s\s+services\s+in\s+[^\n]{{2,80}}?\s+)"
    r"(?:are|is|require|requires|remain|remains)?\s*" + _GRADE,
    _I,
)
# The LSCB's judgement sentence: "The Local Safeguarding Children Board requires
# improvement", "The effectiveness of the LSCB is good" - capitalised "The", so the
# definitions under "What the inspection judgements mean" ("An LSCB that is good") and
# mid-sentence mentions do not count.
_LSCB = re.compile(
    r"The\s+(?i:local\s+safeguarding\s+children\s+board(?:\s+\(LSCB\))?"
    r"|effectiveness\s+of\s+the\s+LSCB|LSCB)"
    r"(?:\s+in\s+[A-Z][\w ]{1,40}?)?\s+(?i:(?:is|are)\s+)?(?i:" + _GRADE + r")\b"
)
# The looked-after children inspections of 2012-13: "Record of main findings".
_LAC_GRADE = r"(?P<g>outstanding|good|adequate|inadequate)"
_LAC_LABELS: list[tuple[str, str]] = [
    ("overall_effectiveness", r"Overall\s+effectiveness"),
    ("capacity_to_improve", r"Capacity\s+to\s+improve"),
    (
        "outcomes_for_looked_after_children",
        r"Outcomes\s+for\s+looked\s+after\s+children\s+and\s+young\s+people",
    ),
    ("quality_of_provision", r"Quality\s+of\s+provision"),
    ("leadership_and_management", r"Leadership\s+and\s+management"),
]


def normalise_grade(raw: str) -> str | None:
    """'Requires improvement to be good' -> 'requires improvement'.

    'adequate' is kept for the 2012-13 inspections, whose scale had it.
    """
    text = " ".join(raw.lower().split())
    if text.startswith("require"):
        return "requires improvement"
    return text if text in GRADES or text == "adequate" else None


def grades(text: str) -> dict[str, str]:
    """Judgement grades a report states (first-page table, or older reports' summaries)."""
    head = " ".join(text[:6000].split())
    if ofsted_markers().sif_title.search(head[:1500]):
        return _sif_grades(head, " ".join(text.split()))
    if ofsted_markers().lac_title.search(head[:600]):
        return _lac_grades(" ".join(text.split()))
    return _labelled(head, _ILACS_LABELS, gap=r"[\s:.]*")


def _labelled(
    head: str, labels: list[tuple[str, str]], gap: str, grade_re: str = _GRADE
) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, label in labels:
        m = re.search(rf"{label}{gap}{grade_re}\b", head, _I)
        if m and key not in found:
            grade = normalise_grade(m.group("g"))
            if grade:
                found[key] = grade
    return found


def _lac_grades(full: str) -> dict[str, str]:
    """Grades of the 2012-13 looked-after children inspections (old four-point scale)."""
    table = full.rfind("Record of main findings")
    if table == -1:
        return {}
    return _labelled(full[table:], _LAC_LABELS, gap=r"\s*", grade_re=_LAC_GRADE)


def _sif_grades(head: str, full: str) -> dict[str, str]:
    found = _labelled(head, _SIF_LABELS, gap=r"\s*")
    overall = _SIF_OVERALL.search(head)
    if overall:
        grade = normalise_grade(overall.group("g"))
        if grade:
            found = {"overall_effectiveness": grade, **found}
    lscb = _LSCB.search(full)
    if lscb:
        grade = normalise_grade(lscb.group("g"))
        if grade:
            found["lscb"] = grade
    return found
