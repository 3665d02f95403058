"""Hostile and broken files through the whole ingest pipeline, in one batch.

Each file must end, within the extraction limits (30 s, 512 MB by default), either as a failure
recorded with a reason a person can act on or, where the file is legitimately readable, as a
bounded success; the ingesting process must not swell; and the good file at the end of the
batch must still be ingested. Every hostile file is generated here, in a temporary folder.
"""

from __future__ import annotations

import io
import re
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from ingest.pipeline import FileOutcome, Ingestor
from ingest.sandbox import live_children
from kb.search.embedder import FakeEmbedder
from kb.search.knowledge import KnowledgeBase
from kb.settings import Settings
from tests.ingest.fixtures.documents import FONT, one_page_pdf, page, serialise, stream, text_ops

MB = 1024 * 1024
PARENT_GROWTH_MB = 64  # the ingesting process: peak resident memory added by one file

GOOD = """# Focused visit to Gateshead children's services

## Areas for improvement

Most pathway plans written by personal advisers for care leavers could be better, and
contingency planning is vague and lacks meaning for young people.
"""

# ----------------------------------------------------------------------------- PDF by hand


def deflate_bomb(unit: bytes, inflated_mb: int) -> bytes:
    """A zlib stream inflating to `inflated_mb` MB of `unit` repeated, built in a fraction of a
    second: one fully flushed deflate block stands alone, so it can simply be repeated."""
    chunk = unit * (MB // len(unit))
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush()
    checksum = 1
    for _ in range(inflated_mb):
        checksum = zlib.adler32(chunk, checksum)
    return b"\x78\xda" + block * inflated_mb + end + checksum.to_bytes(4, "big")


def pdf_bomb(unit: bytes, inflated_mb: int = 600) -> bytes:
    """Under a megabyte on disk; one page whose content stream inflates to `inflated_mb` MB."""
    return one_page_pdf(stream(deflate_bomb(unit, inflated_mb), b"/Filter /FlateDecode "))


def many_pages_pdf(pages: int, every: int = 1) -> bytes:
    """`pages` pages; every `every`th one shows a line of text (one shared content stream),
    the others are blank."""
    kids = b" ".join(b"%d 0 R" % (6 + n) for n in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        FONT,
        stream(b""),
        stream(text_ops("Care leavers said their pathway plans were reviewed.")),
    ]
    objects += [page(5 if n % every == 0 else 4) for n in range(pages)]
    return serialise(objects)


def circular_pdf() -> bytes:
    """The page tree loops: /Pages lists itself among its kids."""
    return serialise(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R 2 0 R] /Count 2 >>",
            FONT,
            page(5),
            stream(text_ops("A page inside a loop")),
        ]
    )


def encrypted_pdf() -> bytes:
    plain = one_page_pdf(stream(text_ops("Confidential minutes")))
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plain)))
    writer.encrypt("secret", "owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_only_pdf() -> bytes:
    image = stream(
        b"\x00\x80\x80\xff",
        b"/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 ",
    )
    return serialise(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            image,
            page(5, b"/XObject << /Im1 3 0 R >>"),
            stream(b"q 200 0 0 200 72 500 cm /Im1 Do Q"),
        ]
    )


# ----------------------------------------------------------------------------- the batch

SANDBOX_LIMIT = r"^(used more than 512 MB|timed out after 30 s)$"
DEPTH = 4_000_000  # 44 MB of tags nested four million deep: under KB_MAX_FILE_MB


def _text(value: str) -> Callable[[], bytes]:
    return lambda: value.encode("utf-8")


# name -> (what must come of it: a regex for the failure reason, or "added"; the file's bytes)
CASES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "bomb-whitespace.pdf": (SANDBOX_LIMIT, lambda: pdf_bomb(b" ")),
    "bomb-text.pdf": (SANDBOX_LIMIT, lambda: pdf_bomb(b"BT /F1 9 Tf (Care) Tj ET\n")),
    "pages-10000.pdf": ("added", lambda: many_pages_pdf(10_000, every=10)),
    "circular.pdf": (r"^corrupt PDF: .*cyclic page references", circular_pdf),
    "truncated.pdf": (
        r"^truncated PDF \(no end-of-file marker\)",
        lambda: many_pages_pdf(4)[:400],
    ),
    "encrypted.pdf": (r"^encrypted PDF: needs a password$", encrypted_pdf),
    "image-only.pdf": (r"^no text could be extracted \(scanned or image-only\?\)$", image_only_pdf),
    "bomb-nested.html": (SANDBOX_LIMIT, _text("<div>" * DEPTH + "x" + "</div>" * DEPTH)),
    "scripts-only.html": (
        r"^no text could be extracted",
        _text(
            "<html><head><script>var a = 1;</script></head>"
            "<body><nav>Home</nav><script>track()</script></body></html>"
        ),
    ),
    "huge.txt": (
        r"^file too large: 100\.0 MB; the limit is 50 MB \(KB_MAX_FILE_MB\)$",
        lambda: b"The Panel noted the report on care leavers.\n" * (100 * MB // 44),
    ),
    "binary.txt": (
        r"^not a text file: binary content \(NUL bytes\)$",
        lambda: bytes(range(256)) * 4096,
    ),
    "whitespace.txt": (r"^no text could be extracted", _text(" \n\t\n" * 1000)),
    "page-furniture.txt": (
        r"^no text left after cleaning$",
        _text("Page 1 of 2\n\n2\n\f\nPage 2 of 2\n\n3\n"),
    ),
    "zz-good.md": ("added", _text(GOOD)),  # last: the batch goes on after all of them
}


