"""Faults injected into real `parley` processes on real databases (DuckDB files, PostgreSQL schemas).

Every test ends the same way: the database opens, no article is half-stored, the error is one
line naming the cause, and a re-run completes with exactly the expected contents.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

STORE_TESTS = Path(__file__).resolve().parents[1] / "store"
if str(STORE_TESTS) not in sys.path:
    sys.path.insert(0, str(STORE_TESTS))  # the record corpus writer and whole-article check

from needs import IN_CI  # noqa: E402

PARLEY = [sys.executable, "-m", "parley"]
# Root ignores file modes; without these two capabilities it obeys them like any user.
NO_DAC = ["setpriv", "--inh-caps=-dac_override,-dac_read_search",
          "--bounding-set=-dac_override,-dac_read_search", "--"]


def run_parley(*args: str, prefix: list[str] | None = None, timeout: float = 300,
               **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*(prefix or []), *PARLEY, *args], capture_output=True, text=True,
                          timeout=timeout, **kwargs)  # type: ignore[call-overload]


def one_line_error(stderr: str, *needles: str) -> str:
    """The parley error line in ``stderr``: one line, no traceback, naming each needle."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.startswith("parley: [E")]
    assert len(lines) == 1, stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def need_root_without_dac() -> None:
    """Permission tests need file modes to bite: a non-root user, or root dropping its override."""
    if os.geteuid() != 0:
        return
    if shutil.which("setpriv") is None:
        if IN_CI:
            pytest.fail("setpriv is needed to drop root's file-permission override")
        pytest.skip("running as root without setpriv: chmod cannot deny root")


def dac_prefix() -> list[str]:
    return NO_DAC if os.geteuid() == 0 else []


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def fault_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(backend, url): a DuckDB file in tmp_path or a throw-away PostgreSQL schema."""
    if request.param == "duckdb":
        yield "duckdb", str(tmp_path / "faults.duckdb")
        return
    yield "postgres", request.getfixturevalue("pg_fault_url")


@pytest.fixture
def pg_fault_url(postgres_url: str) -> Iterator[str]:
    """A URL on a fresh schema, tagged with an application_name so a test can find its backends."""
    import psycopg

    schema = f"parley_fault_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        sep = "&" if "?" in postgres_url else "?"
        yield f"{postgres_url}{sep}options=-csearch_path%3D{schema}&application_name={schema}"
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
