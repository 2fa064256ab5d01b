"""Exports load back, and the download name can never be a path."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest


def test_csv_and_parquet_have_every_filtered_event(client):
    total = client.get("/api/events", params={"actor": "RUS", "limit": 1}).json()["total"]
    r = client.get("/api/export", params={"format": "csv", "actor": "RUS", "filename": "rus-events"})
    assert r.status_code == 200
    assert r.headers["content-disposition"] == 'attachment; filename="rus-events.csv"'
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == total > 0
    p = client.get("/api/export", params={"format": "parquet", "actor": "RUS"})
    table = pq.read_table(io.BytesIO(p.content))
    assert table.num_rows == total
    assert set(table.column("id").to_pylist()) == {row["id"] for row in rows}


def test_gdelt_and_plover_formats(client):
    g = client.get("/api/export", params={"format": "gdelt", "type": "CONSULT"})
    lines = [ln for ln in g.text.splitlines() if ln]
    assert lines and all("\t" in ln for ln in lines)
    assert len({len(ln.split("\t")) for ln in lines}) == 1  # a fixed column layout
    p = client.get("/api/export", params={"format": "plover", "fused": "true"})
    objs = [json.loads(ln) for ln in p.text.splitlines() if ln]
    assert objs and all(isinstance(o, dict) for o in objs)


@pytest.mark.parametrize("name", ["../etc/passwd", "a/b.csv", "..", ".hidden", "x\\y", "a b", "%2e%2e%2fx",
                                  "x" * 130])
def test_path_like_file_names_are_refused(client, name):
    r = client.get("/api/export", params={"format": "csv", "filename": name})
    assert r.status_code in (400, 422)
    assert r.json()["error"]["code"] in ("bad_request", "invalid_parameter")


def test_unknown_format_is_refused(client):
    r = client.get("/api/export", params={"format": "xlsx"})
    assert r.status_code == 422 and "format" in r.json()["error"]["message"]
