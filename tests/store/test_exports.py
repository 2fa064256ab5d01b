"""Exports load back: Parquet in DuckDB and pandas, GDELT TSV with its documented columns, JSONL, CSV."""

from __future__ import annotations

import csv
import io
import json

import duckdb
import pandas as pd
import pytest
from factory import document, event

from parley.records import EventRecord
from parley.store.exports import GDELT_COLUMNS, export


@pytest.fixture
def two_reports(store):
    for i, outlet in enumerate(["TASS", "Dawn"]):
        d = document(f"x{i}", outlet=outlet)
        store.ingest(d, [event(d, 0, sentence=f"Russia met\tAfghan officials\nin Moscow ({outlet})."),
                         event(d, 3, code="190", tgt=["PAK"], location=False)])
    return store


def test_parquet_loads_in_duckdb_and_pandas(two_reports, tmp_path):
    out = tmp_path / "events.parquet"
    assert export(two_reports.events(), "parquet", str(out), fused=False) == 4
    df = pd.read_parquet(out)
    assert len(df) == 4 and set(df["doc_id"]) == {"x0", "x1"}
    assert list(df.loc[0, "source_countries"]) == ["RUS"]
    con = duckdb.connect()
    n, = con.execute("SELECT count(*) FROM read_parquet(?) WHERE list_contains(target_countries, 'PAK')",
                     [str(out)]).fetchone()
    assert n == 2
    fused = tmp_path / "fused.parquet"
    export(two_reports.fused(), "parquet", str(fused), fused=True)
    f = pd.read_parquet(fused)
    assert sorted(f["num_outlets"]) == [2, 2] and all(len(m) == 2 for m in f["mentions"])


@pytest.mark.parametrize("fused", [False, True])
def test_gdelt_tsv_has_the_documented_columns(two_reports, fused):
    buf = io.StringIO()
    q = two_reports.fused() if fused else two_reports.events()
    n = export(q, "gdelt", buf, fused=fused)
    lines = buf.getvalue().splitlines()
    assert len(lines) == n == (2 if fused else 4)
    df = pd.read_csv(io.StringIO(buf.getvalue()), sep="\t", header=None, names=list(GDELT_COLUMNS),
                     dtype=str, keep_default_na=False)
    assert df.shape == (n, 61)
    consult = df[df["EventCode"] == "042"].iloc[0]
    assert consult["SQLDATE"] == "20211020" and consult["MonthYear"] == "202110" and consult["Year"] == "2021"
    assert consult["Actor1Code"] == "RUSGOV" and consult["Actor1CountryCode"] == "RUS"
    assert consult["Actor2CountryCode"] == "AFG" and consult["Actor1Type1Code"] == "GOV"
    assert consult["EventRootCode"] == "04" and consult["QuadClass"] == "1"
    assert consult["ActionGeo_FullName"] == "Moscow" and consult["ActionGeo_FeatureID"] == "524901"
    assert consult["NumSources"] == ("2" if fused else "1")
    assert consult["SOURCEURL"].startswith("https://news.example/x")
    assert len(consult["DATEADDED"]) == 14


def test_jsonl_is_the_contract_records(two_reports):
    buf = io.StringIO()
    export(two_reports.events(), "jsonl", buf, fused=False)
    back = [EventRecord.from_json(line) for line in buf.getvalue().splitlines()]
    assert {e.to_json() for e in back} == {e.to_json() for e in two_reports.events().records()}


def test_csv_and_plover(two_reports):
    buf = io.StringIO()
    export(two_reports.events(), "csv", buf, fused=False)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert len(rows) == 4 and {r["source_countries"] for r in rows} == {"RUS"}
    assert any("\n" in r["sentence"] for r in rows)  # quoted, not split
    buf = io.StringIO()
    export(two_reports.fused(), "plover", buf, fused=True)
    objs = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert {o["event"] for o in objs} == {"CONSULT", "ASSAULT"}
    assert all(o["num_outlets"] == 2 for o in objs)