@dataclass
class Result:
    outcome: FileOutcome
    seconds: float
    parent_growth_mb: float


def _status_kb(field: str) -> int:
    match = re.search(rf"^{field}:\s+(\d+) kB", Path("/proc/self/status").read_text(), re.M)
    return int(match.group(1)) if match else 0


def _reset_peak() -> bool:
    """Linux resets VmHWM to the current RSS on '5' written to clear_refs."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _warm_up(tmp: Path) -> Path:
    path = tmp / "warm-up.md"
    path.write_text(GOOD.replace("Gateshead", "Middlesbrough"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[KnowledgeBase, dict[str, Result]]:
    tmp = tmp_path_factory.mktemp("hostile")
    folder = tmp / "batch"
    folder.mkdir()
    for name, (_, make) in CASES.items():
        (folder / name).write_bytes(make())
    kb = KnowledgeBase(Settings(home=tmp / "home"), FakeEmbedder())
    ingestor = Ingestor(kb)
    # one-off costs first, so that what is measured per file is that file's
    assert kb.vectors.count() == 0 and ingestor.tagger and ingestor.chunker
    ingestor.ingest_file(_warm_up(tmp))
    results = {}
    for path in sorted(folder.iterdir()):
        rss = _status_kb("VmRSS")
        peak_known = _reset_peak()
        started = time.perf_counter()
        outcome = ingestor.ingest_file(path)
        seconds = time.perf_counter() - started
        peak = _status_kb("VmHWM") if peak_known else _status_kb("VmRSS")
        results[path.name] = Result(outcome, seconds, (peak - rss) / 1024)
    return kb, results


@pytest.mark.parametrize("name", list(CASES))
def test_each_file_ends_explained_and_bounded(batch, name: str) -> None:
    kb, results = batch
    expect = CASES[name][0]
    result = results[name]
    outcome = result.outcome
    settings = kb.settings
    # the sandbox's deadline plus a little for killing the child and the pipeline's own work
    assert result.seconds < settings.extract_timeout_s + 5, result
    assert result.parent_growth_mb < PARENT_GROWTH_MB, result
    record = kb.file(outcome.source)
    assert record is not None, "every file is recorded"
    if expect == "added":
        assert outcome.status == "added" and outcome.added > 0, outcome
        assert record.status == "done" and record.passages == outcome.added
    else:
        assert outcome.status == "failed", outcome
        assert outcome.error and re.search(expect, outcome.error), outcome.error
        assert record.status == "failed" and record.error == outcome.error


def test_the_batch_went_on_and_the_stores_agree(batch) -> None:
    kb, results = batch
    assert [name for name in results] == sorted(CASES)  # every file had its turn, in order
    hits = kb.search("contingency planning vague lacks meaning", k=5, mode="keyword").hits
    # the good file after every hostile one was ingested (the warm-up file says the same
    # words about another council, so the two tie on keywords)
    assert any(h.source.endswith("zz-good.md") for h in hits)
    assert kb.check().ok
    assert live_children() == []  # no extraction child outlived its file
    # nothing ended silently: each failure has a reason, each success has passages
    for name, result in results.items():
        outcome = result.outcome
        assert outcome.status in {"added", "failed"}, (name, outcome)
        assert (outcome.status == "failed") == bool(outcome.error), (name, outcome)
        assert outcome.status == "failed" or outcome.added > 0, (name, outcome)


def test_a_file_yielding_too_much_text_is_refused_before_chunking(tmp_path: Path) -> None:
    """KB_MAX_TEXT_MB: text beyond the limit is a recorded failure, not hours of embedding."""
    kb = KnowledgeBase(Settings(home=tmp_path / "home", max_text_mb=1), FakeEmbedder())
    big = tmp_path / "log.txt"
    big.write_text("Children's services noted the report.\n" * 40_000)  # 1.52 million characters
    small = tmp_path / "minutes.txt"
    small.write_text("The Panel noted the report on care leavers and pathway plans.\n")
    ingestor = Ingestor(kb)
    outcome = ingestor.ingest_file(big)
    assert outcome.status == "failed"
    assert outcome.error == (
        "extracted text too large: 1.5 million characters; the limit is 1 million (KB_MAX_TEXT_MB)"
    )
    assert ingestor.timings["chunk"] == 0  # refused before any chunking
    assert ingestor.ingest_file(small).status == "added"


def test_a_file_over_the_size_limit_is_not_even_read(tmp_path: Path) -> None:
    kb = KnowledgeBase(Settings(home=tmp_path / "home", max_file_mb=1), FakeEmbedder())
    big = tmp_path / "pack.pdf"
    big.write_bytes(b"%PDF-1.7\n" + b"0" * (2 * MB))
    ingestor = Ingestor(kb)
    outcome = ingestor.ingest_file(big)
    assert outcome.error == "file too large: 2.0 MB; the limit is 1 MB (KB_MAX_FILE_MB)"
    assert ingestor.timings["hash"] == 0 and ingestor.timings["extract"] == 0
    record = kb.file(outcome.source)
    assert record is not None and record.status == "failed" and record.error == outcome.error
