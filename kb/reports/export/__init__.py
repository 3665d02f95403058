"""Exports for scrutiny reports: CSV, Markdown and Word (.docx).

Every result (a cited answer, a comparison, the theme grid, a timeline, the judgements table)
is first laid out once as a `Report` (headings, paragraphs, tables, quotes with citations,
and CSV rows), and each format renders that layout, so the three always say the same thing.
"""
