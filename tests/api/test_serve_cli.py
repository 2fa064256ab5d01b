"""`parley serve`: binds loopback, prints its URL, refuses unsafe or impossible setups in one line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import httpx
import pytest

from parley.cli.serve import check_host

pytestmark = pytest.mark.server  # a live HTTP server: `make test` runs these in a process of their own


def _serve(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "parley", "serve", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})


def test_serve_prints_its_url_and_answers(demo_db):
    proc = _serve(["--db", str(demo_db), "--port", "0"])
    try:
        line = proc.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line + proc.stderr.read() if proc.poll() is not None else line
        assert "read-only" in line
        url = match.group(0)
        deadline = time.monotonic() + 10
        while True:
            try:
                r = httpx.get(url + "api/summary", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert r.status_code == 200 and r.json()["fused_events"] > 0
        assert httpx.get(url, timeout=5).text.startswith("<!doctype html>")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_allow_ingest_needs_a_token(demo_db):
    env = {k: v for k, v in os.environ.items() if k != "PARLEY_TOKEN"}
    proc = subprocess.run([sys.executable, "-m", "parley", "serve", "--db", str(demo_db), "--allow-ingest"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "PARLEY_TOKEN" in proc.stderr


def test_missing_database_is_one_line(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "parley", "serve", "--db", str(tmp_path / "none.duckdb")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "no such database" in proc.stderr and "Traceback" not in proc.stderr


def test_bad_cors_origin_is_a_usage_error(demo_db):
    proc = subprocess.run([sys.executable, "-m", "parley", "serve", "--db", str(demo_db), "--cors-origin",
                           "example.org/path"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "--cors-origin" in proc.stderr


def test_host_warnings():
    assert check_host("127.0.0.1") is None and check_host("::1") is None and check_host("localhost") is None
    assert "every network" in check_host("0.0.0.0")
    assert "every network" in check_host("::")
    assert check_host("192.0.2.10")
