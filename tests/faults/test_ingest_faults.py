"""`parley ingest` (reader + coder + store) stopped by SIGTERM or SIGKILL at random points, and an
input it may not read: the database keeps whole articles and a re-run ends exactly like a clean run."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest
from test_crash import check_whole_articles

from faults.conftest import PARLEY, dac_prefix, need_root_without_dac, run_parley
from parley.store import open_store

# Our own sentences: a dateline, two actors and an act the coder knows, varied per article.
PLACES = ["KABUL", "ISLAMABAD", "MOSCOW", "BEIJING", "TEHRAN", "DOHA"]
ACTS = ["Pakistan and Afghanistan agreed to reopen the border crossing",
        "Russia condemned the attack on the aid convoy",
        "China promised economic aid to Afghanistan",
        "Iran accused the United States of violating the agreement",
        "Qatar hosted talks between the Taliban and Afghan officials"]
N_ARTICLES = 12


def write_articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(N_ARTICLES):
        day = 3 + i
        text = (f"{PLACES[i % len(PLACES)]}, Aug. {day} (Reuters) - {ACTS[i % len(ACTS)]} on Tuesday, "
                f"officials said in statement number {i}.\n\n{ACTS[(i * 3 + 1) % len(ACTS)]} last week.\n")
        (folder / f"article-{i:02d}.txt").write_text(text)
    return folder


def contents(url: str) -> tuple[int, int, list[str]]:
    with open_store(url, read_only=True) as s:
        ids = sorted(r[0] for r in s.db.all("SELECT id FROM events"))
        return s.counts()["documents"], len(ids), ids


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The articles every test ingests."""
    return write_articles(tmp_path_factory.mktemp("ingest-reference") / "news")


def clean_run(folder: Path, tmp_path: Path) -> tuple[int, int, list[str]]:
    """What one clean, uninterrupted ingest stores. Run after the faulty one, so both see the
    same coder even while the working tree changes under a long test session."""
    db = str(tmp_path / "clean.duckdb")
    done = run_parley("ingest", str(folder), "--db", db, "--date", "2021-08-20")
    assert done.returncode == 0, done.stderr
    return contents(db)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_ingest_stopped_by_a_signal_then_rerun(sig, fault_db, reference, tmp_path):
    backend, url = fault_db
    folder = reference
    rng = random.Random(f"{sig}-{backend}")
    after, extra = rng.randint(1, N_ARTICLES - 4), rng.uniform(0, 0.2)
    proc = subprocess.Popen([*PARLEY, "ingest", str(folder), "--db", url, "--date", "2021-08-20", "-v"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stderr is not None
    stored_lines = 0
    while stored_lines < after:  # one "<doc>: N events" line per committed article
        line = proc.stderr.readline()
        assert line, "ingest ended before the signal"
        stored_lines += " events" in line
    time.sleep(extra)
    os.kill(proc.pid, sig)
    proc.wait(timeout=60)
    assert proc.returncode != 0
    partial = check_whole_articles(url)
    assert after <= partial["documents"] <= N_ARTICLES
    done = run_parley("ingest", str(folder), "--db", url, "--date", "2021-08-20")
    assert done.returncode == 0, done.stderr
    check_whole_articles(url)
    assert contents(url) == clean_run(folder, tmp_path)


def test_unreadable_input_is_named_and_the_rest_is_stored(reference, tmp_path):
    need_root_without_dac()
    folder = reference
    work = tmp_path / "news"
    work.mkdir()
    for f in sorted(folder.iterdir()):
        (work / f.name).write_bytes(f.read_bytes())
    locked = work / "article-03.txt"
    locked.chmod(0o000)
    db = str(tmp_path / "perm.duckdb")
    try:
        done = run_parley("ingest", str(work), "--db", db, "--date", "2021-08-20", prefix=dac_prefix())
    finally:
        locked.chmod(0o644)
    assert done.returncode == 1  # something was refused
    assert "Traceback" not in done.stderr
    refused = [line for line in done.stderr.splitlines() if str(locked) in line]
    assert len(refused) == 1 and "permission denied" in refused[0], done.stderr
    assert check_whole_articles(db)["documents"] == N_ARTICLES - 1
    again = run_parley("ingest", str(work), "--db", db, "--date", "2021-08-20")
    assert again.returncode == 0, again.stderr
    assert contents(db) == clean_run(folder, tmp_path)
