"""Building the demo database and running the server for the API and browser tests.

The database is the real demo corpus (examples/news) ingested with `parley ingest`, plus one
hostile article of our own whose text carries a <script> tag (the security tests check that
it is shown as text and never runs).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "news"
HOSTILE_MARK = "window.__parley_pwned"
# Dated and placed away from the demo's story so it never fuses with the screenshots' events.
HOSTILE_TEXT = (
    "Baltic ministers meet\n\n"
    "VILNIUS, May 3, 2019. The foreign minister of Lithuania met the foreign minister of Latvia "
    f"<script>{HOSTILE_MARK} = 1; document.title = 'pwned';</script> in Vilnius on Friday, "
    "the ministry said. <img src=x onerror=\"" + HOSTILE_MARK + " = 2\"> The talks covered trade.\n"
)


def build_demo_db(folder: Path) -> Path:
    """`parley ingest examples/news hostile.txt --db folder/demo.duckdb`; returns the path."""
    folder.mkdir(parents=True, exist_ok=True)
    hostile = folder / "hostile-2019-05-03.txt"
    hostile.write_text(HOSTILE_TEXT, encoding="utf-8")
    db = folder / "demo.duckdb"
    cmd = [sys.executable, "-m", "parley", "ingest", str(EXAMPLES), str(hostile), "--db", str(db), "-q"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=REPO)
    if proc.returncode not in (0, 1):  # 1: some inputs refused, the rest stored
        raise RuntimeError(f"parley ingest failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return db


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def live_server(app) -> Iterator[str]:
    """uvicorn serving ``app`` on a free loopback port in a thread; yields the base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
