"""kill -9 during `parley load`: the database opens, no article is half-stored, a re-run completes it.

`parley load` stores pre-coded records through the same one-transaction-per-article path as
`parley ingest`, so this needs no coder and runs on real processes and real databases.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest
from corpus import write_corpus

from parley.store import open_store

PARLEY = [sys.executable, "-m", "parley"]


def check_whole_articles(url: str) -> dict[str, int]:
    """Every stored document has exactly its events, each event is in one fused event."""
    with open_store(url) as s:
        db = s.db
        partial = db.all("SELECT d.id FROM documents d WHERE d.num_events <> "
                         "(SELECT count(*) FROM events e WHERE e.doc_id = d.id)")
        assert partial == [], f"half-stored documents: {partial}"
        orphans = db.one("SELECT count(*) FROM events e WHERE NOT EXISTS "
                         "(SELECT 1 FROM documents d WHERE d.id = e.doc_id)")
        assert orphans == (0,)
        unfused = db.one("SELECT count(*) FROM events e WHERE NOT EXISTS "
                         "(SELECT 1 FROM fused_members m WHERE m.event_id = e.id)")
        assert unfused == (0,)
        total = db.one("SELECT coalesce(sum(num_mentions), 0) FROM fused_events")
        counts = s.counts()
        assert int(total[0]) == counts["events"] == counts["fused_members"]
        bands = db.one("SELECT count(DISTINCT doc_id) FROM doc_bands")
        assert bands == (counts["documents"],)
        return counts


def _load_and_kill(folder, url, after: int, extra: float) -> None:
    """Start `parley load -v`, wait until ``after`` articles are committed (one stderr line each),
    then kill -9 it ``extra`` seconds later: a kill inside the run whatever the machine's speed."""
    proc = subprocess.Popen([*PARLEY, "load", str(folder), "--db", url, "-v"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stderr is not None
    seen = 0
    while seen < after:
        line = proc.stderr.readline()
        if not line:
            break
        seen += 1
    time.sleep(extra)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


@pytest.mark.slow
def test_kill_9_at_random_points(db_url, tmp_path):
    expected = write_corpus(tmp_path / "records", 120, events_per_doc=4, copies=6)
    rng = random.Random(2024)
    stored = []
    for _ in range(4):
        already = stored[-1] if stored else 0  # a re-run first reports those as duplicates
        _load_and_kill(tmp_path / "records", db_url, after=already + rng.randint(1, 25), extra=rng.uniform(0, 0.05))
        stored.append(check_whole_articles(db_url)["documents"])
    assert stored == sorted(stored)  # committed articles are never lost
    assert any(0 < n < expected["documents"] for n in stored), f"no kill landed mid-run: {stored}"
    print("documents stored when killed:", stored)
    done = subprocess.run([*PARLEY, "load", str(tmp_path / "records"), "--db", db_url], capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    counts = check_whole_articles(db_url)
    assert (counts["documents"], counts["events"]) == (expected["documents"], expected["events"])
    again = subprocess.run([*PARLEY, "load", str(tmp_path / "records"), "--db", db_url], capture_output=True,
                           text=True, timeout=600)
    assert "0 new" in again.stdout and again.returncode == 0
    assert check_whole_articles(db_url)["events"] == expected["events"]


@pytest.mark.slow
@pytest.mark.postgres
def test_two_writers_on_one_server_store_each_article_once(postgres_url, tmp_path):
    """Two `parley load` runs of the same records at the same time (PostgreSQL allows it)."""
    import uuid

    from factory import pg_schema_url

    schema = f"parley_test_{uuid.uuid4().hex[:12]}"
    with open_store(postgres_url, schema=schema):
        pass
    url = pg_schema_url(postgres_url, schema)
    try:
        expected = write_corpus(tmp_path / "records", 60, events_per_doc=3)
        procs = [subprocess.Popen([*PARLEY, "load", str(tmp_path / "records"), "--db", url, "-q"],
                                  stderr=subprocess.PIPE, text=True) for _ in range(2)]
        errors = [p.communicate(timeout=600)[1] for p in procs]
        assert [p.returncode for p in procs] == [0, 0], errors
        counts = check_whole_articles(url)
        assert (counts["documents"], counts["events"]) == (expected["documents"], expected["events"])
    finally:
        with open_store(postgres_url, schema=schema) as s:
            s.db.drop_schema(schema)
