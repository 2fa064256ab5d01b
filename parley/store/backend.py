"""What the store needs from a database: run SQL, transactions, Arrow results, one-line errors.

Both backends take SQL written once with ``?`` placeholders; PostgreSQL's adapter rewrites
them for psycopg. Subclasses: :class:`parley.store.duckdb.DuckDBBackend` and
:class:`parley.store.postgres.PostgresBackend`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from parley.errors import StoreError
from parley.store import migrations


class Backend:
    """A connection to one database; all SQL of the store goes through here."""

    name = "abstract"

    def __init__(self, label: str):
        self.label = label  # how the database is named in error messages (path or URL sans password)
        self._in_tx = False

    # ------------------------------------------------------------------ to implement
    def _run(self, sql: str, params: Sequence[Any]) -> Any:  # returns a cursor
        raise NotImplementedError

    def _runmany(self, sql: str, rows: list[Sequence[Any]]) -> None:
        raise NotImplementedError

    def _begin(self) -> None:
        raise NotImplementedError

    def _commit(self) -> None:
        raise NotImplementedError

    def _rollback(self) -> None:
        raise NotImplementedError

    def arrow(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        raise NotImplementedError

    def error(self, exc: BaseException) -> StoreError:
        """A one-line StoreError naming the database and the cause."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def now(self) -> datetime:
        return datetime.now(UTC)

    # ------------------------------------------------------------------ shared
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            return self._run(sql, params)
        except StoreError:
            raise
        except Exception as exc:
            raise self.error(exc) from exc

    def executemany(self, sql: str, rows: list[Sequence[Any]]) -> None:
        if not rows:
            return
        try:
            self._runmany(sql, rows)
        except Exception as exc:
            raise self.error(exc) from exc

    def insert_rows(self, table: str, columns: Sequence[str], rows: list[Sequence[Any]], *,
                    suffix: str = "") -> None:
        """Insert many rows with few multi-row statements (per-statement cost dominates small writes)."""
        if not rows:
            return
        marks = "(" + ", ".join("?" for _ in columns) + ")"
        per = max(1, 20000 // max(1, len(columns)))  # stay far below PostgreSQL's 65535 parameters
        head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
        for i in range(0, len(rows), per):
            chunk = rows[i:i + per]
            self.execute(head + ", ".join(marks for _ in chunk) + suffix, [v for r in chunk for v in r])

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self.execute(sql, params).fetchall())

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        # fetch everything: DuckDB keeps a half-read result open and refuses some later calls
        rows = self.execute(sql, params).fetchall()
        return tuple(rows[0]) if rows else None

    def dicts(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def iter_dicts(self, sql: str, params: Sequence[Any] = (), batch: int = 1000) -> Iterator[dict[str, Any]]:
        cur = self.execute(sql, params)
        names = [d[0] for d in cur.description]
        while True:
            try:
                rows = cur.fetchmany(batch)
            except Exception as exc:
                raise self.error(exc) from exc
            if not rows:
                return
            for row in rows:
                yield dict(zip(names, row, strict=True))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All statements inside commit together or not at all (re-entrant: inner blocks join)."""
        if self._in_tx:
            yield
            return
        try:
            self._begin()
        except Exception as exc:
            raise self.error(exc) from exc
        self._in_tx = True
        try:
            yield
        except BaseException:
            self._in_tx = False
            try:
                self._rollback()
            except Exception:  # the connection may be gone; the original error matters more
                pass
            raise
        self._in_tx = False
        try:
            self._commit()
        except Exception as exc:
            raise self.error(exc) from exc

    def json_param(self, value: Any) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False, default=str)

    @staticmethod
    def json_value(value: Any) -> Any:
        """JSON columns come back as text from DuckDB and parsed from PostgreSQL."""
        if isinstance(value, str):
            return json.loads(value)
        return value

    # ------------------------------------------------------------------ schema
    def schema_version(self) -> int:
        row = self.one(f"SELECT max(version) FROM {migrations.SCHEMA_VERSION_TABLE}")
        return int(row[0]) if row and row[0] is not None else 0

    def migrate(self) -> int:
        """Create or upgrade the schema; returns the version now in force."""
        with self.transaction():
            self._lock_schema()
            self.execute(migrations.create_version_table(self.name))
            current = self.schema_version()
            if current > migrations.LATEST:
                raise StoreError(
                    f"{self.label}: database schema version {current} is newer than this parley "
                    f"({migrations.LATEST})", hint="upgrade parley")
            for m in migrations.pending(current):
                for sql in m.sql_for(self.name):
                    self.execute(sql)
                if m.after is not None:
                    m.after(self)
                self.execute(f"INSERT INTO {migrations.SCHEMA_VERSION_TABLE} VALUES (?, ?, ?)",
                             [m.version, m.name, self.now()])
        return migrations.LATEST

    def _lock_schema(self) -> None:
        """Serialise concurrent migrations (PostgreSQL); DuckDB has one writer anyway."""
