"""`kb check`: whether SQLite (the source of truth), Chroma and the keyword index agree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kb.search.store import Store
from kb.search.vectors import VectorIndex


@dataclass
class CheckReport:
    sqlite: int
    chroma: int
    fts: int
    missing_in_chroma: list[str] = field(default_factory=list)
    extra_in_chroma: list[str] = field(default_factory=list)
    missing_sentence_vectors: list[str] = field(default_factory=list)  # in SQLite
    fts_drift: int = 0
    pending_files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (
            self.missing_in_chroma
            or self.extra_in_chroma
            or self.missing_sentence_vectors
            or self.fts_drift
            or self.pending_files
        )

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "ok": self.ok}


def check(store: Store, vectors: VectorIndex, model: str) -> CheckReport:
    """Whether SQLite, Chroma and the keyword index hold the same passages."""
    sqlite_ids = store.passage_ids()
    chroma_ids = vectors.ids()
    rows, indexed = store.fts_rowids()
    return CheckReport(
        sqlite=len(sqlite_ids),
        chroma=len(chroma_ids),
        fts=len(indexed),
        missing_in_chroma=sorted(sqlite_ids - chroma_ids),
        extra_in_chroma=sorted(chroma_ids - sqlite_ids),
        missing_sentence_vectors=sorted(store.passages_without_sentence_vectors(model)),
        fts_drift=len(rows ^ indexed),
        pending_files=[f.source for f in store.files() if f.status == "pending"],
    )
