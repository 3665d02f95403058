"""Ofsted's vocabulary (kb/vocab/ofsted.toml): the grades and judgement-heading openers, and the
markers of how Ofsted's letters and reports open, their letterheads and titles, compiled once
for the splitter, the document-type and council readers and the Ofsted readers, so each is
written in one place."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

from kb.vocab.file import VOCAB_DIR, VocabError, read_vocab

OFSTED_FILE = VOCAB_DIR / "ofsted.toml"
_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL}


@dataclass(frozen=True)
class OfstedVocab:
    grade: re.Pattern[str]  # a grade anywhere: "... Requires improvement and protection"
    bare_grade: re.Pattern[str]  # a line that is only a grade: "Inadequate"
    judgement_opener: re.Pattern[str]


@cache
def ofsted_vocab(path: Path = OFSTED_FILE) -> OfstedVocab:
    """Ofsted grades and judgement-heading openers, read once."""
    data = read_vocab(path)
    grades = "|".join(_strings(data, "grades", path))
    openers = "|".join(_strings(data, "judgement_openers", path))
    return OfstedVocab(
        grade=re.compile(rf"\b(?:{grades})\b", re.IGNORECASE),
        bare_grade=re.compile(rf"^\W*(?:{grades})\W*$", re.IGNORECASE),
        judgement_opener=re.compile(rf"^\W*(?:\d+(?:\.\d+)*\.?\s*)?(?:{openers})", re.IGNORECASE),
    )


def _strings(table: dict[str, Any], key: str, path: Path) -> list[str]:
    value = table.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise VocabError(f"{path}: '{key}' must be a list of strings")
    return value


@dataclass(frozen=True)
class OfstedMarkers:
    """One compiled pattern per marker; the data file says what each is for."""

    letter_summary: re.Pattern[str]
    letter_opening: re.Pattern[str]
    letter_after_dear: re.Pattern[str]
    letter_names_council: re.Pattern[str]
    visit_to_council: re.Pattern[str]
    letter_type: re.Pattern[str]
    letter_heading: re.Pattern[str]
    letterhead: re.Pattern[str]
    letterhead_line: re.Pattern[str]
    printed_addresses: re.Pattern[str]
    hmi_sign_off: re.Pattern[str]
    file_opening: re.Pattern[str]
    report_title: re.Pattern[str]
    report_title_line: re.Pattern[str]
    report_furniture: re.Pattern[str]
    inspection_dates_line: re.Pattern[str]
    inspection_dates: re.Pattern[str]
    published_label: re.Pattern[str]
    ilacs_title: re.Pattern[str]
    ilacs_title_council: re.Pattern[str]
    report_title_beside_council: re.Pattern[str]
    lac_title: re.Pattern[str]
    sif_title: re.Pattern[str]
    jtai_title: re.Pattern[str]


@cache
def ofsted_markers(path: Path = OFSTED_FILE) -> OfstedMarkers:
    """The markers, read and compiled once; a missing, unknown or malformed one is a
    VocabError naming the file and the marker."""
    table = read_vocab(path).get("markers", {})
    names = {f.name for f in fields(OfstedMarkers)}
    unknown = sorted(set(table) - names)
    if unknown:
        raise VocabError(f"{path}: unknown Ofsted markers {unknown}")
    return OfstedMarkers(**{name: _compile(path, name, table.get(name)) for name in names})


def _compile(path: Path, name: str, entry: Any) -> re.Pattern[str]:
    if not isinstance(entry, dict):
        raise VocabError(f"{path}: marker {name!r} is missing or not a table")
    pattern = entry.get("pattern")
    alternatives = [pattern] if isinstance(pattern, str) else pattern
    if not isinstance(alternatives, list) or not all(isinstance(a, str) for a in alternatives):
        raise VocabError(f"{path}: marker {name!r}: pattern must be a string or a list of them")
    letters = entry.get("flags", "")
    if not isinstance(letters, str) or set(letters) - set(_FLAGS):
        raise VocabError(f"{path}: marker {name!r}: flags must be letters among 'ims'")
    flags = 0
    for letter in letters:
        flags |= _FLAGS[letter]
    try:
        return re.compile("|".join(alternatives), flags)
    except re.error as exc:
        raise VocabError(f"{path}: marker {name!r}: {exc}") from exc
