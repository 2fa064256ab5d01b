"""The PostgreSQL backend (psycopg 3): the same schema and behaviour as DuckDB, on a server."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from parley.errors import StoreError
from parley.store.backend import Backend

# PostgreSQL type OIDs → Arrow types, so empty or all-null columns keep their type.
_ARROW_TYPES: dict[int, pa.DataType] = {
    16: pa.bool_(), 17: pa.binary(), 20: pa.int64(), 21: pa.int16(), 23: pa.int32(), 25: pa.string(),
    114: pa.string(), 700: pa.float32(), 701: pa.float64(), 1043: pa.string(), 1082: pa.date32(),
    1114: pa.timestamp("us"), 1184: pa.timestamp("us", tz="UTC"), 1700: pa.float64(),
    1009: pa.list_(pa.string()), 1015: pa.list_(pa.string()), 3802: pa.string(),
}


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def to_psycopg(sql: str) -> str:
    """Our ``?`` placeholders to psycopg's ``%s`` (a literal % must be doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresBackend(Backend):
    """One connection to a PostgreSQL database; ``schema`` selects a search path."""

    name = "postgres"

    def __init__(self, url: str, *, schema: str | None = None, read_only: bool = False):
        super().__init__(redact(url))
        try:
            import psycopg
        except ImportError:
            raise StoreError(f"{self.label}: psycopg is not installed",
                             hint="pip install 'parley-events[postgres]'") from None
        self._psycopg = psycopg
        try:
            self.con = psycopg.connect(url, autocommit=True, connect_timeout=10)
            if schema:
                from psycopg import sql as pgsql

                self.con.execute(pgsql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(pgsql.Identifier(schema)))
                self.con.execute(pgsql.SQL("SET search_path TO {}").format(pgsql.Identifier(schema)))
            if read_only:
                self.con.execute("SET default_transaction_read_only = on")
        except StoreError:
            raise
        except Exception as exc:
            raise self.error(exc) from None
        self._tx: Any = None

    def _run(self, sql: str, params: Sequence[Any]) -> Any:
        return self.con.execute(to_psycopg(sql), list(params) if params else None)

    def _runmany(self, sql: str, rows: list[Sequence[Any]]) -> None:
        with self.con.cursor() as cur:
            cur.executemany(to_psycopg(sql), [list(r) for r in rows])

    def _begin(self) -> None:
        self._tx = self.con.transaction()
        self._tx.__enter__()

    def _commit(self) -> None:
        tx, self._tx = self._tx, None
        tx.__exit__(None, None, None)

    def _rollback(self) -> None:
        tx, self._tx = self._tx, None
        if tx is not None:
            tx.__exit__(RuntimeError, RuntimeError("rollback"), None)

    def _lock_schema(self) -> None:
        self.execute("SELECT pg_advisory_xact_lock(7245011)")

    def arrow(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        """PostgreSQL has no Arrow wire format here: build the table from rows, typed by column OID."""
        cur = self.execute(sql, params)
        rows = cur.fetchall()
        arrays, names = [], []
        for i, d in enumerate(cur.description):
            values = [r[i] for r in rows]
            kind = _ARROW_TYPES.get(d.type_code)
            if d.type_code in (114, 3802):  # json/jsonb come back parsed: keep them as JSON text, like DuckDB
                values = [None if v is None else json.dumps(v, ensure_ascii=False) for v in values]
            arrays.append(pa.array(values, type=kind) if kind is not None else pa.array(values))
            names.append(d.name)
        return pa.Table.from_arrays(arrays, names=names)

    def error(self, exc: BaseException) -> StoreError:
        errors = self._psycopg.errors if hasattr(self, "_psycopg") else None
        msg = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        hint = None
        if errors and isinstance(exc, errors.DiskFull):
            cause, hint = "disk full on the server", "free space and re-run: committed articles are kept"
        elif errors and isinstance(exc, errors.ReadOnlySqlTransaction):
            cause, hint = "database is read-only", "connect as a user that may write, or to the primary"
        elif errors and isinstance(exc, errors.LockNotAvailable | errors.DeadlockDetected):
            cause, hint = "database is locked", "retry when the other writer is done"
        elif errors and isinstance(exc, errors.InsufficientPrivilege):
            cause = f"permission denied ({msg})"
        elif isinstance(exc, self._psycopg.OperationalError) if hasattr(self, "_psycopg") else False:
            cause, hint = f"cannot connect ({msg})", "is the server running and the URL right?"
        else:
            cause = msg
        err = StoreError(f"{self.label}: {cause}", hint=hint)
        # another writer stored the same article first: the caller may retry and see a duplicate
        err.conflict = bool(errors and isinstance(exc, errors.UniqueViolation | errors.SerializationFailure))  # type: ignore[attr-defined]
        return err

    def drop_schema(self, schema: str) -> None:
        """Drop a schema and everything in it (throw-away schemas of benchmarks and tests)."""
        from psycopg import sql as pgsql

        self.con.execute(pgsql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(pgsql.Identifier(schema)))

    def close(self) -> None:
        try:
            self.con.close()
        except Exception:  # already closed
            pass
