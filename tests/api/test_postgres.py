"""The API over PostgreSQL gives the same answers as over DuckDB for the same corpus."""

from __future__ import annotations

import secrets

import pytest
from fastapi.testclient import TestClient

from parley.api import create_app

pytestmark = pytest.mark.postgres

URLS = ["/api/summary", "/api/dyads/RUS/AFG/series?freq=month", "/api/series?freq=week&actor=RUS",
        "/api/fused?actor=RUS&limit=20", "/api/events?type=CONSULT&limit=20&offset=5", "/api/network",
        "/api/briefing?a=RUS&b=AFG&n=4", "/api/actors/RUS", "/api/actors?q=lavrov", "/api/fused?text=Kabul",
        "/api/fused?min_sources=2&since=2021-07-01"]


@pytest.fixture(scope="module")
def pg_client(postgres_url, demo_db):
    import psycopg

    from parley.store import open_store

    schema = "api_test_" + secrets.token_hex(4)
    with open_store(str(demo_db), read_only=True) as src, open_store(postgres_url, schema=schema) as dst:
        # Same documents and events as the DuckDB demo, stored again through the store's ingest.
        run = dst.start_run("test-copy", [], None)
        # in the order they were first stored, so fusion sees the same sequence
        for (doc_id,) in src.db.all("SELECT id FROM documents ORDER BY ingested, id"):
            doc, events = src.document(doc_id)
            dst.ingest(doc, events, run)
    sep = "&" if "?" in postgres_url else "?"
    app = create_app(f"{postgres_url}{sep}options=-csearch_path%3D{schema}")
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            yield client
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as con:
            con.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.mark.parametrize("url", URLS)
def test_same_answers_as_duckdb(pg_client, client, url):
    pg, duck = pg_client.get(url), client.get(url)
    assert pg.status_code == duck.status_code == 200, pg.text[:300]
    a, b = pg.json(), duck.json()
    if url == "/api/summary":
        for key in ("fused_events", "events", "documents", "top_dyads"):
            assert a[key] == b[key], key
    else:
        assert _ids(a) == _ids(b)


def _ids(body):
    if "items" in body:  # content, not ids: a fused event's id depends on which mention came first
        return sorted((i.get("date") or "", i["cameo"]["code"], sorted(i["source"]) if "num_outlets" in i else
                       sorted(a["code"] for a in i["source"]), len(i.get("mentions") or [])) if "cameo" in i
                      else (i.get("code"), i.get("mentions")) for i in body["items"])
    if "series" in body:
        return [(p["period"], p["count"], p["q1"], p["q4"]) for p in body["series"]]
    if "nodes" in body:
        return ([n["code"] for n in body["nodes"]], [(e["a"], e["b"], e["events"]) for e in body["edges"]])
    return sorted(body)
