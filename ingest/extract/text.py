"""Plain text and Markdown -> one Page, decoded as UTF-8 when it is, else by best guess."""

from __future__ import annotations

import codecs
from pathlib import Path

import charset_normalizer

from ingest.types import ExtractionError, Page

# Windows-1252 is the legacy encoding of almost every UK council file; charset-normalizer
# often ranks a code page first that reads as cleanly (cp1250 turns "£" into "Ł", mac_iceland
# turns "’" into "í"), so Windows-1252 wins ties.
_PREFERRED_LEGACY = "cp1252"
_CHAOS_TIE = 0.01  # charset-normalizer "mess" ratios closer than this are indistinguishable
_BINARY_SNIFF = 8192  # NUL bytes in the first 8 KB mean a binary file, not text in an 8-bit code
# charset-normalizer holds several decodings of what it is given: guess from slices spread over
# a large file, then decode the whole file once, so a 100 MB file fits the sandbox's memory.
_SAMPLE_SLICES = 16
_SLICE_BYTES = 64 * 1024


def extract_text(path: Path) -> list[Page]:
    data = path.read_bytes()
    return [Page(number=1, text=normalise_newlines(decode_text(path, data)))]


def normalise_newlines(text: str) -> str:
    """Windows and old Mac line ends become "\\n" so line rules see one kind of break."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else charset-normalizer's best guess."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:_BINARY_SNIFF]:
        raise ExtractionError(path, "not a text file: binary content (NUL bytes)")
    return _guess_decode(path, data)


def _guess_decode(path: Path, data: bytes) -> str:
    sample = _sample(data)
    best = charset_normalizer.from_bytes(sample).best()
    if best is None:
        raise ExtractionError(path, "not a text file: no character encoding fits its bytes")
    encoding = _PREFERRED_LEGACY if _legacy_fits(sample, best.chaos) else best.encoding
    return data.decode(encoding, errors="replace")


def _legacy_fits(sample: bytes, best_chaos: float) -> bool:
    """Windows-1252 decodes the bytes and reads as cleanly as charset-normalizer's favourite."""
    try:
        sample.decode(_PREFERRED_LEGACY)
    except UnicodeDecodeError:
        return False  # bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined in Windows-1252
    legacy = charset_normalizer.from_bytes(sample, cp_isolation=[_PREFERRED_LEGACY]).best()
    return legacy is not None and legacy.chaos <= best_chaos + _CHAOS_TIE


def _sample(data: bytes) -> bytes:
    """The whole of a small file; evenly spread slices of a large one."""
    if len(data) <= _SAMPLE_SLICES * _SLICE_BYTES:
        return data
    step = len(data) // _SAMPLE_SLICES
    return b"\n".join(data[i * step : i * step + _SLICE_BYTES] for i in range(_SAMPLE_SLICES))
