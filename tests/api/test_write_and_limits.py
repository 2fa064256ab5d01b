"""Ingest over HTTP (token, size limits), CORS, a locked database, and the 500 handler."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

import pytest
from fastapi.testclient import TestClient

from parley.api import create_app
from parley.errors import StoreError, UsageError

TOKEN = "s3cret-token-for-tests"
ARTICLE = {"id": "api-ingest-1", "date": "2021-11-11", "outlet": "Test Wire", "title": "Troika in Islamabad",
           "text": "ISLAMABAD, November 11, 2021. Pakistani Foreign Minister Shah Mahmood Qureshi met "
                   "Russian envoy Zamir Kabulov in Islamabad on Thursday, the ministry said."}


@pytest.fixture()
def writable(demo_db, tmp_path):
    copy = tmp_path / "w.duckdb"
    shutil.copy(demo_db, copy)
    app = create_app(str(copy), allow_ingest=True, token=TOKEN, cors_origins=("https://ui.example",),
                     max_body=64 * 1024)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_ingest_needs_the_token(writable):
    assert writable.post("/api/ingest", json={"articles": [ARTICLE]}).status_code == 401
    bad = writable.post("/api/ingest", json={"articles": [ARTICLE]}, headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "unauthorized"


def test_ingest_stores_and_is_idempotent(writable):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    before = writable.get("/api/summary").json()["documents"]
    r = writable.post("/api/ingest", json={"articles": [ARTICLE]}, headers=auth)
    assert r.status_code == 200, r.text
    assert r.json()["documents"][0]["status"] == "new"
    assert writable.get("/api/summary").json()["documents"] == before + 1  # cache dropped on write
    again = writable.post("/api/ingest", json={"articles": [ARTICLE]}, headers=auth).json()
    assert again["documents"][0]["status"] == "duplicate"
    assert writable.get(f"/api/documents/{ARTICLE['id']}").status_code == 200


def test_ingest_refuses_bad_bodies(writable):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert writable.post("/api/ingest", content=b"{not json", headers=auth).status_code == 400
    assert writable.post("/api/ingest", json={"articles": []}, headers=auth).status_code == 400
    big = writable.post("/api/ingest", content=b"x" * (65 * 1024), headers=auth)
    assert big.status_code == 413 and big.json()["error"]["code"] == "payload_too_large"


def test_ingest_route_absent_when_read_only(client):
    r = client.post("/api/ingest", json={"articles": [ARTICLE]}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code in (404, 405)
    assert "error" in r.json()


def test_allow_ingest_without_token_is_refused(demo_db):
    with pytest.raises(UsageError):
        create_app(str(demo_db), allow_ingest=True, token=None)


def test_cors_only_for_configured_origins(writable):
    ok = writable.get("/api/summary", headers={"Origin": "https://ui.example"})
    assert ok.headers.get("access-control-allow-origin") == "https://ui.example"
    other = writable.get("/api/summary", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_locked_database_gives_a_clear_error(demo_db, tmp_path):
    copy = tmp_path / "locked.duckdb"
    shutil.copy(demo_db, copy)
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import duckdb, sys, time
        con = duckdb.connect({str(copy)!r})
        print("ready", flush=True)
        sys.stdin.readline()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match="locked"):
            create_app(str(copy))
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)


def test_unexpected_errors_are_json_without_a_trace(demo_db):
    app = create_app(str(demo_db))

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    app.state.service.summary = broken  # a fault inside a handler, on the real app
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/api/summary")
    assert r.status_code == 500
    assert r.json() == {"error": {"code": "internal_error", "message": "internal server error (see the server log)"}}
    assert "secret" not in r.text
