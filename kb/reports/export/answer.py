"""A cited answer laid out for export: the answer, then each source quoted with its link."""

from __future__ import annotations

from kb.reports.export.cited import (
    hit_quote_text,
    hit_row,
)
from kb.reports.export.layout import (
    FINDING_COLUMNS,
    Heading,
    Link,
    Paragraph,
    Quote,
    Report,
    generated_line,
    slug,
)
from kb.reports.links import Links
from kb.search.answer import Answer


def answer_report(answer: Answer, links: Links) -> Report:
    report = Report(f"Answer: {answer.question}", slug("answer", answer.question[:60]))
    report.blocks.append(generated_line(links))
    quoted = {q["passage_id"]: q["text"] for q in answer.quotes}
    report.blocks.append(Heading("Answer", 1))
    report.blocks.extend(Paragraph(line) for line in answer.text.splitlines() if line.strip())
    report.blocks.append(Heading("Sources", 1))
    for n, hit in enumerate(answer.citations, 1):
        link = Link("source passage", links.passage(hit.id))
        report.blocks.append(Quote(hit_quote_text(hit, quoted), f"[{n}] {hit.citation}", link))
    report.csv_header = ("n", *FINDING_COLUMNS)
    report.csv_rows = [
        hit_row(n, hit, hit_quote_text(hit, quoted), links.passage(hit.id))
        for n, hit in enumerate(answer.citations, 1)
    ]
    return report
