"""The knowledge base as the rest of the product sees it: write, remove, check and search."""

from __future__ import annotations

import fcntl
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from kb.errors import NotFound
from kb.search.answer import Answer, build_answer
from kb.search.consistency import CheckReport, check
from kb.search.corrections import Correction, checked, overrides, reapply_all, set_overrides
from kb.search.embedder import Embedder, load_embedder, model_name
from kb.search.embedding import embed_passages, embed_texts, missing_embeddings
from kb.search.filters import Filters
from kb.search.reading import Reading
from kb.search.records import Document, Passage
from kb.search.retrieval import Retriever, SearchResult
from kb.search.saved import SavedSearches
from kb.search.sources import roots_of
from kb.search.store import FileRecord, Store
from kb.search.vectors import VectorIndex
from kb.search.writes import FileWrite, WriteSummary, vector_metadata
from kb.settings import Settings
from kb.vocab.glossary import GlossaryIndex, load_glossary

FOLLOW_EVERY_S = 1.0  # a search may miss another process's last second of writes


class KnowledgeBase(Reading):
    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self._embedder = embedder
        self.store = Store(settings.sqlite_path)
        self._vectors_at = -1  # the store's write count the vector index has seen
        self._vectors_opened = 0.0  # when it was last opened (time.monotonic)
        self._vectors_sync = threading.Lock()
        self._glossary: GlossaryIndex | None = None

    @cached_property
    def vectors(self) -> VectorIndex:
        self._vectors_at = self.store.write_count()
        return VectorIndex(self.settings.chroma_path, self.settings.chroma_url)

    def follow_writers(self, before_write: bool = False) -> None:
        """Catch up with what other processes wrote since this one last read the vector
        index: embedded Chroma does not see it until opened again. Before a write always;
        before a search at most once a second, since opening again stalls every search in
        flight and an ingest may write many times a second."""
        vectors = self.vectors
        with self._vectors_sync:
            count = self.store.write_count()
            if count == self._vectors_at:
                return
            if not before_write and time.monotonic() - self._vectors_opened < FOLLOW_EVERY_S:
                return
            if vectors.embedded:
                vectors.reopen()
            self._vectors_at, self._vectors_opened = count, time.monotonic()

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = load_embedder(
                self.settings.embed_model, self.settings.embed_batch_size, self.settings.threads
            )
        return self._embedder

    @property
    def model_name(self) -> str:
        """Whose vectors the store keeps, without loading the model (`kb check` needs no model)."""
        return self._embedder.name if self._embedder else model_name(self.settings.embed_model)

    @cached_property
    def saved(self) -> SavedSearches:
        """Officers' saved searches and what is new on each."""
        return SavedSearches(self.store, lambda: self.retriever)

    @cached_property
    def retriever(self) -> Retriever:
        return Retriever(
            self.store, self.vectors, self.embedder.encode, self.embedder.name, self.glossary
        )

    def glossary(self) -> GlossaryIndex:
        """The glossary with its definitions embedded, once per process and cached in the
        store by their text, so a later process reads them without the model."""
        with self._vectors_sync:
            if self._glossary is None:
                self._glossary = GlossaryIndex(load_glossary(), self.embed)
            return self._glossary

    # --- embeddings ---------------------------------------------------------------------

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for texts, from the cache where the same text was embedded before."""
        return embed_texts(self.store, self.embedder, texts)

    def embed_passages(self, passages: Sequence[Passage]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Each passage's vector and its sentences' vectors, cached by text and spans."""
        return embed_passages(self.store, self.embedder, passages)

    def missing_embeddings(self, texts: Sequence[str]) -> int:
        return missing_embeddings(self.store, self.embedder.name, texts)

    # --- writing ------------------------------------------------------------------------

    def add_roots(self, paths: Iterable[Path]) -> None:
        """Remember the folders an ingest was given, to show sources relative to them."""
        self.store.add_roots(roots_of(paths))

    def roots(self) -> list[str]:
        return [*self.store.roots(), str(self.settings.files_path.resolve())]

    def file(self, source: str) -> FileRecord | None:
        return self.store.file(source)

    def write_file(
        self,
        source: str,
        sha256: str,
        size: int,
        documents: Sequence[Document],
        passages: Sequence[Passage],
    ) -> WriteSummary:
        return self.write_files([FileWrite(source, sha256, size, documents, passages)])[0]

    def write_files(self, files: Sequence[FileWrite]) -> list[WriteSummary]:
        """Replace files' documents everywhere, several files in one vector write (Chroma
        inserts cost less than half as much per vector in bulk). Order matters for crash
        safety: each file is marked pending first and done last, so an interrupted write is
        redone next time."""
        passages = [p for f in files for p in f.passages]
        vectors, _ = self.embed_passages(passages)  # sentence vectors stay in SQLite
        with self.writing():
            old = {f.source: self.store.passage_ids_of_source(f.source) for f in files}
            stale: set[str] = set()
            metadatas = []
            for f in files:
                self.store.mark_file(f.source, f.sha256, f.size, "pending")
                stored = self.store.replace_source(f.source, f.documents, f.passages)
                new = {p.id for p in f.passages}
                stale |= (old[f.source] | self.vectors.ids_of_source(f.source)) - new
                by_id = {d.id: d for d in stored}  # corrected: filters see what officers set
                metadatas += [vector_metadata(p, by_id[p.document_id]) for p in f.passages]
            self.vectors.delete(sorted(stale))
            self.vectors.upsert([p.id for p in passages], vectors, metadatas)
            for f in files:
                self.store.mark_file(f.source, f.sha256, f.size, "done")
        return [f.summary(old[f.source]) for f in files]

    @contextmanager
    def writing(self) -> Iterator[None]:
        """One writer at a time across processes (a CLI ingest beside the server's upload):
        two processes writing embedded Chroma at once can corrupt its index. A writer first
        catches up with the last one, so that it never saves a stale index over theirs, and
        counts its write when done, so that readers catch up with it."""
        self.settings.home.mkdir(parents=True, exist_ok=True)
        with (self.settings.home / "write.lock").open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)  # released by the kernel if the process dies
            try:
                self.follow_writers(before_write=True)
                yield
            finally:
                with self._vectors_sync:
                    self._vectors_at = self.store.count_write()  # this index has its own writes
                fcntl.flock(handle, fcntl.LOCK_UN)

    def record_failure(self, source: str, sha256: str, size: int, reason: str) -> None:
        """A file that could not be read keeps whatever an earlier good version gave."""
        previous = self.store.file(source)
        status = "done" if previous and previous.status == "done" else "failed"
        if status == "failed":
            self.store.mark_file(source, sha256, size, "failed", reason)

    def remove(self, source: str) -> int:
        with self.writing():
            ids = self.store.remove_source(source) | self.vectors.ids_of_source(source)
            self.vectors.delete(sorted(ids))
        return len(ids)

    def reindex(self) -> int:
        """Rebuild Chroma and the keyword index from SQLite (vectors come from the cache),
        with every correction written into its document again first."""
        with self.writing():
            with self.store.transaction() as db:
                reapply_all(db)
            self.store.rebuild_fts()
            self.vectors.reset()
            return self._upsert(self.store.filtered_hits(Filters()))

    def _upsert(self, passages: Sequence[Passage]) -> int:
        docs = {d_id: self.store.document(d_id) for d_id in {p.document_id for p in passages}}
        vectors, _ = self.embed_passages(passages)
        metadatas = [vector_metadata(p, docs[p.document_id]) for p in passages]  # type: ignore[arg-type]
        self.vectors.upsert([p.id for p in passages], vectors, metadatas)
        return len(passages)

    # --- corrections --------------------------------------------------------------------

    def correct(self, document_id: str, changes: Mapping[str, Any]) -> Document:
        """Correct what ingest read about a document; the store, the vector index's filters
        and the keyword search all see the corrected values at once, and every later
        re-ingest applies them again. CorrectionError names a field that cannot be kept;
        NotFound means there is no such document."""
        values = checked(changes)
        with self.writing():
            document = self.store.document(document_id)
            if document is None:
                raise NotFound(f"no document {document_id!r}")
            with self.store.transaction() as db:
                fixed = set_overrides(db, document, values)
            self._upsert(self.store.filtered_hits(Filters(document_id=document_id)))
        return fixed

    def corrections(self, document_id: str) -> list[Correction]:
        return overrides(self.store.db, [document_id]).get(document_id, [])

    # --- consistency --------------------------------------------------------------------

    def check(self) -> CheckReport:
        return check(self.store, self.vectors, self.model_name)

    def repair(self) -> CheckReport:
        with self.writing():
            self._repair()
        return self.check()

    def _repair(self) -> None:
        report = self.check()
        if report.extra_in_chroma:
            self.vectors.delete(report.extra_in_chroma)
        if report.missing_in_chroma or report.missing_sentence_vectors:
            ids = {*report.missing_in_chroma, *report.missing_sentence_vectors}
            self._upsert(list(self.store.hits(sorted(ids)).values()))  # embeds what SQLite lacks
        if report.fts_drift:
            self.store.rebuild_fts()

    # --- reading ------------------------------------------------------------------------

    def search(
        self, query: str, filters: Filters = Filters(), k: int = 10, mode: str = "hybrid"
    ) -> SearchResult:
        self.follow_writers()
        result = self.retriever.search(query, self.known_committees(filters), k, mode)
        result.empty_councils = self.councils_without_documents(result.filters.councils)
        return result

    def warm_up(self) -> None:
        """Load the model and open the indexes now (a server before it reports ready), so
        the first question costs what every other one does."""
        self.search("warm up", k=1)

    def ask(self, question: str, filters: Filters = Filters(), k: int = 8) -> Answer:
        return build_answer(self.search(question, filters, k))
