"""Disk full, a locked or read-only database, a dropped server connection: through `parley load`.

`parley load` stores pre-coded records through the same one-transaction-per-article path as
`parley ingest`, so these run in seconds on real processes and real databases.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from corpus import write_corpus
from test_crash import check_whole_articles

from faults.conftest import PARLEY, dac_prefix, need_root_without_dac, one_line_error, run_parley


def _complete_rerun(folder: Path, url: str, expected: dict[str, int]) -> None:
    """A re-run stores the rest, and the database holds exactly the corpus."""
    done = run_parley("load", str(folder), "--db", url)
    assert done.returncode == 0, done.stderr
    counts = check_whole_articles(url)
    assert (counts["documents"], counts["events"]) == (expected["documents"], expected["events"])


@pytest.fixture
def tiny_fs(tmp_path: Path):
    """A 1.5 MB tmpfs (root may mount); skipped with the reason where mounting is refused."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1536k", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if made.returncode != 0:
        yield None  # the test falls back to RLIMIT_FSIZE
        return
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _limit_file_size() -> None:
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes then fail with EFBIG instead of killing us
    resource.setrlimit(resource.RLIMIT_FSIZE, (1_500_000, 1_500_000))


def test_disk_full_while_loading_keeps_whole_articles(tiny_fs, tmp_path):
    expected = write_corpus(tmp_path / "records", 400, events_per_doc=4)
    if tiny_fs is not None:
        db = str(tiny_fs / "full.duckdb")
        full = run_parley("load", str(tmp_path / "records"), "--db", db)
        line = one_line_error(full.stderr, db, "disk full")
    else:  # no mount here: a per-process file-size limit fills "the disk" the same way
        db = str(tmp_path / "full.duckdb")
        full = run_parley("load", str(tmp_path / "records"), "--db", db, preexec_fn=_limit_file_size)
        line = one_line_error(full.stderr, db)
        assert "disk full" in line or "too large" in line.lower(), line
    assert full.returncode == 1
    assert "committed articles are kept" in line or tiny_fs is None
    stored = check_whole_articles(db)
    assert 0 < stored["documents"] < expected["documents"], stored
    if tiny_fs is not None:  # make room; the RLIMIT_FSIZE run's re-run simply has no limit
        subprocess.run(["mount", "-o", "remount,size=64m", str(tiny_fs)], check=True)
    _complete_rerun(tmp_path / "records", db, expected)


def _hold_write_lock(path: str) -> subprocess.Popen[str]:
    """Another process with the DuckDB file open for writing, until its stdin closes."""
    code = ("import duckdb, sys; c = duckdb.connect(sys.argv[1]); c.execute('select 1');"
            "print('ready', flush=True); sys.stdin.read()")
    holder = subprocess.Popen([sys.executable, "-c", code, path], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
    return holder


def test_database_locked_by_another_writer_process(tmp_path):
    expected = write_corpus(tmp_path / "records", 30, events_per_doc=3)
    db = str(tmp_path / "locked.duckdb")
    first = write_corpus(tmp_path / "first", 10, events_per_doc=3)
    assert run_parley("load", str(tmp_path / "first"), "--db", db).returncode == 0
    holder = _hold_write_lock(db)
    try:
        locked = run_parley("load", str(tmp_path / "records"), "--db", db)
    finally:
        holder.communicate("", timeout=30)
    assert locked.returncode == 1
    one_line_error(locked.stderr, db, "locked")
    assert check_whole_articles(db)["documents"] == first["documents"]  # nothing written meanwhile
    _complete_rerun(tmp_path / "records", db, expected)  # first's ids are a subset: same docs


@pytest.mark.postgres
def test_postgres_table_locked_past_the_lock_timeout(pg_fault_url, tmp_path):
    """PostgreSQL lets writers share tables; a writer blocked past lock_timeout says so."""
    import psycopg

    expected = write_corpus(tmp_path / "records", 20, events_per_doc=3)
    first = write_corpus(tmp_path / "first", 5, events_per_doc=3)  # the same first 5 articles
    assert run_parley("load", str(tmp_path / "first"), "--db", pg_fault_url).returncode == 0
    url = pg_fault_url.replace("options=-csearch_path", "options=-clock_timeout%3D1500%20-csearch_path")
    with psycopg.connect(pg_fault_url) as holder:
        holder.execute("LOCK TABLE documents IN ACCESS EXCLUSIVE MODE")
        locked = run_parley("load", str(tmp_path / "records"), "--db", url, timeout=120)
        holder.rollback()
    assert locked.returncode == 1
    one_line_error(locked.stderr, "locked")
    assert check_whole_articles(pg_fault_url)["documents"] == first["documents"]
    _complete_rerun(tmp_path / "records", pg_fault_url, expected)


def test_read_only_database_refuses_writes_and_keeps_its_contents(fault_db, tmp_path):
    backend, url = fault_db
    first = write_corpus(tmp_path / "first", 8, events_per_doc=2, seed=3)
    assert run_parley("load", str(tmp_path / "first"), "--db", url).returncode == 0
    more = write_corpus(tmp_path / "more", 12, events_per_doc=2, seed=3)
    prefix: list[str] = []
    if backend == "duckdb":
        need_root_without_dac()
        os.chmod(url, 0o444)
        os.chmod(tmp_path, 0o555)  # no WAL file can be created next to it either
        prefix, target = dac_prefix(), url
    else:
        target = url.replace("options=-csearch_path", "options=-cdefault_transaction_read_only%3Don%20-csearch_path")
    try:
        refused = run_parley("load", str(tmp_path / "more"), "--db", target, prefix=prefix)
    finally:
        os.chmod(tmp_path, 0o755)
        if backend == "duckdb":
            os.chmod(url, 0o644)
    assert refused.returncode == 1
    one_line_error(refused.stderr, "read-only")
    assert check_whole_articles(url)["documents"] == first["documents"]
    _complete_rerun(tmp_path / "more", url, more)


@pytest.mark.postgres
def test_postgres_connection_dropped_mid_load(pg_fault_url, tmp_path):
    import psycopg

    expected = write_corpus(tmp_path / "records", 300, events_per_doc=4)
    app = pg_fault_url.rsplit("application_name=", 1)[1]
    proc = subprocess.Popen([*PARLEY, "load", str(tmp_path / "records"), "--db", pg_fault_url, "-v"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stderr is not None
    for _ in range(20):  # let 20 articles commit, then pull the plug
        assert proc.stderr.readline()
    with psycopg.connect(pg_fault_url.split("?")[0], autocommit=True) as admin:
        killed = admin.execute("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE application_name = %s) t", [app]).fetchone()
    rest = proc.stderr.read()
    assert proc.wait(timeout=60) == 1
    assert killed and killed[0] >= 1
    line = one_line_error(rest)
    assert "terminat" in line or "closed the connection" in line, line  # which one depends on timing
    assert pg_fault_url.split("@")[1].split("/")[0] in line or "postgres" in line
    stored = check_whole_articles(pg_fault_url)
    assert 20 <= stored["documents"] < expected["documents"], stored
    _complete_rerun(tmp_path / "records", pg_fault_url, expected)
