"""A small hostile database (our own articles with script payloads in every field) and servers on it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PWNED = "window.__sec_pwned"
# Payloads in the text and in every metadata field a view may show (title, outlet, author, url).
HOSTILE_ARTICLES = [
    {"id": "hostile-title", "date": "2019-05-03", "url": "javascript:" + PWNED + "=5",
     "title": f"<img src=x onerror=\"{PWNED}=1\">Baltic ministers meet",
     "outlet": f"<script>{PWNED}=2;document.title='pwned'</script>Baltic Wire",
     "author": f"\"><svg onload=\"{PWNED}=3\">",
     "text": ("VILNIUS, May 3, 2019. The foreign minister of Lithuania met the foreign minister of Latvia "
              f"</textarea></title><script>{PWNED}=4;document.title='pwned'</script> in Vilnius on Friday, "
              f"the ministry said. <iframe srcdoc=\"<script>parent.{PWNED}=6</script>\"></iframe> "
              "Estonia condemned the attack on the border post on Thursday.\n")},
    {"id": "plain-riga", "date": "2019-05-04", "outlet": "Riga Daily",
     "text": ("RIGA, May 4, 2019. Latvia and Estonia agreed to hold talks on energy on Saturday, "
              "officials said. Lithuania criticised Russia over the pipeline.\n")},
]


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`parley ingest` of the hostile articles (JSONL) into a fresh DuckDB file."""
    folder = tmp_path_factory.mktemp("security")
    feed = folder / "hostile.jsonl"
    feed.write_text("".join(json.dumps(a) + "\n" for a in HOSTILE_ARTICLES), encoding="utf-8")
    db = folder / "hostile.duckdb"
    done = subprocess.run([sys.executable, "-m", "parley", "ingest", str(feed), "--db", str(db), "-q"],
                          capture_output=True, text=True, timeout=600, cwd=REPO)
    assert done.returncode == 0, done.stderr
    return db


def serve(db: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """`parley serve --port 0` in a subprocess; read its first stdout line for the URL."""
    return subprocess.Popen([sys.executable, "-m", "parley", "serve", "--db", str(db), "--port", "0", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})}, cwd=REPO)


@pytest.fixture
def stop() -> Iterator[list[subprocess.Popen[str]]]:
    procs: list[subprocess.Popen[str]] = []
    yield procs
    for p in procs:
        p.terminate()
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
