"""Fixtures shared by the whole suite: ../shared, the demo corpus, real databases."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from needs import IN_CI, need  # noqa: F401  (re-exported for the fixtures below)

from parley.config import shared_dir

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples" / "news"


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared (or $PARLEY_SHARED): gold sets, corpus, reference tables."""
    path = shared_dir()
    need(path is not None, "../shared is absent (set PARLEY_SHARED to the shared data folder)")
    assert path is not None
    return path


@pytest.fixture(scope="session")
def examples() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A reachable PostgreSQL server (PARLEY_TEST_POSTGRES or 127.0.0.1:5432/test)."""
    url = os.environ.get("PARLEY_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("select 1")
    except Exception as exc:  # any failure to connect means: no server here
        need(False, f"no PostgreSQL server reachable at {url}: {exc}")
    return url


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium under Playwright, one per test process.

    Playwright's sync API runs its event loop in a greenlet of the main thread: while one
    ``sync_playwright()`` is open, a second one in the same process refuses to start ("Sync API
    inside the asyncio loop"). Every browser test therefore shares this one session fixture.
    """
    need(CHROMIUM.exists(), f"{CHROMIUM} is absent (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()
