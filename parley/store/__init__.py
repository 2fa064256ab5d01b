"""The event store: DuckDB (default, a file) or PostgreSQL (a ``postgresql://`` URL).

All SQL of parley lives in this package.

>>> store = open_store("parley.duckdb")  # doctest: +SKIP
>>> store.fused(dyad="RUS:AFG", min_sources=2).to_pandas()  # doctest: +SKIP
"""

from __future__ import annotations

import os
from typing import Any

from parley.config import DEFAULT_DB
from parley.store.base import Store
from parley.store.queries import Filters, Query
from parley.store.writer import IngestResult, RecodeResult

__all__ = ["Filters", "IngestResult", "Query", "RecodeResult", "Store", "open_store", "is_postgres"]


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def open_store(url_or_path: str | os.PathLike[str] | None = None, *, read_only: bool = False,
               schema: str | None = None, **_: Any) -> Store:
    """Open (and create or migrate, unless ``read_only``) an event store.

    ``url_or_path``: a DuckDB file path (default ``./parley.duckdb``, or ``$PARLEY_DB``) or a
    ``postgresql://`` URL; ``schema`` picks a PostgreSQL schema (created if needed).
    """
    if url_or_path is None:
        from parley.config import load_settings

        url_or_path = load_settings().db or DEFAULT_DB
    target = os.fspath(url_or_path)
    if is_postgres(target):
        from parley.store.postgres import PostgresBackend

        return Store(PostgresBackend(target, schema=schema, read_only=read_only), read_only=read_only)
    from parley.store.duckdb import DuckDBBackend

    return Store(DuckDBBackend(target, read_only=read_only), read_only=read_only)
