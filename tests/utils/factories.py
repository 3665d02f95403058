"""Documents and passages made up by hand for tests: the one place such records are built.

`make_document` builds a document from its pieces; `write_texts` and `write_findings` are the
two shapes most tests want (plain passages, or sentences each with its stance).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kb.search.knowledge import KnowledgeBase
from kb.search.records import Document, Passage, Sentence, content_hash

AFI = "area_for_improvement"
STR = "strength"
NEU = "neutral"
CL = "care_leavers_pathway_planning"
FIN = "financial_support"


def make_passage(
    text: str, sentences: list[Sentence], themes: Sequence[str] = (), heading: str = "Findings"
) -> Passage:
    """One passage on its own (id "p1" of document "d1"), with its sentences."""
    return Passage(
        id="p1",
        document_id="d1",
        ordinal=0,
        text=text,
        heading=heading,
        page=1,
        start=0,
        end=len(text),
        themes=list(themes),
        sentences=sentences,
    )


@dataclass
class Piece:
    """One passage of a made-up document."""

    text: str
    heading: str = "Findings"
    themes: Sequence[str] = ()
    stance: str = NEU
    sentences: Sequence[Sentence] | None = None  # None: the whole text, at `stance`
    page: int = 1
    key: str = "1"  # with the source and text, makes the passage id


def make_document(
    source: str,
    pieces: Sequence[Piece],
    *,
    council: str | None = "Gateshead",
    title: str | None = None,
    doc_type: str = "ofsted_letter",
    pages: list[tuple[int, int]] | None = None,
    **meta: Any,
) -> tuple[Document, list[Passage]]:
    """A document whose text is its pieces, one blank line apart, each piece a passage."""
    doc_id = content_hash(source, "0")
    text = "\n\n".join(piece.text for piece in pieces)
    document = Document(
        id=doc_id,
        source=source,
        part=0,
        title=title or f"Doc {source}",
        doc_type=doc_type,
        text=text,
        page_offsets=pages or [(1, 0)],
        council=council,
        **meta,
    )
    passages, cursor = [], 0
    for ordinal, piece in enumerate(pieces):
        spans = piece.sentences
        if spans is None:
            spans = [Sentence(0, len(piece.text), piece.stance)]
        passages.append(
            Passage(
                id=content_hash(source, piece.text, piece.key),
                document_id=doc_id,
                ordinal=ordinal,
                text=piece.text,
                heading=piece.heading,
                page=piece.page,
                start=cursor,
                end=cursor + len(piece.text),
                themes=list(piece.themes),
                stance=piece.stance,
                sentences=list(spans),
            )
        )
        cursor += len(piece.text) + 2
    return document, passages


def write_document(
    kb: KnowledgeBase, source: str, pieces: Sequence[Piece], sha: str | None = None, **meta: Any
) -> tuple[Document, list[Passage]]:
    """Make the document and write it as the one document of its file."""
    document, passages = make_document(source, pieces, **meta)
    kb.write_file(
        source, sha or content_hash(document.text), len(document.text), [document], passages
    )
    return document, passages


def text_pieces(texts: Sequence[str]) -> list[Piece]:
    """Plain passages; one that mentions social workers is about the workforce."""
    return [Piece(t, themes=["workforce"] if "social" in t.lower() else []) for t in texts]


def make_doc(
    source: str, texts: list[str], council: str = "Gateshead", **meta: Any
) -> tuple[Document, list[Passage]]:
    return make_document(source, text_pieces(texts), council=council, **meta)


def write_texts(kb: KnowledgeBase, source: str, texts: list[str], sha: str = "a", **meta: Any):
    """Write plain passages (see text_pieces) as one file; returns the write summary."""
    doc, passages = make_doc(source, texts, **meta)
    return kb.write_file(source, sha, 10, [doc], passages)


# (heading, passage themes, [(sentence, stance), ...])
FindingSpec = tuple[str, Sequence[str], Sequence[tuple[str, str]]]


def finding_piece(ordinal: int, spec: FindingSpec) -> Piece:
    """A bulleted passage, one sentence a bullet, each sentence with its own stance."""
    heading, themes, sentences = spec
    text = "\n".join(f"- {s}" for s, _ in sentences)
    spans, offset = [], 0
    for sentence, stance in sentences:
        start = text.index(sentence, offset)
        spans.append(Sentence(start - 2, start + len(sentence), stance))
        offset = start + len(sentence)
    return Piece(text, heading, themes, NEU, spans, page=ordinal + 1, key=str(ordinal))


def write_findings(
    kb: KnowledgeBase,
    source: str,
    passages: Sequence[FindingSpec],
    council: str = "Gateshead",
    doc_type: str = "ofsted_letter",
    date: str | None = "2018-05-09",
    title: str | None = None,
    **meta: Any,
) -> Document:
    """Write one document whose passages hold the given sentences, each with its stance."""
    pieces = [finding_piece(i, spec) for i, spec in enumerate(passages)]
    document, _ = write_document(
        kb,
        source,
        pieces,
        council=council,
        doc_type=doc_type,
        date=date,
        title=title or f"{doc_type} {date}",
        **meta,
    )
    return document
