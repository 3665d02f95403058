"""The sandbox: limits hold, the parent survives, every failure comes back as a reason."""

from __future__ import annotations

import operator
import os
import signal
import time
from pathlib import Path

import pytest

from ingest.sandbox import (
    ChildCrashed,
    MemoryExceeded,
    TimeoutExceeded,
    extract_safely,
    live_children,
    run_limited,
)
from ingest.types import ExtractedFile, ExtractionError
from tests.ingest.fixtures.documents import encrypt_pdf, make_pdf

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
HTML_SAVED_AS_PDF = (
    SHARED / "ofsted-reports/80543_rotherham/children's services inspection - 10 august 2012.pdf"
)


# functions run in the child: module level so that nothing but fork is needed to reach them
def _double(value: int) -> int:
    return 2 * value


def _sleep_forever() -> None:
    time.sleep(3600)


def _hog_memory() -> list[bytearray]:
    hoard = []
    while True:
        hoard.append(bytearray(16 * 1024 * 1024))


def _allocate_at_once() -> bytearray:
    return bytearray(2 * 1024 * 1024 * 1024)


def _abort() -> None:
    os.kill(os.getpid(), signal.SIGABRT)


def _raise_value_error() -> None:
    raise ValueError("bad input")


def _raise_extraction_error(path: str) -> None:
    raise ExtractionError(path, "a reason from the child")


def _assert_no_children_left() -> None:
    """Every child was killed or has ended: nothing lingers over a batch of 426 files."""
    assert live_children() == []


# ----------------------------------------------------------------------------- run_limited


def test_result_comes_back_and_overhead_is_small() -> None:
    run_limited(operator.mul, (1, 1))  # the first call starts the helper process
    calls = 20
    started = time.perf_counter()
    results = [run_limited(operator.mul, (n, 2), timeout_s=5, memory_mb=64) for n in range(calls)]
    per_call = (time.perf_counter() - started) / calls
    assert results == [2 * n for n in range(calls)]
    assert per_call < 0.05  # a few ms on an idle machine
    _assert_no_children_left()


def test_module_level_function_of_the_caller() -> None:
    assert run_limited(_double, (21,), timeout_s=20, memory_mb=256) == 42


def test_sleeping_function_is_killed_at_the_deadline() -> None:
    started = time.perf_counter()
    with pytest.raises(TimeoutExceeded):
        run_limited(_sleep_forever, timeout_s=0.5, memory_mb=64)
    assert time.perf_counter() - started < 5
    _assert_no_children_left()


def test_memory_hog_is_stopped() -> None:
    with pytest.raises(MemoryExceeded):
        run_limited(_hog_memory, timeout_s=20, memory_mb=128)
    _assert_no_children_left()


def test_single_huge_allocation_is_refused() -> None:
    with pytest.raises(MemoryExceeded):
        run_limited(_allocate_at_once, timeout_s=20, memory_mb=128)


def test_crashing_child_is_reported() -> None:
    with pytest.raises(ChildCrashed, match="SIGABRT"):
        run_limited(_abort, timeout_s=5, memory_mb=64)
    _assert_no_children_left()


def test_exception_in_child_is_reported() -> None:
    with pytest.raises(ChildCrashed, match="ValueError: bad input"):
        run_limited(_raise_value_error, timeout_s=5, memory_mb=64)


def test_extraction_error_keeps_its_path_and_reason() -> None:
    with pytest.raises(ExtractionError) as caught:
        run_limited(_raise_extraction_error, ("x.pdf",), timeout_s=5, memory_mb=64)
    assert (caught.value.path, caught.value.reason) == ("x.pdf", "a reason from the child")


# ----------------------------------------------------------------------------- extract_safely


def _safe_reason(path: Path, **limits: float) -> str:
    with pytest.raises(ExtractionError) as caught:
        extract_safely(path, **limits)  # type: ignore[arg-type]
    return caught.value.reason


def test_good_pdf_comes_back_whole(tmp_path: Path) -> None:
    path = tmp_path / "ok.pdf"
    path.write_bytes(make_pdf([["Page one text"], ["Page two text"]]))
    result = extract_safely(path)
    assert isinstance(result, ExtractedFile)
    assert [(page.number, page.text) for page in result.pages] == [
        (1, "Page one text"),
        (2, "Page two text"),
    ]


def test_bad_files_end_as_reasons(tmp_path: Path) -> None:
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(encrypt_pdf(make_pdf([["Secret"]]), user_password="pw"))
    truncated = tmp_path / "cut.pdf"
    truncated.write_bytes(make_pdf([["Some text on a page"]] * 4)[:300])
    binary = tmp_path / "noise.pdf"
    binary.write_bytes(os.urandom(4096))
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(make_pdf([[]], image_only=True))
    assert _safe_reason(locked) == "encrypted PDF: needs a password"
    assert _safe_reason(truncated).startswith("truncated PDF")
    assert _safe_reason(binary).startswith("not a PDF")
    assert _safe_reason(scan) == "no text could be extracted (scanned or image-only?)"
    _assert_no_children_left()


def test_real_html_page_saved_as_pdf() -> None:
    if not HTML_SAVED_AS_PDF.exists():
        pytest.skip("shared Ofsted reports are not available")
    assert _safe_reason(HTML_SAVED_AS_PDF) == "not a PDF: it is an HTML page"


def test_slow_file_times_out(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.html"
    depth = 200_000  # parsing this takes seconds
    bomb.write_text("<div>" * depth + "deep" + "</div>" * depth)
    assert _safe_reason(bomb, timeout_s=0.2) == "timed out after 0.2 s"


def test_file_too_big_for_the_memory_budget(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"The Panel noted the report. " * 4_000_000)  # 112 MB
    assert _safe_reason(big, memory_mb=64) == "used more than 64 MB"


def test_hundred_megabyte_text_file_ends_within_the_default_limits(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    line = "Children’s Services noted the report on care leavers.\n".encode("cp1252")
    big.write_bytes(line * (100 * 1024 * 1024 // len(line)))
    started = time.perf_counter()
    try:
        result = extract_safely(big)
    except ExtractionError as failure:  # a recorded failure is an acceptable end too
        assert failure.reason
    else:
        assert result.pages[0].text.startswith("Children’s Services noted")
    assert time.perf_counter() - started < 30
    _assert_no_children_left()
