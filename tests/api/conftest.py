"""API test fixtures: the demo database (real corpus, real DuckDB) and clients over it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent))
from apidemo import build_demo_db  # noqa: E402

from parley.api import create_app  # noqa: E402


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    return build_demo_db(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="session")
def app(demo_db):
    return create_app(str(demo_db))


@pytest.fixture(scope="session")
def client(app) -> TestClient:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
