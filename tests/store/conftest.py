"""Real databases for the store tests: a DuckDB file in tmp_path and a fresh PostgreSQL schema."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the record factory next to this file

from factory import pg_schema_url  # noqa: E402

BACKENDS = ["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL (DuckDB path or PostgreSQL URL on a throw-away schema), dropped afterwards."""
    if request.param == "duckdb":
        yield str(tmp_path / "test.duckdb")
        return
    base = request.getfixturevalue("postgres_url")
    import psycopg

    schema = f"parley_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield pg_schema_url(base, schema)
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def store(db_url: str):
    from parley.store import open_store

    s = open_store(db_url)
    yield s
    s.close()
