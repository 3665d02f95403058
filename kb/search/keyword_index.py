"""The FTS5 keyword index over passages: bm25 search, match counts, boilerplate, facets."""

from __future__ import annotations

from collections.abc import Sequence

from kb.search.database import Database
from kb.search.filters import Filters
from kb.search.rows import chunks, passage_where

_ALL = ""  # the key of the index's row count: no FTS5 expression is empty
_MAX_COUNTS = 20_000  # phrases remembered per thread before starting afresh


class KeywordIndex(Database):
    def fts_rowids(self) -> tuple[set[int], set[int]]:
        """(passage rowids, rowids the keyword index answers for), to find drift."""
        passages = {r[0] for r in self.db.execute("SELECT rowid FROM passages")}
        indexed = {r[0] for r in self.db.execute("SELECT rowid FROM passages_fts_docsize")}
        return passages, indexed

    def rebuild_fts(self) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO passages_fts(passages_fts) VALUES ('rebuild')")

    def keyword_search(
        self, match: str, filters: Filters, n: int, within: str | None = None
    ) -> list[tuple[str, float]]:
        """bm25 over text and heading, best first; `match` and `within` must come from
        kb.query, never from a user. With `within`, only passages that also match it are
        scored: the same scores, computed for fewer rows."""
        where, params = passage_where(filters)
        if within is not None:
            # The unary plus keeps FTS5 from taking the rowid list as a per-row lookup, which
            # would re-run the MATCH once per rowid; as written it filters the scan instead.
            where += (
                " AND +passages_fts.rowid IN "
                "(SELECT rowid FROM passages_fts WHERE passages_fts MATCH ?)"
            )
            params = [*params, within]
        rows = self.db.execute(
            f"""SELECT p.id, bm25(passages_fts, 1.0, 0.5) AS score
                FROM passages_fts JOIN passages p ON p.rowid = passages_fts.rowid
                JOIN documents d ON p.document_id = d.id
                WHERE passages_fts MATCH ? AND {where}
                ORDER BY score LIMIT ?""",
            (match, *params, n),
        )
        return [(r[0], -float(r[1])) for r in rows]

    def repeated(self, ids: Sequence[str], files: int) -> set[str]:
        """Those of the passages whose words recur in at least `files` files: boilerplate
        (a publisher's back page, a council's standard footer), not a finding."""
        out: set[str] = set()
        for chunk, marks in chunks(ids):
            rows = self.db.execute(
                f"""SELECT p.id FROM passages p WHERE p.id IN ({marks}) AND (
                        SELECT COUNT(DISTINCT d.source) FROM passages q
                        JOIN documents d ON d.id = q.document_id WHERE q.wording = p.wording
                    ) >= ?""",
                (*chunk, files),
            )
            out.update(r[0] for r in rows)
        return out

    def match_count(self, match: str) -> int:
        """Passages matching an FTS5 expression, without scoring them. Remembered until the
        store changes: questions share their common phrases ("in care", "looked after"), and
        counting them was a third of the keyword search over a large store."""
        counts = self._counts()
        if match not in counts:
            sql = "SELECT count(*) FROM passages_fts WHERE passages_fts MATCH ?"
            counts[match] = int(self.db.execute(sql, (match,)).fetchone()[0])
        return counts[match]

    def indexed_count(self) -> int:
        """Rows in the keyword index, as bm25 counts them (remembered like match counts)."""
        counts = self._counts()
        if _ALL not in counts:
            sql = "SELECT count(*) FROM passages_fts_docsize"
            counts[_ALL] = int(self.db.execute(sql).fetchone()[0])
        return counts[_ALL]

    def _counts(self) -> dict[str, int]:
        """This thread's remembered counts, emptied when the store has changed since: by
        another connection (SQLite's data_version) or by this one (its total_changes)."""
        db = self.db
        version = (int(db.execute("PRAGMA data_version").fetchone()[0]), db.total_changes)
        held: tuple[tuple[int, int], dict[str, int]] | None = getattr(self._local, "counts", None)
        if held is None or held[0] != version or len(held[1]) > _MAX_COUNTS:
            held = (version, {})
            self._local.counts = held
        return held[1]

    def facet_counts(self, column: str, filters: Filters) -> dict[str, int]:
        """Passages per value of one facet under the other filters."""
        where, params = passage_where(filters)
        if column == "themes":
            sql = (
                f"SELECT j.value, COUNT(*) FROM passages p JOIN documents d "
                f"ON p.document_id = d.id, json_each(p.themes) j WHERE {where} GROUP BY j.value"
            )
        elif column == "year":
            sql = (
                f"SELECT substr(d.date, 1, 4), COUNT(*) FROM passages p JOIN documents d "
                f"ON p.document_id = d.id WHERE {where} AND d.date IS NOT NULL GROUP BY 1"
            )
        else:
            col = {
                "council": "d.council",
                "doc_type": "d.doc_type",
                "visit_type": "d.visit_type",
                "committee": "d.committee",
                "stance": "p.stance",
            }[column]
            sql = (
                f"SELECT {col}, COUNT(*) FROM passages p JOIN documents d "
                f"ON p.document_id = d.id WHERE {where} AND {col} IS NOT NULL GROUP BY 1"
            )
        return {str(r[0]): int(r[1]) for r in self.db.execute(sql, params)}
