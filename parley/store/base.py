"""The Store: one object over a DuckDB or PostgreSQL database, for ingest and queries."""

from __future__ import annotations

import json
from typing import Any

from parley import __version__
from parley.errors import StoreError
from parley.records import Document, EventRecord, stable_id
from parley.store import migrations, queries, rows, summary, writer
from parley.store.backend import Backend
from parley.store.queries import Filters, Query
from parley.store.writer import Fingerprint, IngestResult, RecodeResult


class Store:
    """An event store. Use as a context manager or call :meth:`close`.

    >>> with parley.open("parley.duckdb") as store:  # doctest: +SKIP
    ...     store.events(dyad="RUS:AFG", since="2021-08-01").to_pandas()
    """

    def __init__(self, backend: Backend, *, read_only: bool = False):
        self.db = backend
        self.read_only = read_only
        if read_only:
            version = self._existing_version()
            if version < migrations.LATEST:
                raise StoreError(f"{backend.label}: database schema version {version} is older than this "
                                 f"parley's ({migrations.LATEST})", hint="run `parley ingest` once to upgrade it")
        else:
            backend.migrate()
        self._run_kb: dict[str, str | None] = {}

    def _existing_version(self) -> int:
        try:
            return self.db.schema_version()
        except StoreError:
            raise StoreError(f"{self.db.label}: not a parley database (no schema_version table)",
                             hint="run `parley ingest` to create one") from None

    @property
    def backend(self) -> str:
        return self.db.name

    @property
    def label(self) -> str:
        return self.db.label

    def schema_version(self) -> int:
        return self.db.schema_version()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ runs
    def start_run(self, command: str, inputs: list[str], kb_version: str | None) -> str:
        """Record a run (ingest, load, recode) and return its id."""
        now = self.db.now()
        run_id = "r" + stable_id(command, inputs, now.isoformat(), length=15)
        with self.db.transaction():
            self.db.execute("INSERT INTO runs (id, command, started, parley_version, kb_version, inputs) "
                            "VALUES (?, ?, ?, ?, ?, ?)",
                            [run_id, command, now, __version__, kb_version, json.dumps(inputs)])
        self._run_kb[run_id] = kb_version
        return run_id

    def finish_run(self, run_id: str, *, refused: int = 0) -> dict[str, Any]:
        """Mark a run finished (refused inputs are counted here) and return its row."""
        with self.db.transaction():
            self.db.execute("UPDATE runs SET finished = ?, docs_refused = docs_refused + ?, "
                            "docs_read = docs_read + ? WHERE id = ?", [self.db.now(), refused, refused, run_id])
        return self.db.dicts("SELECT * FROM runs WHERE id = ?", [run_id])[0]

    def runs(self) -> Query:
        return Query(self.db, "SELECT * FROM runs ORDER BY started, id", [])

    # ------------------------------------------------------------------ writing
    def fingerprint(self, doc: Document) -> Fingerprint:
        return Fingerprint.of(doc)

    def find_duplicate(self, doc: Document, fp: Fingerprint | None = None) -> tuple[str, str, float] | None:
        """(stored id, 'exact'|'near', similarity) when this article is already stored."""
        return writer.find_duplicate(self.db, doc, fp or Fingerprint.of(doc))

    def find_duplicates(self, docs: list[tuple[Document, Fingerprint]]) -> list[tuple[str, str, float] | None]:
        """:meth:`find_duplicate` for several articles at once (one set of queries)."""
        return writer.find_duplicates(self.db, docs)

    def record_duplicate(self, doc: Document, original: str, kind: str, similarity: float,
                         run_id: str | None = None) -> None:
        """Log an article skipped as a copy (before coding it) in the duplicates table."""
        self.record_duplicates([(doc, original, kind, similarity)], run_id)

    def record_duplicates(self, dups: list[tuple[Document, str, str, float]], run_id: str | None = None) -> None:
        """Log articles skipped as copies: (article, original id, kind, similarity), one transaction."""
        if dups:
            with self.db.transaction():
                writer.record_duplicates(self.db, dups, run_id)

    def ingest(self, doc: Document, events: list[EventRecord], run_id: str | None = None, *,
               kb_version: str | None = None, fingerprint: Fingerprint | None = None) -> IngestResult:
        """Store one article and its events and fuse them: one transaction, idempotent."""
        return self.ingest_many([(doc, events, fingerprint)], run_id, kb_version=kb_version)[0]

    def ingest_many(self, items: list[tuple[Document, list[EventRecord], Fingerprint | None]],
                    run_id: str | None = None, *, kb_version: str | None = None) -> list[IngestResult]:
        """Store several articles in one transaction (all or none): fewer commits for bulk loads."""
        kb = kb_version if kb_version is not None else self._run_kb.get(run_id or "")
        full = [(doc, events, fp or Fingerprint.of(doc)) for doc, events, fp in items]
        for attempt in range(3):
            try:
                return writer.ingest_batch(self.db, full, run_id=run_id, kb_version=kb)
            except StoreError as exc:
                # two writers (PostgreSQL) storing the same article at once: the loser rolls back
                # and retries, and then finds the winner's copy as a duplicate
                if not getattr(exc, "conflict", False) or attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def replace_events(self, doc: Document, events: list[EventRecord], run_id: str | None = None, *,
                       kb_version: str | None = None) -> RecodeResult:
        """Re-coded events replace a stored document's events (`parley recode`)."""
        kb = kb_version if kb_version is not None else self._run_kb.get(run_id or "")
        return writer.replace_events(self.db, doc, events, run_id=run_id, kb_version=kb)

    # ------------------------------------------------------------------ queries
    def events(self, **filters: Any) -> Query:
        """Mention-level events: ``actor, dyad, type, since, until, text, min_sources, quad_class,
        outlet, doc_id, limit, offset``."""
        return queries.events_query(self.db, Filters.build(**filters))

    def fused(self, **filters: Any) -> Query:
        """Fused events (one per real-world event), same filters as :meth:`events`."""
        return queries.fused_query(self.db, Filters.build(**filters))

    def documents(self, *, doc_id: str | None = None, outlet: str | None = None, limit: int | None = None,
                  offset: int = 0) -> Query:
        return queries.documents_query(self.db, doc_id=doc_id, outlet=outlet, limit=limit, offset=offset)

    def document(self, doc_id: str) -> tuple[Document, list[EventRecord]] | None:
        """One stored document with its events (in text order), or None."""
        docs = list(self.documents(doc_id=doc_id).records())
        if not docs:
            return None
        events = sorted(self.events(doc_id=doc_id).records(),
                        key=lambda e: (e.sentence_index, e.trigger.start, e.trigger.end, e.id))
        return docs[0], events

    def summary(self, *, fused: bool = False, interval: str = "month", **filters: Any) -> dict[str, Any]:
        """Counts by dyad, type and period and the Goldstein series per dyad."""
        return summary.summary(self.db, Filters.build(**filters), fused=fused, interval=interval)

    def timeline(self, *, interval: str = "month", fused: bool = False, **filters: Any) -> Query:
        """Counts per period with quad-class counts and Goldstein mean/sum (e.g. a dyad's timeline)."""
        return summary.by_period(self.db, Filters.build(**filters), interval=interval, fused=fused)

    def dyads(self, *, fused: bool = False, limit: int = 20, **filters: Any) -> Query:
        return summary.by_dyad(self.db, Filters.build(**filters), fused=fused, limit=limit)

    def search_actors(self, text: str, *, limit: int = 20) -> Query:
        return summary.search_actors(self.db, text, limit=limit)

    def actor_profile(self, actor: str, *, limit: int = 10) -> dict[str, Any]:
        return summary.actor_profile(self.db, actor, limit=limit)

    def counts(self) -> dict[str, int]:
        """Rows per main table (documents, events, fused_events, duplicates, runs)."""
        out = {}
        for table in ("documents", "events", "fused_events", "fused_members", "duplicates", "runs", "actors_seen"):
            row = self.db.one(f"SELECT count(*) FROM {table}")
            out[table] = int(row[0]) if row else 0
        return out

    def document_ids(self) -> list[str]:
        """Every stored document id, in id order."""
        return [r[0] for r in self.db.all("SELECT id FROM documents ORDER BY id")]

    def get_document(self, doc_id: str) -> Document | None:
        rows_ = self.db.dicts("SELECT * FROM documents WHERE id = ?", [doc_id])
        return rows.document_from_row(rows_[0]) if rows_ else None
