"""CSV and Markdown renderings of a report."""

from __future__ import annotations

import csv
import io
import re

from kb.reports.export.layout import (
    Block,
    Bullets,
    Heading,
    Link,
    Paragraph,
    Quote,
    Report,
)


def _safe_cell(value: str) -> str:
    # A cell opening with = + - @ runs as a formula in spreadsheets; document text is not
    # ours to run, so such cells are marked as text.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def to_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(report.csv_header)
    writer.writerows([_safe_cell(v) for v in row] for row in report.csv_rows)
    return out.getvalue()


# Markdown syntax in document text is escaped, so a document's "![img](http://...)" or
# "[text](url)" is shown as written, never as a live image or a disguised link. ('_' inside
# a word, as in KB_PUBLIC_URL, is no emphasis in CommonMark, so it is left alone.)
_MD_SYNTAX = re.compile(r"([\\`*\[\]!~#>])")


def _md_text(text: str) -> str:
    flat = " ".join(text.split()).replace("<", "&lt;")
    return _MD_SYNTAX.sub(r"\\\1", flat)


def _md_cell(value: str | Link) -> str:
    if isinstance(value, Link):
        return f"[{_md_cell(value.text)}]({value.url})"
    return _md_text(value).replace("|", "\\|") or " "


def _md_paragraph(p: Paragraph) -> str:
    return _md_text(p.text) + (f" ([{p.link.text}]({p.link.url}))" if p.link else "")


def _md_block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"{'#' * (block.level + 1)} {_md_text(block.text)}"
    if isinstance(block, Paragraph):
        return _md_paragraph(block)
    if isinstance(block, Bullets):
        return "\n".join(f"- {_md_paragraph(p)}" for p in block.items)
    if isinstance(block, Quote):
        return (
            f"> “{_md_text(block.text)}”\n>\n> — {_md_text(block.citation)} "
            f"([{block.link.text}]({block.link.url}))"
        )
    lines = [
        "| " + " | ".join(_md_cell(h) for h in block.header) + " |",
        "|" + "---|" * len(block.header),
    ]
    lines.extend("| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block.rows)
    return "\n".join(lines)


def to_markdown(report: Report) -> str:
    parts = [f"# {_md_text(report.title)}", *(_md_block(b) for b in report.blocks)]
    return "\n\n".join(parts) + "\n"
