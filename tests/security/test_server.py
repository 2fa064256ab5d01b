"""The server as a user starts it: loopback by default, CORS only when configured, the write token."""

from __future__ import annotations

import inspect
import re
import shutil
import time
from pathlib import Path

import httpx
import psutil
import pytest
from fastapi.testclient import TestClient

from parley.api import create_app
from security.conftest import serve

pytestmark = pytest.mark.server  # a live HTTP server: `make test` runs these in a process of their own

TOKEN = "s3cret-token-0123456789abcdef"


def _url_of(proc) -> str:
    line = proc.stdout.readline()
    m = re.search(r"http://[\w.\[\]:]+:\d+/", line)
    assert m, line + (proc.stderr.read() if proc.poll() is not None else "")
    url = m.group(0)
    deadline = time.monotonic() + 20
    while True:
        try:
            httpx.get(url + "api/summary", timeout=5)
            return url
        except httpx.TransportError:
            assert time.monotonic() < deadline, "server did not answer"
            time.sleep(0.1)


def _listening(pid: int) -> set[str]:
    proc = psutil.Process(pid)
    conns = proc.net_connections(kind="inet") if hasattr(proc, "net_connections") else proc.connections(kind="inet")
    return {c.laddr.ip for c in conns if c.status == psutil.CONN_LISTEN}


def test_serve_listens_on_loopback_only_by_default(hostile_db, stop):
    proc = serve(hostile_db)
    stop.append(proc)
    url = _url_of(proc)
    assert url.startswith("http://127.0.0.1:")
    addresses = _listening(proc.pid)
    assert addresses and addresses <= {"127.0.0.1", "::1"}, addresses


def test_cors_header_only_for_the_configured_origin(hostile_db, stop):
    plain = serve(hostile_db)
    allowed = serve(hostile_db, "--cors-origin", "https://ui.example")
    stop.extend([plain, allowed])
    plain_url, allowed_url = _url_of(plain), _url_of(allowed)
    foreign = {"Origin": "https://evil.example"}
    assert "access-control-allow-origin" not in httpx.get(plain_url + "api/summary", headers=foreign).headers
    pre = httpx.options(plain_url + "api/summary", headers={**foreign, "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in pre.headers
    assert "access-control-allow-origin" not in httpx.get(allowed_url + "api/summary", headers=foreign).headers
    ok = httpx.get(allowed_url + "api/summary", headers={"Origin": "https://ui.example"})
    assert ok.headers.get("access-control-allow-origin") == "https://ui.example"


@pytest.fixture
def writable(hostile_db, tmp_path: Path):
    copy = tmp_path / "w.duckdb"
    shutil.copy(hostile_db, copy)
    app = create_app(str(copy), allow_ingest=True, token=TOKEN, max_body=64 * 1024)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


ARTICLE = {"id": "token-test", "date": "2021-08-18", "text": "Talks resumed in Doha on Monday, officials said."}


@pytest.mark.parametrize("header", [
    None, "", "Bearer", "Bearer ", f"Basic {TOKEN}", f"Token {TOKEN}", f"Bearer {TOKEN[:-1]}",
    f"Bearer {TOKEN}x", f"Bearer {TOKEN.upper()}", f"Bearer {TOKEN[:8]}", "Bearer " + "a" * len(TOKEN),
    f"Bearer {TOKEN}\u00e9", "Bearer \u00e9\u00e9\u00e9",
])
def test_write_endpoint_refuses_missing_and_wrong_tokens(writable, header):
    headers = {} if header is None else {"Authorization": header.encode("utf-8")}
    before = writable.get("/api/summary").json()["documents"]
    r = writable.post("/api/ingest", json={"articles": [ARTICLE]}, headers=headers)
    assert r.status_code == 401, r.text
    assert r.json()["error"]["code"] == "unauthorized"
    assert TOKEN not in r.text
    assert writable.get("/api/summary").json()["documents"] == before


def test_refused_oversized_body_is_not_stored_even_with_the_token(writable):
    r = writable.post("/api/ingest", content=b'{"articles": [' + b" " * (70 * 1024) + b"]}",
                      headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    assert r.status_code == 413


def test_token_is_compared_in_constant_time():
    from parley.api import routes_ingest

    source = inspect.getsource(routes_ingest.check_token)
    assert "compare_digest" in source
    assert not re.search(r"(given|token|expected)\s*[!=]=\s*(given|token|expected)", source)
    api_dir = Path(routes_ingest.__file__).parent
    for path in api_dir.glob("*.py"):  # no other module compares tokens with ==
        text = path.read_text()
        assert not re.search(r"token\w*\s*[!=]=\s*", text), path
