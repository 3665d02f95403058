"""Findings cut from passages: a passage with its document's metadata (a FindingSource),
each of its strength or area-for-improvement sentences as a quotable finding, and the
themes of each such sentence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from kb.reports.findings import (
    FINDING_STANCES,
    WORDS,
    Citation,
    Finding,
    source_kind,
)
from kb.reports.visits import VisitIndex, VisitRef, visit_of
from kb.search.records import DocMeta, Hit, Passage, Sentence
from kb.search.standalone import bare, quote_span
from kb.vocab.cues import mentions_theme
from kb.vocab.themes import THEME_BY_ID

# Units ingest marks as never quoted: headings, and lead-ins (their items are quoted). A
# "reference" unit leans on the one before and is quoted with it (kb.standalone).
UNQUOTED = frozenset({"heading", "lead_in"})
MIN_WORDS = 3  # shorter units are list labels ("Family time:"), not findings


@dataclass
class FindingSource:
    """What findings are cut from: a passage, its document's metadata (both whole, as a search
    hit holds them) and the visit the document is about."""

    passage: Passage
    meta: DocMeta
    visit: VisitRef | None = None


def source_from_hit(hit: Hit, visits: VisitIndex | None = None) -> FindingSource:
    """A passage with its document's metadata as a finding source."""
    return FindingSource(hit, hit, visits.link(hit) if visits else visit_of(hit))


def clean_sentence(raw: str) -> str:
    """The sentence as it reads: no bullet mark or list number, one space between words."""
    return bare(raw)


def findings_of(source: FindingSource, spans: Sequence[Sentence] | None = None) -> list[Finding]:
    """Each strength or area-for-improvement sentence of a passage as a finding.

    `spans` limits the sentences (a topic search keeps only those on its topic)."""
    passage, meta = source.passage, source.meta
    chosen = passage.sentences if spans is None else spans
    citation = Citation(
        passage.id,
        passage.document_id,
        meta.title,
        meta.doc_type,
        meta.date,
        passage.page,
        meta.council,
        passage.heading,
    )
    kind = source_kind(meta.doc_type, source.visit)
    offsets = [(s.start, s.end) for s in passage.sentences]
    index_of = {start: i for i, (start, _) in enumerate(offsets)}
    out: list[Finding] = []
    for sentence in chosen:
        index = index_of.get(sentence.start, -1)
        # Ingest's headings and lead-ins are never findings (a lead-in's items are).
        if sentence.stance not in FINDING_STANCES or index < 0 or sentence.kind in UNQUOTED:
            continue
        # Headings, lead-ins, boilerplate and a leaning sentence with nothing to lean on
        # are not quoted; a leaning sentence is quoted with the one before.
        span = quote_span(passage.text, offsets, index, passage.heading, lead_in_items=0)
        if span is None:
            continue
        if out and span[0] < out[-1].end and out[-1].stance == sentence.stance:
            out[-1] = _extended(out[-1], passage.text, span[1], passage.themes)
            continue
        text = clean_sentence(passage.text[span[0] : span[1]])
        if not is_finding_text(text):
            continue
        out.append(
            Finding(
                text=text,
                stance=sentence.stance,
                themes=own_themes(sentence, text, passage.themes),
                council=meta.council,
                source_kind=kind,
                visit=source.visit,
                # a finding is one sentence: cite the page it is on
                citation=replace(citation, page=sentence.page or citation.page),
                start=span[0],
                end=span[1],
                when=meta.effective_date,
                position=(passage.ordinal, span[0]),
                in_kind=sentence.stance == passage.stance,
                index=index,
            )
        )
    return out


def _extended(finding: Finding, text: str, end: int, themes: Sequence[str]) -> Finding:
    """A finding carried on by the next sentence, which leans on it: one quote of both."""
    quoted = clean_sentence(text[finding.start : end])
    return replace(finding, text=quoted, end=end, themes=sentence_themes(quoted, themes))


def is_finding_text(text: str) -> bool:
    """A list label ("Family time:") or a lead-in ("Plans need to:") says nothing alone."""
    return len(WORDS.findall(text)) >= MIN_WORDS and not text.rstrip("-– ").endswith(":")


# --- themes of one sentence ----------------------------------------------------------------


def own_themes(sentence: Sentence, text: str, passage_themes: Sequence[str]) -> list[str]:
    """The themes ingestion gave the sentence itself that its quote's words name (a cue of
    the theme, specific or general), within its passage's; for stores written before
    sentences were tagged, the passage's themes its words point to. A theme read by meaning
    alone tags the sentence for search but does not list it in a comparison: a sentence
    that names none of its theme's words leans on its context more often than not (on
    findings_labels, listed usable 0.876 -> 0.907)."""
    if sentence.themes is None:
        return sentence_themes(text, passage_themes)
    return [t for t in sentence.themes if t in passage_themes and mentions_theme(text, t)]


def sentence_themes(text: str, passage_themes: Sequence[str]) -> list[str]:
    """The passage's themes that this sentence's own words point to; all of them when its
    words point to none (a sentence inherits its passage's topic)."""
    narrowed = [t for t in passage_themes if t in THEME_BY_ID and mentions_theme(text, t)]
    return narrowed or list(passage_themes)
