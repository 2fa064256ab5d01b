"""Browser test fixtures: the demo database, a live loopback server and Debian's chromium."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "api"))
from apidemo import build_demo_db, live_server  # noqa: E402

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="session")
def server(browser, tmp_path_factory):
    from parley.api import create_app

    db = build_demo_db(tmp_path_factory.mktemp("webdemo"))
    with live_server(create_app(str(db))) as url:
        yield url


@pytest.fixture()
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 860}, base_url=server)
    pg = context.new_page()
    pg.errors = []  # uncaught page errors: a view that throws fails its test
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    # console errors too: a blocked script (CSP), a missing static file, a failed API call
    pg.on("console", lambda msg: msg.type == "error" and pg.errors.append(msg.text))
    yield pg
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
