"""files -> documents -> sections -> passages -> the knowledge base.

Files are read one at a time: a file that cannot be read is recorded with its reason and the
batch goes on; a file whose bytes have not changed since it was last ingested costs one hash.
Files that read well are embedded and written in groups (KB_INGEST_GROUP_PASSAGES).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.build import Built, build_file
from ingest.chunk import Chunker
from ingest.discover import discover, file_sha256, manifest_entry
from ingest.sandbox import extract_safely
from ingest.sentence_themes import tag_sentences
from ingest.stance_meaning import StanceByMeaning
from ingest.theme_meaning import ThemeByMeaning
from ingest.themes import ThemeTagger
from ingest.types import ExtractedFile, ExtractionError
from kb.search.knowledge import FileWrite, KnowledgeBase
from kb.search.records import Passage

STAGES = ("hash", "extract", "clean", "chunk", "embed", "tag", "write")
_MB = 1024 * 1024


@dataclass
class FileOutcome:
    source: str
    status: str  # added | replaced | unchanged | failed
    added: int = 0
    unchanged: int = 0
    removed: int = 0
    documents: int = 0
    error: str | None = None
    pages: int = 0  # pages read: the work this file was (0 when unchanged or failed)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Ready(FileWrite):
    """A file read and cut into passages, waiting to be tagged, embedded and written."""

    replacing: bool = False  # it replaces an earlier version
    pages: int = 0


class Ingestor:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.timings: defaultdict[str, float] = defaultdict(float)
        self._tagger: ThemeTagger | None = None
        self._stance_model: StanceByMeaning | None = None
        self._theme_model: ThemeByMeaning | None = None
        self._chunker: Chunker | None = None

    @property
    def chunker(self) -> Chunker:
        if self._chunker is None:
            embedder = self.kb.embedder
            self._chunker = Chunker(
                self.kb.settings.passage_tokens,
                fits=lambda text: embedder.token_count(text) <= embedder.max_tokens,
            )
        return self._chunker

    @property
    def theme_model(self) -> ThemeByMeaning:
        if self._theme_model is None:
            self._theme_model = ThemeByMeaning(self.kb.embed)
        return self._theme_model

    @property
    def stance_model(self) -> StanceByMeaning:
        if self._stance_model is None:
            self._stance_model = StanceByMeaning(self.kb.embed)
        return self._stance_model

    @property
    def tagger(self) -> ThemeTagger:
        if self._tagger is None:
            self._tagger = ThemeTagger(self.kb.embed)
        return self._tagger

    @contextmanager
    def _timed(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] += time.perf_counter() - start

    def ingest(
        self, paths: Iterable[Path], on_file: Callable[[FileOutcome], None] | None = None
    ) -> list[FileOutcome]:
        """Outcomes in the order of `paths`; `on_file` hears each as it is settled. Files that
        read well wait in a group until it holds enough passages, then are embedded in one
        model call and written in one vector write."""
        settled: dict[int, FileOutcome] = {}
        group: list[tuple[int, Ready]] = []

        def settle(index: int, outcome: FileOutcome) -> None:
            settled[index] = outcome
            if on_file:
                on_file(outcome)

        def commit_group() -> None:
            for (index, _), outcome in zip(group, self.commit([r for _, r in group]), strict=True):
                settle(index, outcome)
            group.clear()

        for index, path in enumerate(paths):
            prepared = self.prepare(path)
            if isinstance(prepared, FileOutcome):
                settle(index, prepared)
                continue
            group.append((index, prepared))
            if sum(len(r.passages) for _, r in group) >= self.kb.settings.ingest_group_passages:
                commit_group()
        if group:
            commit_group()
        return [settled[i] for i in sorted(settled)]

    def ingest_file(self, path: Path) -> FileOutcome:
        return self.ingest([path])[0]

    def prepare(self, path: Path) -> FileOutcome | Ready:
        """A file read and cut into passages, or why it needs no more work (unchanged, failed)."""
        source = str(path.resolve())
        if not path.is_file():
            return FileOutcome(source, "failed", error="no such file")
        settings = self.kb.settings
        size = path.stat().st_size
        if size > settings.max_file_mb * _MB:  # refused unread (and unhashed)
            reason = (
                f"file too large: {size / _MB:.1f} MB; the limit is {settings.max_file_mb} MB "
                "(KB_MAX_FILE_MB)"
            )
            self.kb.record_failure(source, "", size, reason)
            return FileOutcome(source, "failed", error=reason)
        with self._timed("hash"):
            sha = file_sha256(path)
        previous = self.kb.file(source)
        if previous and previous.sha256 == sha and previous.status == "done":
            return FileOutcome(source, "unchanged", unchanged=previous.passages)
        try:
            with self._timed("extract"):
                extracted = extract_safely(
                    path, settings.extract_timeout_s, settings.extract_memory_mb
                )
            check_text_size(extracted, settings.max_text_mb)
            built = self.build(source, extracted, manifest_entry(path))
            if not built.passages:
                raise ExtractionError(path, "no text left after cleaning")
        except ExtractionError as error:
            self.kb.record_failure(source, sha, size, error.reason)
            return FileOutcome(source, "failed", error=error.reason)
        replacing = bool(previous and previous.status == "done")
        pages = len(extracted.pages)
        return Ready(source, sha, size, built.documents, built.passages, replacing, pages)

    def commit(self, group: list[Ready]) -> list[FileOutcome]:
        """Tag, embed and write a group of files together."""
        self.tag_themes([p for r in group for p in r.passages])
        with self._timed("write"):
            summaries = self.kb.write_files(group)
        return [
            FileOutcome(
                r.source,
                "replaced" if r.replacing else "added",
                s.added,
                s.unchanged,
                s.removed,
                len(r.documents),
                pages=r.pages,
            )
            for r, s in zip(group, summaries, strict=True)
        ]

    def build(self, source: str, extracted: ExtractedFile, manifest: dict[str, Any]) -> Built:
        return build_file(source, extracted, manifest, self.chunker, self._timed)

    def tag_themes(self, passages: list[Passage]) -> None:
        if not passages:
            return
        with self._timed("embed"):
            # The same call write_file makes: the second one is served from the cache.
            vectors, sentence_vectors = self.kb.embed_passages(passages)
        with self._timed("tag"):
            tags = self.tagger.tag(
                [p.text for p in passages], vectors, [p.heading for p in passages]
            )
            for passage, themes, rows in zip(passages, tags, sentence_vectors, strict=True):
                passage.themes = themes
                similarity = self.tagger.similarities(rows) if len(rows) else None
                examples = self.theme_model.similarities(rows) if len(rows) else None
                tag_sentences(passage.text, passage.sentences, themes, similarity, examples)
                self.stance_model.settle(passage, rows)


def check_text_size(extracted: ExtractedFile, max_text_mb: int) -> None:
    """A file that yields more text than any real paper (a PDF bomb, a log dump) is refused
    before it is chunked and embedded for hours."""
    chars = sum(len(page.text) for page in extracted.pages)
    if chars > max_text_mb * 1_000_000:
        raise ExtractionError(
            extracted.path,
            f"extracted text too large: {chars / 1e6:.1f} million characters; the limit is "
            f"{max_text_mb} million (KB_MAX_TEXT_MB)",
        )


def ingest_paths(
    kb: KnowledgeBase,
    paths: Iterable[Path],
    on_file: Callable[[FileOutcome], None] | None = None,
) -> list[FileOutcome]:
    paths = list(paths)
    kb.add_roots(paths)
    return Ingestor(kb).ingest(discover(paths), on_file)
