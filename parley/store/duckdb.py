"""The embedded DuckDB backend (the default: one file, no server)."""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from parley.errors import StoreError
from parley.store.backend import Backend

# values in one insert above which Arrow beats bound parameters (binding is the slow part: storing
# the 2,225 BBC articles in batches of 32 took 13.6 CPU s with a threshold of 2000, 8.5 s with 300)
ARROW_INSERT_MIN = 200


class DuckDBBackend(Backend):
    """One DuckDB file (or ``:memory:``), opened once per store."""

    name = "duckdb"

    def __init__(self, path: str, *, read_only: bool = False):
        super().__init__(path)
        self.path = path
        if path != ":memory:":
            parent = os.path.dirname(os.path.abspath(path))
            if not os.path.isdir(parent):
                raise StoreError(f"{path}: folder {parent} does not exist")
            if read_only and not os.path.exists(path):
                raise StoreError(f"{path}: no such database", hint="run `parley ingest` first")
        try:
            self.con = duckdb.connect(path, read_only=read_only)
        except Exception as exc:
            raise self.error(exc) from None

    def _run(self, sql: str, params: Sequence[Any]) -> Any:
        return self.con.execute(sql, list(params))

    def _runmany(self, sql: str, rows: list[Sequence[Any]]) -> None:
        self.con.executemany(sql, [list(r) for r in rows])

    def insert_rows(self, table: str, columns: Sequence[str], rows: list[Sequence[Any]], *,
                    suffix: str = "") -> None:
        """Large batches go through Arrow (binding thousands of parameters is the slow part)."""
        if len(rows) * len(columns) < ARROW_INSERT_MIN:
            super().insert_rows(table, columns, rows, suffix=suffix)
            return
        try:
            data = pa.Table.from_arrays([pa.array([r[i] for r in rows]) for i in range(len(columns))],
                                        names=list(columns))
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # a column of mixed types: let DuckDB bind them
            super().insert_rows(table, columns, rows, suffix=suffix)
            return
        name = f"parley_rows_{table}"
        cols = ", ".join(columns)
        try:
            self.con.register(name, data)
            try:
                self.con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {name}{suffix}")
            finally:
                self.con.unregister(name)
        except Exception as exc:
            raise self.error(exc) from exc

    def _begin(self) -> None:
        self.con.execute("BEGIN TRANSACTION")

    def _commit(self) -> None:
        self.con.execute("COMMIT")

    def _rollback(self) -> None:
        self.con.execute("ROLLBACK")

    def now(self) -> datetime:
        # TIMESTAMP columns hold naive UTC in DuckDB
        return super().now().replace(tzinfo=None)

    def arrow(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        """DuckDB's zero-copy Arrow path."""
        try:
            # a cursor of its own: a half-read result on the main connection must not block this
            with self.con.cursor() as cur:
                rel = cur.sql(sql, params=list(params))
                fetch = getattr(rel, "to_arrow_table", None) or rel.arrow
                return fetch()
        except Exception as exc:
            raise self.error(exc) from exc

    def error(self, exc: BaseException) -> StoreError:
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        low = msg.lower()
        if "lock" in low and ("conflicting" in low or "could not set lock" in low):
            cause = "database is locked by another process"
            hint = "wait for the other parley command to finish"
        elif "no space left" in low or getattr(exc, "errno", None) == errno.ENOSPC:
            cause, hint = "disk full", "free some space and re-run: committed articles are kept"
        elif "read-only" in low or "read only" in low or "permission denied" in low:
            cause, hint = "database is read-only", "check the file's permissions or use another --db"
        elif "not a valid duckdb database" in low or "unable to open database" in low:
            cause, hint = f"not a DuckDB database ({msg})", None
        else:
            cause, hint = msg, None
        return StoreError(f"{self.label}: {cause}", hint=hint)

    def close(self) -> None:
        try:
            self.con.close()
        except Exception:  # closing twice or after a crash of the connection is harmless
            pass
