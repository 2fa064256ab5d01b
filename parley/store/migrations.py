"""The database schema as numbered migrations, shared by DuckDB and PostgreSQL.

Each migration is a list of statements written once with placeholders for the few types
that differ between backends (``{json}``, ``{blob}``, ``{text_array}``, ``{timestamp}``);
statements tagged for one backend only run there (PostgreSQL gets secondary indexes, DuckDB
relies on its min/max zone maps instead). ``schema_version`` holds one row per applied
migration, so ``max(version)`` is the schema's version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION_TABLE = "schema_version"

TYPES = {
    "duckdb": {"json": "JSON", "blob": "BLOB", "text_array": "VARCHAR[]", "timestamp": "TIMESTAMP"},
    "postgres": {"json": "JSONB", "blob": "BYTEA", "text_array": "TEXT[]", "timestamp": "TIMESTAMPTZ"},
}


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: list[str]
    only: dict[str, list[str]] = field(default_factory=dict)  # backend -> extra statements
    # data to rewrite after the statements, in the same transaction (given the Backend)
    after: Callable[[Any], None] | None = None

    def sql_for(self, backend: str) -> list[str]:
        """The statements of this migration for one backend, types filled in."""
        types = TYPES[backend]
        return [s.format(**types) for s in self.statements + self.only.get(backend, [])]


_INITIAL = [
    """CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        command TEXT NOT NULL,
        started {timestamp} NOT NULL,
        finished {timestamp},
        parley_version TEXT NOT NULL,
        kb_version TEXT,
        inputs {json},
        docs_read INTEGER NOT NULL DEFAULT 0,
        docs_new INTEGER NOT NULL DEFAULT 0,
        docs_duplicate INTEGER NOT NULL DEFAULT 0,
        docs_refused INTEGER NOT NULL DEFAULT 0,
        events INTEGER NOT NULL DEFAULT 0,
        fused_events INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        text_hash TEXT NOT NULL UNIQUE,
        content_hash TEXT,
        minhash {blob},
        title TEXT,
        date TEXT,
        day DATE,
        outlet TEXT,
        url TEXT,
        dateline_place TEXT,
        dateline_date TEXT,
        dateline_outlet TEXT,
        language TEXT,
        author TEXT,
        text TEXT NOT NULL,
        removed {json},
        input TEXT,
        run_id TEXT,
        ingested {timestamp} NOT NULL,
        parley_version TEXT,
        kb_version TEXT,
        num_events INTEGER NOT NULL DEFAULT 0
    )""",
    # LSH bands of each document's MinHash signature: a near-duplicate lookup is one
    # indexed query, and later runs see the documents of earlier ones.
    """CREATE TABLE doc_bands (
        band INTEGER NOT NULL,
        hash BIGINT NOT NULL,
        doc_id TEXT NOT NULL,
        PRIMARY KEY (band, hash, doc_id)
    )""",
    # Every article skipped as a copy, with what it copied: provenance of the dedup.
    """CREATE TABLE duplicates (
        doc_id TEXT NOT NULL,
        input TEXT,
        duplicate_of TEXT NOT NULL,
        kind TEXT NOT NULL,
        similarity DOUBLE PRECISION,
        run_id TEXT,
        seen {timestamp} NOT NULL
    )""",
    """CREATE TABLE events (
        id TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL,
        sentence_index INTEGER NOT NULL,
        sentence TEXT NOT NULL,
        trigger_text TEXT NOT NULL,
        trigger_start INTEGER NOT NULL,
        trigger_end INTEGER NOT NULL,
        date TEXT,
        day DATE,
        day_is_event BOOLEAN NOT NULL,
        source {json} NOT NULL,
        target {json} NOT NULL,
        source_codes {text_array},
        target_codes {text_array},
        source_countries {text_array},
        target_countries {text_array},
        cameo_code TEXT NOT NULL,
        root TEXT NOT NULL,
        cameo_label TEXT,
        quad_class INTEGER NOT NULL,
        goldstein DOUBLE PRECISION NOT NULL,
        plover_type TEXT NOT NULL,
        plover_mode TEXT,
        plover_context {json},
        negated BOOLEAN NOT NULL,
        tense TEXT,
        certainty TEXT NOT NULL,
        reported_by TEXT,
        location {json},
        location_country TEXT,
        quote TEXT,
        confidence DOUBLE PRECISION NOT NULL,
        doc_date TEXT,
        outlet TEXT,
        parley_version TEXT,
        kb_version TEXT,
        run_id TEXT,
        ingested {timestamp} NOT NULL
    )""",
    """CREATE TABLE fused_events (
        id TEXT PRIMARY KEY,
        date TEXT,
        day DATE,
        source {text_array},
        target {text_array},
        source_countries {text_array},
        target_countries {text_array},
        cameo_code TEXT NOT NULL,
        root TEXT NOT NULL,
        cameo_label TEXT,
        quad_class INTEGER NOT NULL,
        goldstein DOUBLE PRECISION NOT NULL,
        plover_type TEXT NOT NULL,
        plover_mode TEXT,
        modality TEXT NOT NULL,
        num_mentions INTEGER NOT NULL,
        num_articles INTEGER NOT NULL,
        num_outlets INTEGER NOT NULL,
        first_seen TEXT,
        confidence DOUBLE PRECISION NOT NULL,
        updated {timestamp} NOT NULL
    )""",
    """CREATE TABLE fused_members (
        event_id TEXT PRIMARY KEY,
        fused_id TEXT NOT NULL,
        doc_id TEXT NOT NULL,
        score DOUBLE PRECISION
    )""",
    """CREATE TABLE actors_seen (
        key TEXT PRIMARY KEY,
        code TEXT NOT NULL,
        country TEXT,
        sector TEXT,
        name TEXT,
        kb_id TEXT,
        mentions INTEGER NOT NULL,
        first_date TEXT,
        last_date TEXT
    )""",
]

_PG_INDEXES = [
    "CREATE INDEX events_doc ON events (doc_id)",
    "CREATE INDEX events_day ON events (day, id)",
    "CREATE INDEX events_root ON events (root)",
    "CREATE INDEX events_src ON events USING GIN (source_countries)",
    "CREATE INDEX events_tgt ON events USING GIN (target_countries)",
    "CREATE INDEX fused_day ON fused_events (day, id)",
    "CREATE INDEX fused_root_day ON fused_events (root, day)",
    "CREATE INDEX fused_members_fused ON fused_members (fused_id)",
    "CREATE INDEX fused_members_doc ON fused_members (doc_id)",
    "CREATE INDEX doc_bands_doc ON doc_bands (doc_id)",
    "CREATE INDEX duplicates_doc ON duplicates (doc_id)",
]

# Issues 16/17: how much of the calendar an event date names, and what dated each article.
# Rows stored before this migration get the precision their date shows and no date source.
_DATE_PRECISION = [
    "ALTER TABLE events ADD COLUMN date_precision TEXT",
    """UPDATE events SET date_precision = CASE
        WHEN date IS NULL OR date LIKE '--%' THEN 'none'
        WHEN length(date) = 10 THEN 'day' WHEN length(date) = 7 THEN 'month'
        WHEN length(date) = 4 THEN 'year' ELSE 'none' END""",
    "ALTER TABLE documents ADD COLUMN date_source TEXT",
]


def _recompute_fused(db: Any) -> None:
    """Every fused event's fields again from its members (the canonical dyad of migration 3)."""
    from parley.store import fusion

    fusion.refresh_all(db)


# A fused event's source and target become its canonical dyad (one code each, chosen by the
# mentions' support, parley.fuse.dyad); its other parties move to participants.
_CANONICAL_DYAD = [
    "ALTER TABLE fused_events ADD COLUMN participants {text_array}",
    "ALTER TABLE fused_events ADD COLUMN participant_countries {text_array}",
]

MIGRATIONS: list[Migration] = [
    Migration(1, "initial schema", _INITIAL, only={"postgres": _PG_INDEXES}),
    Migration(2, "event date precision, document date source", _DATE_PRECISION),
    Migration(3, "canonical dyad of fused events", _CANONICAL_DYAD, after=_recompute_fused),
]

LATEST = MIGRATIONS[-1].version


def create_version_table(backend: str) -> str:
    """The statement that creates the schema_version table if absent."""
    ts = TYPES[backend]["timestamp"]
    return (f"CREATE TABLE IF NOT EXISTS {SCHEMA_VERSION_TABLE} "
            f"(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied {ts} NOT NULL)")


def pending(current: int) -> list[Migration]:
    """Migrations newer than the database's version, in order."""
    return [m for m in MIGRATIONS if m.version > current]
