"""A report in the format asked for, as bytes, and its links labelled "local link" when only
this machine can open them."""

from __future__ import annotations

from typing import Any

from kb.reports.export.layout import (
    Link,
    Paragraph,
    Report,
    rebuild,
)
from kb.reports.export.text import to_csv, to_markdown
from kb.reports.export.word import to_docx

FORMATS: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


LOCAL_NOTE = (
    "Links marked “local link” open only on the computer running the knowledge base. To "
    "send working links to colleagues, the administrator sets KB_PUBLIC_URL to the address "
    "they use."
)


def local_links(report: Report) -> Report:
    """The report with every link labelled "local link" and a note saying why: without
    KB_PUBLIC_URL its links lead to this machine, which a reader elsewhere cannot open."""

    def label(value: Any) -> Any:
        if isinstance(value, Link) and "local link" not in value.text:
            shown = f"local link: {value.url}" if value.text == value.url else None
            return Link(shown or f"{value.text} (local link)", value.url)
        return value

    out: Report = rebuild(report, label)
    out.blocks.insert(min(1, len(out.blocks)), Paragraph(LOCAL_NOTE))
    return out


def render(report: Report, fmt: str) -> bytes:
    """The report in one of FORMATS, as the bytes to send or save."""
    if fmt == "csv":  # with a byte-order mark: Excel on Windows reads UTF-8 only with one
        return to_csv(report).encode("utf-8-sig")
    if fmt == "md":
        return to_markdown(report).encode("utf-8")
    if fmt == "docx":
        return to_docx(report)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")


def filename(report: Report, fmt: str) -> str:
    return f"{report.filename}.{fmt}"
